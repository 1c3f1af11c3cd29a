import { DrDataClass } from '../../policy/types';
import { CheckResult } from '../types';
import {
  backupRef,
  backupsOfClass,
  goodBackupsOf,
  rejectedSummary,
} from './backups';
import { fmt, notCollected, result } from './checkResult';
import { CheckContext } from './context';
import { ageOf, earliest, newestBy, timeOf, usable } from './evidenceTime';

/** After a change, an on-change class has this long to be backed up before the check stops passing. */
export const ON_CHANGE_GRACE_MS = 60 * 60_000;

/** Unknown tier or data class ids the tenant names; a check only when there are some. */
export function policyReferenceCheck(
  ctx: CheckContext,
): CheckResult | undefined {
  const { policy, evidence, tier } = ctx;
  const problems: string[] = [];
  if (
    evidence.tier !== undefined &&
    !policy.tiers.some(t => t.id === evidence.tier)
  ) {
    problems.push(
      `tier '${evidence.tier}' is not defined in the policy (judged as '${tier.id}')`,
    );
  }
  const unknownClasses = (evidence.dataClasses ?? []).filter(
    id => !policy.dataClasses.some(dc => dc.id === id),
  );
  if (unknownClasses.length) {
    problems.push(
      `data class${unknownClasses.length > 1 ? 'es' : ''} ${unknownClasses
        .map(id => `'${id}'`)
        .join(
          ', ',
        )} not defined in the policy (no backup or retention rule can be checked)`,
    );
  }
  if (!problems.length) return undefined;
  return result({
    id: 'policy-reference',
    title: 'Tier and data classes known to the policy',
    status: 'fail',
    reason: `The tenant names ${problems.join('; ')}.`,
  });
}

/** The tenant's data classes that the policy defines, in the tenant's order. */
export function tenantDataClasses(ctx: CheckContext): DrDataClass[] {
  const ids = ctx.evidence.dataClasses ?? [];
  return ids
    .map(id => ctx.policy.dataClasses.find(dc => dc.id === id))
    .filter((dc): dc is DrDataClass => dc !== undefined);
}

/** Check that says the tenant's data classes are not known at all. */
export function dataClassesUnknownCheck(): CheckResult {
  return result({
    id: 'data-classes',
    title: 'Data classes',
    status: 'unknown',
    reason:
      'The tenant does not say which data classes it holds, so backup frequency and retention cannot be checked.',
  });
}

/**
 * Backup frequency of a data class: the newest backup holding it is at most one interval old
 * (pass), overdue (warn), or older than `missedBackupsToFail` intervals (fail). An on-change class
 * must have a backup newer than its last change.
 */
export function backupFrequencyCheck(
  ctx: CheckContext,
  dc: DrDataClass,
): CheckResult {
  const { evidence, now, policy } = ctx;
  const freq = dc.backupFrequency;
  const base = {
    id: `backup-frequency:${dc.id}`,
    title: `Backup frequency: ${dc.title}`,
    target: freq.text,
  };
  if (evidence.backups === undefined) {
    return notCollected(base, 'The backups have not been indexed.');
  }
  const mine = backupsOfClass(goodBackupsOf(ctx), dc.id);
  const newest = newestBy(mine, b => b.at);
  if (!newest) {
    return result({
      ...base,
      status: 'fail',
      reason: `No good backup holds ${dc.title}${rejectedSummary(
        evidence.backups,
        now,
      )}.`,
      measured: 'none',
    });
  }
  const age = ageOf(newest.at, now);
  const refs = [backupRef(newest.item.backup)];
  if (freq.onChange) {
    const changedAt = timeOf(evidence.dataChanges?.[dc.id]);
    if (!usable(changedAt, now)) {
      return result({
        ...base,
        status: 'unknown',
        reason: `${
          dc.title
        } is backed up on change, but no change of it is recorded, so it cannot be told whether the newest backup (${fmt(
          age,
        )} old) is current.`,
        measured: fmt(age),
        evidence: refs,
      });
    }
    refs.push({
      kind: 'data-change',
      id: dc.id,
      observedAt: evidence.dataChanges?.[dc.id],
    });
    if (newest.at >= changedAt) {
      return result({
        ...base,
        status: 'pass',
        reason: `The newest backup (${fmt(
          age,
        )} old) was taken after the last change (${fmt(
          ageOf(changedAt, now),
        )} ago).`,
        measured: fmt(age),
        evidence: refs,
      });
    }
    const since = ageOf(changedAt, now);
    const within = since <= ON_CHANGE_GRACE_MS;
    return result({
      ...base,
      status: within ? 'warn' : 'fail',
      reason: `${dc.title} changed ${fmt(
        since,
      )} ago and the newest backup is older (${fmt(age)}): ${
        within
          ? `a backup is due within ${fmt(ON_CHANGE_GRACE_MS)} of the change`
          : 'the change is not backed up'
      }.`,
      measured: fmt(age),
      breachAt: within ? changedAt + ON_CHANGE_GRACE_MS : undefined,
      evidence: refs,
    });
  }
  const missed = policy.posture.missedBackupsToFail;
  const failAfter = freq.ms * missed;
  const breachAt = newest.at + failAfter;
  if (age > failAfter) {
    return result({
      ...base,
      status: 'fail',
      reason: `The newest backup of ${dc.title} is ${fmt(
        age,
      )} old: ${missed} or more ${freq.text} backups have been missed.`,
      measured: fmt(age),
      evidence: refs,
    });
  }
  if (age > freq.ms) {
    return result({
      ...base,
      status: 'warn',
      reason: `The newest backup of ${dc.title} is ${fmt(
        age,
      )} old, overdue for the ${freq.text} schedule; it fails in ${fmt(
        breachAt - now,
      )}.`,
      measured: fmt(age),
      breachAt,
      evidence: refs,
    });
  }
  return result({
    ...base,
    status: 'pass',
    reason: `The newest backup of ${dc.title} is ${fmt(age)} old, within the ${
      freq.text
    } schedule.`,
    measured: fmt(age),
    breachAt,
    evidence: refs,
  });
}

/**
 * Retention of a data class. What can be measured is the oldest backup still kept: it passes when
 * it is as old as the retention, or as old as the tenant's backup history when that is younger than
 * the retention (nothing was deleted early). It fails when backups are missing from a period the
 * retention covers, and is unknown when the history's start is not known and the oldest kept backup
 * does not prove the retention on its own.
 */
export function retentionCheck(
  ctx: CheckContext,
  dc: DrDataClass,
): CheckResult {
  const { evidence, now } = ctx;
  const retention = dc.retention;
  const base = {
    id: `retention:${dc.id}`,
    title: `Retention: ${dc.title}`,
    target: retention.text,
  };
  if (evidence.backups === undefined) {
    return notCollected(base, 'The backups have not been indexed.');
  }
  const mine = backupsOfClass(goodBackupsOf(ctx), dc.id);
  const oldest = mine.reduce<(typeof mine)[number] | undefined>(
    (acc, b) => (!acc || b.at < acc.at ? b : acc),
    undefined,
  );
  if (!oldest) {
    return result({
      ...base,
      status: 'fail',
      reason: `No backup of ${dc.title} is kept at all.`,
      measured: 'none',
    });
  }
  // The first backup may come up to one interval after the history starts.
  const tolerance = dc.backupFrequency.onChange
    ? 86_400_000
    : dc.backupFrequency.ms;
  const oldestAge = ageOf(oldest.at, now);
  const refs = [backupRef(oldest.backup)];
  if (oldestAge + tolerance >= retention.ms) {
    return result({
      ...base,
      status: 'pass',
      reason: `The oldest kept backup of ${dc.title} is ${fmt(
        oldestAge,
      )} old, covering the ${retention.text} retention.`,
      measured: fmt(oldestAge),
      evidence: refs,
    });
  }
  const since = earliest([
    usable(timeOf(evidence.firstBackupAt), now)
      ? timeOf(evidence.firstBackupAt)
      : undefined,
    usable(timeOf(evidence.createdAt), now)
      ? timeOf(evidence.createdAt)
      : undefined,
  ]);
  if (since === undefined) {
    return result({
      ...base,
      status: 'unknown',
      reason: `The oldest kept backup of ${dc.title} is ${fmt(
        oldestAge,
      )} old, less than the ${
        retention.text
      } retention, and neither the tenant's start nor its first backup is known, so it cannot be told whether older backups were deleted early.`,
      measured: fmt(oldestAge),
      evidence: refs,
    });
  }
  const history = ageOf(since, now);
  const required = Math.min(retention.ms, history);
  if (oldestAge + tolerance >= required) {
    return result({
      ...base,
      status: 'pass',
      reason: `Backups of ${dc.title} go back ${fmt(history)}, less than the ${
        retention.text
      } retention, and the oldest (${fmt(
        oldestAge,
      )} old) is still kept: nothing was deleted early.`,
      measured: fmt(oldestAge),
      evidence: refs,
    });
  }
  return result({
    ...base,
    status: 'fail',
    reason: `The oldest kept backup of ${dc.title} is ${fmt(
      oldestAge,
    )} old, but the ${retention.text} retention requires backups back to ${fmt(
      required,
    )} ago${
      history < retention.ms ? ' (when its backup history starts)' : ''
    }: backups were deleted early or never taken.`,
    measured: fmt(oldestAge),
    evidence: refs,
  });
}
