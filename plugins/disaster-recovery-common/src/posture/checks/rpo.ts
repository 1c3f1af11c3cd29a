import { CheckResult, EvidenceRef } from '../types';
import { backupRef, goodBackupsOf, rejectedSummary } from './backups';
import { fmt, notCollected, result } from './checkResult';
import { ageStatus, CheckContext } from './context';
import { ageOf, isoOf, timeOf, usable } from './evidenceTime';

/** A recovery point and the exposure it leaves: changes since `since` are not covered by it. */
interface Coverage {
  /** Start of the exposure; `undefined` when nothing is at risk (every change is covered). */
  since?: number;
  ref: EvidenceRef;
  /** Sentence fragment naming the recovery point, e.g. "the newest good backup". */
  what: string;
  /** Sentence saying what is covered and what is not. */
  detail: string;
}

/**
 * RPO as real exposure: the age of the oldest change that no recovery point covers, against the
 * tier's RPO. Warns from `warnRatio` of the target.
 *
 * - With continuous WAL archiving observed on the primary (`walArchive.exposure`), the exposure is
 *   zero when every WAL record is archived, and otherwise the time since the first record after the
 *   archived position. An idle, archived database has nothing at risk however old its dumps are.
 * - Without it, the exposure is the age of the newest recovery point: the newest good backup, or
 *   the last archived WAL segment / end of the PITR window when only pgBackRest was read.
 *
 * The recovery point that leaves the smallest exposure is the one that covers the tenant.
 */
export function rpoCheck(ctx: CheckContext): CheckResult {
  const { evidence, tier, now, policy } = ctx;
  const rpo = tier.objectives.rpo;
  const base = {
    id: 'rpo',
    title: 'Recovery point objective',
    target: rpo.text,
  };
  const coverages: Coverage[] = [];
  const notes: string[] = [];
  const walCoverage = walExposureCoverage(ctx, notes);
  if (walCoverage) coverages.push(walCoverage);
  const lastWal = walPointCoverage(ctx);
  if (lastWal && !walCoverage) coverages.push(lastWal);
  const newestBackup = goodBackupsOf(ctx).reduce<
    { at: number; item: ReturnType<typeof goodBackupsOf>[number] } | undefined
  >(
    (best, b) => (!best || b.at > best.at ? { at: b.at, item: b } : best),
    undefined,
  );
  if (newestBackup) {
    coverages.push({
      since: newestBackup.at,
      ref: backupRef(newestBackup.item.backup),
      what: 'the newest good backup',
      detail: `The newest good backup was taken ${fmt(
        ageOf(newestBackup.at, now),
      )} ago; every change since is exposed unless the WAL archive covers it.`,
    });
  }

  if (
    evidence.backups === undefined &&
    evidence.walArchive === undefined &&
    coverages.length === 0
  ) {
    return notCollected(
      base,
      'No evidence of recovery points: the backups have not been indexed and no WAL archive position is known.',
    );
  }
  if (coverages.length === 0) {
    return result({
      ...base,
      status: 'fail',
      reason: `No good backup exists${rejectedSummary(
        evidence.backups ?? [],
        now,
      )} and no WAL archive position is known: nothing to recover to.${suffix(
        notes,
      )}`,
      measured: 'none',
    });
  }

  // The covering recovery point is the one that leaves the least exposed.
  const exposureOf = (c: Coverage) =>
    c.since === undefined ? 0 : ageOf(c.since, now);
  const best = coverages.reduce((a, b) =>
    exposureOf(b) < exposureOf(a) ? b : a,
  );
  const exposure = exposureOf(best);
  const status = ageStatus(exposure, rpo, policy.posture.warnRatio);
  const breachAt = best.since === undefined ? undefined : best.since + rpo.ms;
  const covered = `Covered by ${best.what}. ${best.detail}`;
  const reasons: Record<string, string> = {
    fail: `${covered} Exposure ${fmt(exposure)} is beyond the ${
      rpo.text
    } RPO by ${fmt(
      exposure - rpo.ms,
    )}: a disaster now would lose more data than allowed.`,
    warn: `${covered} Exposure ${fmt(exposure)} is ${Math.round(
      (exposure / rpo.ms) * 100,
    )} % of the ${rpo.text} RPO; it breaches in ${fmt(
      (breachAt ?? now) - now,
    )} unless the changes are archived or backed up.`,
    pass:
      breachAt === undefined
        ? `${covered} Nothing is exposed: within the ${rpo.text} RPO.`
        : `${covered} Exposure ${fmt(exposure)}, within the ${
            rpo.text
          } RPO (breaches in ${fmt(
            breachAt - now,
          )} unless the changes are archived or backed up).`,
  };
  return result({
    ...base,
    status,
    reason: `${reasons[status]}${suffix(notes)}`,
    measured: exposure === 0 ? 'nothing exposed' : fmt(exposure),
    breachAt,
    evidence: [best.ref, ...coverages.filter(c => c !== best).map(c => c.ref)],
  });
}

/**
 * Coverage by continuous WAL archiving, from the primary's WAL position against the archive. Only
 * an observation younger than the RPO is used: an older one says nothing about the changes since.
 */
function walExposureCoverage(
  ctx: CheckContext,
  notes: string[],
): Coverage | undefined {
  const { evidence, now, tier } = ctx;
  const exposure = evidence.walArchive?.exposure;
  if (!exposure) return undefined;
  const observedAt = timeOf(exposure.observedAt);
  if (!usable(observedAt, now)) return undefined;
  const observedAge = ageOf(observedAt, now);
  if (observedAge > tier.objectives.rpo.ms) {
    notes.push(
      `The primary's WAL position was last read ${fmt(
        observedAge,
      )} ago, too long ago to vouch for the changes since.`,
    );
    return undefined;
  }
  const ref: EvidenceRef = {
    kind: 'wal-archive',
    id: evidence.walArchive?.id ?? 'wal-archive',
    title: 'WAL archive',
    observedAt: exposure.observedAt,
  };
  const window = pitrWindowText(ctx);
  const since = timeOf(exposure.unarchivedSince);
  if (since === undefined) {
    return {
      ref,
      what: `the WAL archive${window}`,
      detail: `Every WAL record written up to ${fmt(
        observedAge,
      )} ago is archived (current LSN ${exposure.currentLsn}, archived up to ${
        exposure.archivedLsn
      }).`,
    };
  }
  return {
    since: Math.min(since, now),
    ref,
    what: `the WAL archive${window}`,
    detail: `WAL written since ${fmt(
      ageOf(since, now),
    )} ago is not archived yet (current LSN ${
      exposure.currentLsn
    }, archived up to ${exposure.archivedLsn})${
      exposure.archiverFailing ? '; WAL archiving is failing' : ''
    }.`,
  };
}

/** Coverage by the archive when only pgBackRest was read: its newest point is the recovery point. */
function walPointCoverage(ctx: CheckContext): Coverage | undefined {
  const { evidence, now } = ctx;
  const times = [
    timeOf(evidence.walArchive?.lastArchivedAt),
    timeOf(evidence.walArchive?.pitrWindowEnd),
  ].filter((t): t is number => usable(t, now));
  if (times.length === 0) return undefined;
  const at = Math.max(...times);
  return {
    since: at,
    ref: {
      kind: 'wal-archive',
      id: evidence.walArchive?.id ?? 'wal-archive',
      observedAt: isoOf(at),
    },
    what: `the WAL archive${pitrWindowText(ctx)}`,
    detail: `The last archived WAL segment is ${fmt(
      ageOf(at, now),
    )} old and the primary's WAL position is not known, so every change since counts as exposed.`,
  };
}

function pitrWindowText(ctx: CheckContext): string {
  const start = ctx.evidence.walArchive?.pitrWindowStart;
  const end = ctx.evidence.walArchive?.pitrWindowEnd;
  return start && end
    ? ` (point-in-time recovery from ${start} to ${end})`
    : '';
}

function suffix(notes: string[]): string {
  return notes.length ? ` ${notes.join(' ')}` : '';
}
