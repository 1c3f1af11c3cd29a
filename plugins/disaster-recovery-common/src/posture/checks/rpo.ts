import { CheckResult, EvidenceRef } from '../types';
import { backupRef, goodBackupsOf, rejectedSummary } from './backups';
import {
  ageOf,
  ageStatus,
  CheckContext,
  fmt,
  isoOf,
  newestBy,
  result,
  timeOf,
  usable,
} from './context';

/**
 * RPO: age of the newest recovery point (newest good backup or last archived WAL, whichever is
 * newer) against the tier's RPO. Warns from `warnRatio` of the target.
 */
export function rpoCheck(ctx: CheckContext): CheckResult {
  const { evidence, tier, now, policy } = ctx;
  const rpo = tier.objectives.rpo;
  const base = {
    id: 'rpo',
    title: 'Recovery point objective',
    target: rpo.text,
  };
  // The newest point the WAL archive can restore to: the last archived segment or the end of the
  // PITR window pgBackRest reports, whichever is newer.
  const wal = newestUsable(
    [
      timeOf(evidence.walArchive?.lastArchivedAt),
      timeOf(evidence.walArchive?.pitrWindowEnd),
    ],
    now,
  );
  if (evidence.backups === undefined && wal === undefined) {
    return result({
      ...base,
      status: 'unknown',
      reason:
        'No evidence of recovery points: the backups have not been indexed and no WAL archive position is known.',
    });
  }
  const newestBackup = newestBy(goodBackupsOf(ctx), b => b.at);
  const candidates: Array<{ at: number; ref: EvidenceRef; what: string }> = [];
  if (newestBackup) {
    candidates.push({
      at: newestBackup.at,
      ref: backupRef(newestBackup.item.backup),
      what: 'the newest good backup',
    });
  }
  if (wal !== undefined) {
    candidates.push({
      at: wal,
      ref: {
        kind: 'wal-archive',
        id: evidence.walArchive?.id ?? 'wal-archive',
        observedAt: isoOf(wal),
      },
      what: 'the last archived WAL segment',
    });
  }
  const newest = newestBy(candidates, c => c.at);
  if (!newest) {
    return result({
      ...base,
      status: 'fail',
      reason: `No good backup exists${rejectedSummary(
        evidence.backups ?? [],
        now,
      )} and no WAL archive position is known: nothing to recover to.`,
      measured: 'none',
    });
  }
  const age = ageOf(newest.at, now);
  const status = ageStatus(age, rpo, policy.posture.warnRatio);
  const breachAt = newest.at + rpo.ms;
  const when = `${newest.item.what} is ${fmt(age)} old`;
  const percent = Math.round((age / rpo.ms) * 100);
  const reasons: Record<string, string> = {
    fail: `${cap(when)}, beyond the ${rpo.text} RPO by ${fmt(
      age - rpo.ms,
    )}: a disaster now would lose more data than allowed.`,
    warn: `${cap(when)}, ${percent} % of the ${
      rpo.text
    } RPO; it breaches in ${fmt(
      breachAt - now,
    )} unless a newer recovery point arrives.`,
    pass: `${cap(when)}, within the ${rpo.text} RPO (breaches in ${fmt(
      breachAt - now,
    )} without a newer one).`,
  };
  const reason = reasons[status];
  return result({
    ...base,
    status,
    reason,
    measured: fmt(age),
    breachAt,
    evidence: candidates.map(c => c.ref),
  });
}

function newestUsable(
  times: Array<number | undefined>,
  now: number,
): number | undefined {
  const ok = times.filter((t): t is number => usable(t, now));
  return ok.length ? Math.max(...ok) : undefined;
}

function cap(s: string): string {
  return s.charAt(0).toLocaleUpperCase('en-US') + s.slice(1);
}
