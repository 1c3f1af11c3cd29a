import {
  BackupEvidence,
  CrossRegionCopyEvidence,
  isDrillKind,
  isDrillRun,
  RESTORING_OPERATIONS,
  TenantEvidence,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { IndexedBackup } from '../database/BackupStore';
import { PersistenceContext } from '../database/persistenceContext';

/** The stores a posture evaluation reads the evidence of a target from. @public */
export type EvidenceStores = Pick<
  PersistenceContext,
  'backups' | 'observations' | 'verifications' | 'runs'
>;

/** The evidence of one target that the store holds (the parts of TenantEvidence it can fill). @public */
export type TargetEvidence = Pick<
  TenantEvidence,
  | 'backups'
  | 'firstBackupAt'
  | 'walArchive'
  | 'replication'
  | 'verifications'
  | 'drills'
  | 'crossRegionCopies'
>;

function toBackupEvidence(b: IndexedBackup): BackupEvidence {
  const out: BackupEvidence = {
    id: b.id,
    takenAt: b.takenAt,
    sizeBytes: b.sizeBytes,
    location: `s3://${b.bucket}/${b.key}`,
  };
  if (b.sha256) out.sha256 = b.sha256;
  if (b.region) out.region = b.region;
  if (b.dataClass) out.dataClass = b.dataClass;
  if (b.verification) out.verification = b.verification;
  return out;
}

/**
 * Reads what the store knows about one target as posture evidence. Absent evidence stays
 * `undefined` (the checks then say unknown): backups only once the target has been indexed,
 * WAL archive only once pgBackRest was read, replication only once observed, and nothing at all
 * for a target nothing has been recorded about. Only a bounded
 * sample of backups is read (the newest, and the oldest per data class), whatever their number.
 *
 * @public
 */
export async function loadTargetEvidence(
  stores: EvidenceStores,
  target: string,
  options: { homeRegion?: string } = {},
): Promise<TargetEvidence> {
  const [cursor, sample, pgbackrest, replication, verifications, runs] =
    await Promise.all([
      stores.backups.getIndexCursor(target),
      stores.backups.getBackupEvidence(target),
      stores.observations.getLatestPgBackRestInfo(target),
      stores.observations.getLatestReplicationObservation(target),
      stores.verifications.listVerifications({ target, limit: 20 }),
      stores.runs.listRecoveryRuns({
        target,
        operations: [...RESTORING_OPERATIONS],
        limit: 100,
      }),
    ]);

  const evidence: TargetEvidence = {};
  // A target no collector or recovery run has ever touched has no evidence at all: every check
  // that needs it stays unknown (an empty list would say "collected, and there is none").
  if (
    !cursor &&
    !pgbackrest &&
    !replication &&
    !verifications.length &&
    !runs.totalItems
  ) {
    return evidence;
  }
  if (cursor) {
    const seen = new Set<string>();
    const backups = [...sample.newest, ...sample.oldest].filter(b => {
      if (seen.has(b.id)) return false;
      seen.add(b.id);
      return true;
    });
    evidence.backups = backups.map(toBackupEvidence);
    if (sample.firstBackupAt) evidence.firstBackupAt = sample.firstBackupAt;

    if (options.homeRegion) {
      const copies = new Map<string, CrossRegionCopyEvidence>();
      for (const b of backups) {
        if (!b.region || b.region === options.homeRegion) continue;
        const known = copies.get(b.region);
        if (!known || known.takenAt < b.takenAt) {
          copies.set(b.region, {
            id: b.id,
            region: b.region,
            takenAt: b.takenAt,
          });
        }
      }
      evidence.crossRegionCopies = [...copies.values()];
    }
  }
  if (
    pgbackrest &&
    (pgbackrest.lastArchivedAt || pgbackrest.pitrEnd || pgbackrest.walExposure)
  ) {
    evidence.walArchive = {
      id: `${pgbackrest.target}/${pgbackrest.stanza}`,
      lastArchivedAt: pgbackrest.lastArchivedAt,
      pitrWindowStart: pgbackrest.pitrStart,
      pitrWindowEnd: pgbackrest.pitrEnd,
      observedAt: pgbackrest.observedAt,
      exposure: pgbackrest.walExposure,
    };
  }
  if (replication) {
    evidence.replication = {
      id: replication.id,
      observedAt: replication.observedAt,
      standbyConnected: replication.standbyConnected,
      replayLagSeconds: replication.replayLagSeconds,
      lagBytes: replication.lagBytes,
    };
  }
  evidence.verifications = verifications.map(v => ({
    id: v.id,
    finishedAt: v.finishedAt,
    status: v.status,
    mode: v.mode,
    ...(v.backupId ? { backupId: v.backupId } : {}),
    ...verificationWarnings(v.detail),
  }));
  evidence.drills = runs.items.filter(isDrillRun).map(r => ({
    id: r.id,
    scenario: r.scenario!,
    status: r.status,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    dryRun: r.dryRun,
    achievedRtoSeconds: r.achievedRtoSeconds,
    dataLossSeconds: r.dataLossSeconds,
    ...(isDrillKind(r.output?.kind) ? { kind: r.output!.kind } : {}),
  }));
  return evidence;
}

/** The ids of checks that warned in a verification, as recorded in its detail. */
function verificationWarnings(detail: Record<string, unknown> | undefined): {
  warnings?: string[];
} {
  const warnings = detail?.warnings;
  return Array.isArray(warnings) && warnings.length > 0
    ? { warnings: warnings.filter((w): w is string => typeof w === 'string') }
    : {};
}
