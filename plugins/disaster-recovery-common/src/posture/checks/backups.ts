import { BackupEvidence } from '../evidence';
import { EvidenceRef } from '../types';
import { CheckContext } from './context';
import { timeOf, usable } from './evidenceTime';

/** A backup with its parsed time. */
export interface DatedBackup {
  backup: BackupEvidence;
  at: number;
}

/**
 * Backups that count as recovery points: non-empty, not failed verification, with a usable time.
 * Array order never matters; callers pick by time.
 */
export function goodBackups(
  backups: readonly BackupEvidence[],
  now: number,
): DatedBackup[] {
  const out: DatedBackup[] = [];
  for (const backup of backups) {
    const at = timeOf(backup.takenAt);
    if (!usable(at, now)) continue;
    if (!(backup.sizeBytes > 0)) continue;
    if (backup.verification?.status === 'fail') continue;
    out.push({ backup, at });
  }
  return out;
}

/** Why some backups were not counted, for reasons ("2 failed verification, 1 empty"). */
export function rejectedSummary(
  backups: readonly BackupEvidence[],
  now: number,
): string {
  let failed = 0;
  let empty = 0;
  let badTime = 0;
  for (const b of backups) {
    if (!usable(timeOf(b.takenAt), now)) badTime++;
    else if (!(b.sizeBytes > 0)) empty++;
    else if (b.verification?.status === 'fail') failed++;
  }
  const parts = [
    failed ? `${failed} failed verification` : '',
    empty ? `${empty} empty` : '',
    badTime ? `${badTime} with a missing or future time` : '',
  ].filter(Boolean);
  return parts.length ? ` (not counted: ${parts.join(', ')})` : '';
}

/** Evidence ref for a backup. */
export function backupRef(b: BackupEvidence): EvidenceRef {
  return {
    kind: 'backup',
    id: b.id,
    title: b.location,
    observedAt: b.takenAt,
  };
}

/** Backups that hold a data class: those labelled with it and whole-database ones. */
export function backupsOfClass(
  backups: readonly DatedBackup[],
  dataClass: string,
): DatedBackup[] {
  return backups.filter(
    b => b.backup.dataClass === undefined || b.backup.dataClass === dataClass,
  );
}

const cache = new WeakMap<CheckContext, DatedBackup[]>();

/** The tenant's good backups, computed once per evaluation (several checks read them). */
export function goodBackupsOf(ctx: CheckContext): DatedBackup[] {
  let good = cache.get(ctx);
  if (!good) {
    good = goodBackups(ctx.evidence.backups ?? [], ctx.now);
    cache.set(ctx, good);
  }
  return good;
}
