import type { IncidentEvidence } from '../posture/evidence';
import type { DrPolicy } from '../policy/types';
import type { IncidentAffected } from './types';

/** The entity an availability is measured for, and the refs through which incidents reach it. @public */
export interface AvailabilityScope {
  /** The tenant (or database) itself. */
  entityRef: string;
  /** The databases it depends on. */
  databases?: string[];
  /** The system it is part of. */
  system?: string;
}

/**
 * Whether an incident reached an entity: it names the entity, one of its databases or its
 * system, or it names no entity at all (a platform-wide incident reaches every tenant).
 *
 * @public
 */
export function incidentAffects(
  affected: IncidentAffected,
  scope: AvailabilityScope,
): boolean {
  const { tenants, databases, systems } = affected;
  if (!tenants.length && !databases.length && !systems.length) return true;
  const refs = new Set([scope.entityRef, ...(scope.databases ?? [])]);
  if (scope.system) refs.add(scope.system);
  return [...tenants, ...databases, ...systems].some(ref => refs.has(ref));
}

/** One incident's part in an availability measurement. @public */
export interface AvailabilityIncidentShare {
  id: string;
  severity: string;
  /** The share of its time that counts as downtime (the severity level's `downtimeWeight`). */
  weight: number;
  /** Its start, or the window's start when it began before (ISO 8601). */
  from: string;
  /** Its resolution, or now while it is open (ISO 8601). */
  to: string;
  open: boolean;
}

/** A tenant's availability over the policy's window, against its tier's target. @public */
export interface AvailabilityMeasurement {
  /** The tier's availability target in percent, e.g. 99.9. */
  targetPercent: number;
  /** The window, e.g. `30 days`, and where it starts and ends (ISO 8601; it ends now). */
  window: { text: string; from: string; to: string };
  /** Measured availability over the window, in percent. */
  availabilityPercent: number;
  /** Downtime in the window: each moment counted once, at the weight of the worst incident open then. */
  downtimeMs: number;
  /** The downtime the target allows over the window (99.9 % of 30 days: 43m 12s). */
  budgetMs: number;
  /** Budget left; negative when overspent. */
  budgetRemainingMs: number;
  /** Budget left as a share of the budget (1 = untouched, below 0 = overspent). */
  budgetRemainingRatio: number;
  /**
   * Downtime in the burn-rate window divided by the downtime the target allows in it: 1 spends
   * the budget exactly over the window, above 1 faster.
   */
  burnRate: number;
  /** The burn-rate window, e.g. `1 day`. */
  burnRateWindow: string;
  /** The weight at which open incidents spend the budget now (0 when none is open). */
  currentWeight: number;
  /** When open incidents will have spent the budget if nothing changes (ISO 8601). */
  exhaustedAt?: string;
  /** The incidents counted (drills left out), oldest first. */
  incidents: AvailabilityIncidentShare[];
}

interface Interval {
  from: number;
  to: number;
  weight: number;
}

/** Weighted downtime in [from, to]: each moment once, at the largest weight of the intervals covering it. */
function weightedDowntime(
  intervals: Interval[],
  from: number,
  to: number,
): number {
  const clipped = intervals
    .map(i => ({
      from: Math.max(i.from, from),
      to: Math.min(i.to, to),
      weight: i.weight,
    }))
    .filter(i => i.to > i.from && i.weight > 0);
  const bounds = [...new Set(clipped.flatMap(i => [i.from, i.to]))].sort(
    (a, b) => a - b,
  );
  let total = 0;
  for (let k = 0; k + 1 < bounds.length; k++) {
    const [a, b] = [bounds[k], bounds[k + 1]];
    let weight = 0;
    for (const i of clipped) {
      if (i.from <= a && i.to >= b) weight = Math.max(weight, i.weight);
    }
    total += weight * (b - a);
  }
  return total;
}

/**
 * Measures availability from incidents, the one rule the posture check, the REST API and the
 * actions registry share. Each incident's window (start to resolution, or to now while open) is
 * downtime at its severity level's `downtimeWeight` (a level the policy no longer has counts in
 * full); overlapping incidents count each moment once, at the largest weight; drills never
 * count. The incidents must already be those that reached the entity ({@link incidentAffects}).
 * The downtime over the policy's rolling window is compared with what the target allows.
 *
 * @public
 */
export function measureAvailability(
  policy: Pick<DrPolicy, 'severityLevels' | 'availability'>,
  targetPercent: number,
  incidents: IncidentEvidence[],
  now: Date | number,
): AvailabilityMeasurement {
  const nowMs = typeof now === 'number' ? now : now.getTime();
  const { window, burnRateWindow } = policy.availability;
  const windowStart = nowMs - window.ms;
  const weights = new Map(
    policy.severityLevels.map(l => [l.id, l.downtimeWeight]),
  );
  const counted = incidents
    .filter(i => !i.drill)
    .map(i => {
      const from = Date.parse(i.startedAt);
      const to = i.resolvedAt ? Date.parse(i.resolvedAt) : nowMs;
      return {
        incident: i,
        from,
        to: Math.min(to, nowMs),
        weight: weights.get(i.severity) ?? 1,
      };
    })
    .filter(i => i.to > windowStart && i.from < nowMs && i.to > i.from)
    .sort((a, b) => a.from - b.from);

  const downtimeMs = weightedDowntime(counted, windowStart, nowMs);
  // the share of time the target allows down, rounded to whole milliseconds of the window
  const allowed = (100 - targetPercent) / 100;
  const budgetMs = Math.round(window.ms * allowed);
  const budgetRemainingMs = budgetMs - downtimeMs;
  const burnDowntime = weightedDowntime(
    counted,
    nowMs - burnRateWindow.ms,
    nowMs,
  );
  const currentWeight = Math.max(
    0,
    ...counted.filter(i => !i.incident.resolvedAt).map(i => i.weight),
  );
  const out: AvailabilityMeasurement = {
    targetPercent,
    window: {
      text: window.text,
      from: new Date(windowStart).toISOString(),
      to: new Date(nowMs).toISOString(),
    },
    availabilityPercent: 100 * (1 - downtimeMs / window.ms),
    downtimeMs,
    budgetMs,
    budgetRemainingMs,
    budgetRemainingRatio: budgetMs > 0 ? budgetRemainingMs / budgetMs : 0,
    burnRate: burnDowntime / (burnRateWindow.ms * allowed),
    burnRateWindow: burnRateWindow.text,
    currentWeight,
    incidents: counted.map(i => ({
      id: i.incident.id,
      severity: i.incident.severity,
      weight: i.weight,
      from: new Date(Math.max(i.from, windowStart)).toISOString(),
      to: new Date(i.to).toISOString(),
      open: !i.incident.resolvedAt,
    })),
  };
  if (currentWeight > 0 && budgetRemainingMs > 0) {
    out.exhaustedAt = new Date(
      nowMs + budgetRemainingMs / currentWeight,
    ).toISOString();
  }
  return out;
}
