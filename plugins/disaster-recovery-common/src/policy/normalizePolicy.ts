import { DrPolicyConfig } from './config';
import {
  DrBackupFrequency,
  DrDuration,
  tryParseDuration,
  tryParseFrequency,
} from './duration';
import { DrPolicy } from './types';

const ROOT = 'disasterRecovery.policy';

/**
 * The share of an incident's time that counts as downtime for the plan's severity levels, when
 * a configured level does not say: a complete outage (SEV-0) counts in full, a significant
 * degradation (SEV-1) half, minor issues (SEV-2) a tenth, informational (SEV-3) not at all. A
 * level not named here counts in full.
 */
const DEFAULT_DOWNTIME_WEIGHTS: Record<string, number> = {
  'SEV-0': 1,
  'SEV-1': 0.5,
  'SEV-2': 0.1,
  'SEV-3': 0,
};

/** Collects problems found while turning config into a policy. */
class Problems {
  readonly list: string[] = [];

  add(path: string, message: string) {
    this.list.push(`${ROOT}.${path}: ${message}`);
  }

  duration(path: string, value: string | undefined): DrDuration {
    if (value === undefined) {
      this.add(path, 'is required');
      return { ms: NaN, text: '', iso: '' };
    }
    const result = tryParseDuration(value);
    if (!result.ok) {
      this.add(path, result.error);
      return { ms: NaN, text: String(value), iso: '' };
    }
    return result.value;
  }

  frequency(path: string, value: string | undefined): DrBackupFrequency {
    if (value === undefined) {
      this.add(path, 'is required');
      return { onChange: false, ms: NaN, text: '', iso: '' };
    }
    const result = tryParseFrequency(value);
    if (!result.ok) {
      this.add(path, result.error);
      return { onChange: false, ms: NaN, text: String(value), iso: '' };
    }
    return result.value;
  }

  required<T>(path: string, value: T | undefined, fallback: T): T {
    if (value === undefined) {
      this.add(path, 'is required');
      return fallback;
    }
    return value;
  }
}

/**
 * Turns a complete policy config (already merged over the defaults) into a policy, collecting
 * every unparseable or missing value instead of stopping at the first.
 */
export function normalizePolicy(config: DrPolicyConfig): {
  policy: DrPolicy;
  problems: string[];
} {
  const p = new Problems();
  const entries = <T>(record: Record<string, T> | undefined) =>
    Object.entries(record ?? {});

  const defaultTier = p.required('defaultTier', config.defaultTier, 'standard');

  const policy: DrPolicy = {
    defaultTier,
    tiers: entries(config.tiers).map(([id, t]) => ({
      id,
      title: t.title ?? id,
      description: t.description,
      objectives: {
        rto: p.duration(`tiers.${id}.rto`, t.rto),
        rpo: p.duration(`tiers.${id}.rpo`, t.rpo),
        mtd: p.duration(`tiers.${id}.mtd`, t.mtd),
        availability: p.required(
          `tiers.${id}.availability`,
          t.availability,
          NaN,
        ),
      },
    })),
    scenarios: entries(config.scenarios).map(([id, s]) => ({
      id,
      title: s.title ?? id,
      likelihood: p.required(
        `scenarios.${id}.likelihood`,
        s.likelihood,
        'medium',
      ),
      impact: p.required(`scenarios.${id}.impact`, s.impact, 'medium'),
      rto: p.duration(`scenarios.${id}.rto`, s.rto),
      rpo: p.duration(`scenarios.${id}.rpo`, s.rpo),
      mitigation: s.mitigation ?? '',
      tier: s.tier ?? defaultTier,
      drillCadence: s.drillCadence ?? 'annual',
      drillKind: s.drillKind ?? 'restore',
    })),
    dataClasses: entries(config.dataClasses).map(([id, d]) => ({
      id,
      title: d.title ?? id,
      classification: p.required(
        `dataClasses.${id}.classification`,
        d.classification,
        'standard',
      ),
      backupFrequency: p.frequency(
        `dataClasses.${id}.backupFrequency`,
        d.backupFrequency,
      ),
      retention: p.duration(`dataClasses.${id}.retention`, d.retention),
      pointInTimeRecovery: d.pointInTimeRecovery ?? false,
    })),
    retentionEnforcement:
      config.retentionEnforcement?.minAge === undefined
        ? undefined
        : {
            minAge: p.duration(
              'retentionEnforcement.minAge',
              config.retentionEnforcement.minAge,
            ),
          },
    severityLevels: (config.severityLevels ?? []).map(level => ({
      ...level,
      downtimeWeight:
        level.downtimeWeight ?? DEFAULT_DOWNTIME_WEIGHTS[level.id] ?? 1,
    })),
    escalation: (config.escalation ?? []).map((e, i) => ({
      from: p.duration(`escalation[${i}].from`, e.from),
      to:
        e.to === undefined
          ? undefined
          : p.duration(`escalation[${i}].to`, e.to),
      action: e.action,
      responsible: e.responsible,
    })),
    impactLevels: [...(config.impactLevels ?? [])],
    businessFunctions: [...(config.businessFunctions ?? [])],
    regions: entries(config.regions).map(([id, r]) => ({
      id,
      role: p.required(`regions.${id}.role`, r.role, 'tertiary'),
      standby: r.standby ?? 'cold',
      holdsBackups: r.holdsBackups ?? false,
      description: r.description ?? '',
    })),
    roles: entries(config.roles).map(([id, r]) => ({
      id,
      title: r.title ?? id,
      description: r.description ?? '',
      minimumTrained: r.minimumTrained ?? 2,
    })),
    testCalendar: {
      grace: p.duration(
        'testCalendar.grace',
        config.testCalendar?.grace ?? '0s',
      ),
      cadences: entries(config.testCalendar?.cadences).map(([id, text]) => ({
        id,
        interval: p.duration(`testCalendar.cadences.${id}`, text),
      })),
      activities: entries(config.testCalendar?.activities).map(([id, a]) => ({
        id,
        title: a.title ?? id,
        cadence: p.required(
          `testCalendar.activities.${id}.cadence`,
          a.cadence,
          '',
        ),
      })),
    },
    runbookReview: {
      interval: p.duration(
        'runbookReview.interval',
        config.runbookReview?.interval,
      ),
    },
    training: {
      courses: entries(config.training?.courses).map(([id, c]) => ({
        id,
        title: c.title ?? id,
        validity:
          c.validity === undefined
            ? undefined
            : p.duration(`training.courses.${id}.validity`, c.validity),
        requiredFor: {
          everyone: c.requiredFor?.everyone ?? false,
          roles: [...(c.requiredFor?.roles ?? [])],
          groups: [...(c.requiredFor?.groups ?? [])],
        },
      })),
    },
    posture: {
      warnRatio: p.required(
        'posture.warnRatio',
        config.posture?.warnRatio,
        0.8,
      ),
      missedBackupsToFail: p.required(
        'posture.missedBackupsToFail',
        config.posture?.missedBackupsToFail,
        2,
      ),
      replicationMaxAge: p.duration(
        'posture.replicationMaxAge',
        config.posture?.replicationMaxAge,
      ),
      crossRegionCopyMaxAge: p.duration(
        'posture.crossRegionCopyMaxAge',
        config.posture?.crossRegionCopyMaxAge,
      ),
      dueSoon: p.duration('posture.dueSoon', config.posture?.dueSoon),
    },
    availability: {
      window: p.duration('availability.window', config.availability?.window),
      burnRateWindow: p.duration(
        'availability.burnRateWindow',
        config.availability?.burnRateWindow,
      ),
    },
  };
  return { policy, problems: p.list };
}
