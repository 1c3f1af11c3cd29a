import { IncidentItem } from './types';

/** MTTR and MTBF of one group of incidents (a tier, a tenant, or all of them). @public */
export interface IncidentReliability {
  /** Real incidents that started in the window. */
  incidents: number;
  /** Of those, resolved. */
  resolved: number;
  /** Mean time from start to resolution of the resolved ones, seconds; null without any. */
  mttrSeconds: number | null;
  /** Window length over the number of incidents, seconds; null without any incident. */
  mtbfSeconds: number | null;
}

/** MTTR and MTBF from incidents, overall, per tier and per tenant. @public */
export interface IncidentReliabilityMetrics extends IncidentReliability {
  /** Per tier of the affected tenants (an incident counts once for every tier it touches). */
  byTier: Array<IncidentReliability & { tier: string }>;
  /** Per affected tenant, most incidents first (at most `maxTenants`). */
  byTenant: Array<IncidentReliability & { entityRef: string; tier: string }>;
  /** Tenants with incidents beyond those listed. */
  moreTenants: number;
}

function reliability(
  incidents: IncidentItem[],
  windowMs: number,
): IncidentReliability {
  const durations = incidents
    .filter(i => i.resolvedAt)
    .map(i => (Date.parse(i.resolvedAt!) - Date.parse(i.startedAt)) / 1000)
    .filter(s => s >= 0);
  return {
    incidents: incidents.length,
    resolved: durations.length,
    mttrSeconds: durations.length
      ? durations.reduce((a, b) => a + b, 0) / durations.length
      : null,
    mtbfSeconds: incidents.length ? windowMs / 1000 / incidents.length : null,
  };
}

/**
 * The reliability metrics from incidents (not recovery runs): of the real incidents (drills are
 * not failures) that started in the window, the mean time to recover (start to resolution of the
 * resolved ones) and the mean time between failures (window length over their number), overall,
 * per tier of the affected tenants and per tenant. A tenant without a known tier is in
 * `defaultTier`. Pure.
 *
 * @public
 */
export function incidentReliability(
  incidents: IncidentItem[],
  options: {
    windowStart: Date;
    windowEnd: Date;
    /** Tier by tenant entity ref. */
    tenantTiers: ReadonlyMap<string, string>;
    defaultTier: string;
    maxTenants?: number;
  },
): IncidentReliabilityMetrics {
  const start = options.windowStart.getTime();
  const end = options.windowEnd.getTime();
  const windowMs = end - start;
  const real = incidents.filter(i => {
    const t = Date.parse(i.startedAt);
    return !i.drill && t >= start && t <= end;
  });
  const tierOf = (ref: string) =>
    options.tenantTiers.get(ref) ?? options.defaultTier;
  const byTier = new Map<string, IncidentItem[]>();
  const byTenant = new Map<string, IncidentItem[]>();
  for (const incident of real) {
    const tiers = new Set(incident.affected.tenants.map(tierOf));
    for (const tier of tiers) {
      byTier.set(tier, [...(byTier.get(tier) ?? []), incident]);
    }
    for (const tenant of new Set(incident.affected.tenants)) {
      byTenant.set(tenant, [...(byTenant.get(tenant) ?? []), incident]);
    }
  }
  const tenants = [...byTenant.entries()]
    .map(([entityRef, list]) => ({
      entityRef,
      tier: tierOf(entityRef),
      ...reliability(list, windowMs),
    }))
    .sort(
      (a, b) =>
        b.incidents - a.incidents || a.entityRef.localeCompare(b.entityRef),
    );
  const max = options.maxTenants ?? 50;
  return {
    ...reliability(real, windowMs),
    byTier: [...byTier.entries()]
      .map(([tier, list]) => ({ tier, ...reliability(list, windowMs) }))
      .sort((a, b) => a.tier.localeCompare(b.tier)),
    byTenant: tenants.slice(0, max),
    moreTenants: Math.max(0, tenants.length - max),
  };
}
