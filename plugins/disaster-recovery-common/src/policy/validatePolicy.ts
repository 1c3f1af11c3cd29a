import { DrDuration, formatDuration } from './duration';
import { DrPolicy } from './types';

const HOURS_PER_YEAR = 365.25 * 24;

const ok = (d: DrDuration | undefined): d is DrDuration =>
  d !== undefined && Number.isFinite(d.ms);

/**
 * Finds the ways a policy contradicts itself (RTO longer than MTD, a scenario looser than its
 * tier, a cleanup that deletes backups before their retention ends, ...). Returns one readable
 * message per problem; an empty list means the policy is consistent.
 *
 * @public
 */
export function validatePolicy(policy: DrPolicy): string[] {
  const problems: string[] = [];
  const add = (message: string) => problems.push(message);
  const tiers = new Map(policy.tiers.map(t => [t.id, t]));
  const cadences = new Map(
    policy.testCalendar.cadences.map(c => [c.id, c.interval]),
  );
  const roles = new Set(policy.roles.map(r => r.id));

  if (policy.tiers.length === 0) add('no tiers are defined');
  if (!tiers.has(policy.defaultTier)) {
    add(
      `defaultTier '${policy.defaultTier}' is not one of the tiers (${[
        ...tiers.keys(),
      ].join(', ')})`,
    );
  }

  for (const tier of policy.tiers) {
    const { rto, rpo, mtd, availability } = tier.objectives;
    const name = `tier '${tier.id}'`;
    for (const [label, d] of [
      ['RTO', rto],
      ['RPO', rpo],
      ['MTD', mtd],
    ] as const) {
      if (ok(d) && d.ms <= 0)
        add(`${name}: ${label} ${d.text} must be longer than zero`);
    }
    if (ok(rto) && ok(mtd) && rto.ms > mtd.ms) {
      add(
        `${name}: RTO ${rto.text} is longer than its MTD ${mtd.text}: recovery would take longer than the business can tolerate`,
      );
    }
    if (
      !Number.isFinite(availability) ||
      availability <= 0 ||
      availability >= 100
    ) {
      add(
        `${name}: availability ${availability} must be a percentage between 0 and 100 (exclusive)`,
      );
    } else if (ok(mtd)) {
      const budgetMs = HOURS_PER_YEAR * 3_600_000 * (1 - availability / 100);
      if (mtd.ms > budgetMs) {
        add(
          `${name}: MTD ${
            mtd.text
          } is longer than the yearly downtime budget of ${availability} % availability (${formatDuration(
            budgetMs,
          )}): a single tolerated outage would break the availability target`,
        );
      }
    }
  }

  for (const scenario of policy.scenarios) {
    const name = `scenario '${scenario.id}'`;
    const tier = tiers.get(scenario.tier);
    if (!tier) {
      // An undefined default tier is reported once above, not once per scenario.
      if (scenario.tier !== policy.defaultTier) {
        add(`${name}: tier '${scenario.tier}' is not defined`);
      }
    } else {
      const { rpo, mtd } = tier.objectives;
      if (ok(scenario.rto) && ok(mtd) && scenario.rto.ms > mtd.ms) {
        add(
          `${name}: RTO ${scenario.rto.text} is longer than tier '${tier.id}' MTD ${mtd.text}`,
        );
      }
      if (ok(scenario.rpo) && ok(rpo) && scenario.rpo.ms > rpo.ms) {
        add(
          `${name}: RPO ${scenario.rpo.text} is looser than tier '${tier.id}' RPO ${rpo.text}: the scenario would lose more data than the tier allows`,
        );
      }
    }
    if (!cadences.has(scenario.drillCadence)) {
      add(
        `${name}: drillCadence '${
          scenario.drillCadence
        }' is not a test calendar cadence (${[...cadences.keys()].join(', ')})`,
      );
    }
    for (const [label, d] of [
      ['RTO', scenario.rto],
      ['RPO', scenario.rpo],
    ] as const) {
      if (ok(d) && d.ms <= 0)
        add(`${name}: ${label} ${d.text} must be longer than zero`);
    }
  }

  for (const dc of policy.dataClasses) {
    const name = `data class '${dc.id}'`;
    const freq = dc.backupFrequency;
    if (ok(dc.retention) && dc.retention.ms <= 0) {
      add(`${name}: retention ${dc.retention.text} must be longer than zero`);
    }
    if (!freq.onChange && ok(freq)) {
      if (freq.ms <= 0) {
        add(`${name}: backup frequency ${freq.text} must be longer than zero`);
      }
      if (ok(dc.retention) && freq.ms > dc.retention.ms) {
        add(
          `${name}: backup frequency ${freq.text} is longer than its retention ${dc.retention.text}`,
        );
      }
      if (dc.classification === 'critical' && !dc.pointInTimeRecovery) {
        for (const tier of policy.tiers) {
          const { rpo } = tier.objectives;
          if (ok(rpo) && freq.ms > rpo.ms) {
            add(
              `${name} (critical): backup frequency ${freq.text} is longer than tier '${tier.id}' RPO ${rpo.text} and point-in-time recovery is off, so the RPO cannot be met`,
            );
          }
        }
      }
    }
  }

  const minAge = policy.retentionEnforcement?.minAge;
  if (ok(minAge)) {
    const cut = policy.dataClasses.filter(
      dc => ok(dc.retention) && dc.retention.ms > minAge.ms,
    );
    if (cut.length > 0) {
      add(
        `retentionEnforcement.minAge ${
          minAge.text
        } is shorter than the retention of data class${
          cut.length > 1 ? 'es' : ''
        } ${cut
          .map(dc => `${dc.id} (${dc.retention.text})`)
          .join(
            ', ',
          )}: the cleanup would delete backups the data classification says to keep`,
      );
    }
  }

  let previousTo: DrDuration | undefined;
  policy.escalation.forEach((step, i) => {
    const name = `escalation step ${i + 1} ('${step.action}')`;
    if (ok(step.to) && ok(step.from) && step.to.ms <= step.from.ms) {
      add(
        `${name}: ends at ${step.to.text}, not after it starts at ${step.from.text}`,
      );
    }
    if (i > 0 && previousTo === undefined) {
      add(`${name}: follows a step without an end ('to')`);
    } else if (
      ok(previousTo) &&
      ok(step.from) &&
      previousTo.ms !== step.from.ms
    ) {
      add(
        `${name}: starts at ${step.from.text} but the previous step ends at ${previousTo.text}`,
      );
    }
    previousTo = step.to;
  });

  const primaries = policy.regions.filter(r => r.role === 'primary');
  if (policy.regions.length > 0 && primaries.length !== 1) {
    add(
      `regions: exactly one region must be primary, found ${primaries.length}${
        primaries.length ? ` (${primaries.map(r => r.id).join(', ')})` : ''
      }`,
    );
  }

  for (const role of policy.roles) {
    if (!Number.isInteger(role.minimumTrained) || role.minimumTrained < 1) {
      add(
        `role '${role.id}': minimumTrained ${role.minimumTrained} must be a whole number >= 1`,
      );
    }
  }

  for (const cadence of policy.testCalendar.cadences) {
    if (ok(cadence.interval) && cadence.interval.ms <= 0) {
      add(
        `test calendar cadence '${cadence.id}' (${cadence.interval.text}) must be longer than zero`,
      );
    }
  }
  for (const activity of policy.testCalendar.activities) {
    if (!cadences.has(activity.cadence)) {
      add(
        `test calendar activity '${activity.id}': cadence '${
          activity.cadence
        }' is not defined (${[...cadences.keys()].join(', ')})`,
      );
    }
  }

  if (
    ok(policy.runbookReview.interval) &&
    policy.runbookReview.interval.ms <= 0
  ) {
    add(
      `runbookReview.interval ${policy.runbookReview.interval.text} must be longer than zero`,
    );
  }

  for (const course of policy.training.courses) {
    const name = `training course '${course.id}'`;
    for (const role of course.requiredFor.roles) {
      if (!roles.has(role))
        add(
          `${name}: required for role '${role}', which is not defined in roles`,
        );
    }
    if (ok(course.validity) && course.validity.ms <= 0) {
      add(`${name}: validity ${course.validity.text} must be longer than zero`);
    }
  }

  const { warnRatio, missedBackupsToFail } = policy.posture;
  if (!(warnRatio > 0 && warnRatio <= 1)) {
    add(`posture.warnRatio ${warnRatio} must be in (0, 1]`);
  }
  if (!Number.isInteger(missedBackupsToFail) || missedBackupsToFail < 1) {
    add(
      `posture.missedBackupsToFail ${missedBackupsToFail} must be a whole number >= 1`,
    );
  }

  for (const level of policy.severityLevels) {
    const w = level.downtimeWeight;
    if (!(Number.isFinite(w) && w >= 0 && w <= 1)) {
      add(
        `severity level ${level.id}: downtimeWeight ${w} must be between 0 and 1`,
      );
    }
  }
  const { window, burnRateWindow } = policy.availability;
  if (ok(window) && window.ms <= 0) {
    add(`availability.window ${window.text} must be longer than zero`);
  }
  if (
    ok(window) &&
    ok(burnRateWindow) &&
    !(burnRateWindow.ms > 0 && burnRateWindow.ms <= window.ms)
  ) {
    add(
      `availability.burnRateWindow ${burnRateWindow.text} must be longer than zero and no longer than the window ${window.text}`,
    );
  }

  return problems;
}
