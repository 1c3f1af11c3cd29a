import { RecoveryRun } from '@internal/backstage-plugin-disaster-recovery-common';

/** The recovery operations the backend executes. @public */
export const RECOVERY_OPERATIONS = [
  'backup',
  'verify',
  'restore',
  'restore-tenant',
  'restore-pitr',
  'discard-copy',
] as const;

/** One of {@link RECOVERY_OPERATIONS}. @public */
export type RecoveryOperationName = (typeof RECOVERY_OPERATIONS)[number];

/** Where recovery runs are recorded (a subset of the backend's evidence store). @public */
export interface RunRecorder {
  /** Inserts a recovery run or replaces it by id. */
  saveRecoveryRun(run: RecoveryRun): Promise<void>;
  /** Reads a run by id. */
  getRecoveryRun(id: string): Promise<RecoveryRun | undefined>;
}

/** A held lock on a target (shape of the evidence store's lock rows). @public */
export interface HeldTargetLock {
  target: string;
  owner: string;
  runId?: string;
  token: string;
  acquiredAt: string;
  heartbeatAt: string;
  expiresAt: string;
}

/** Per-target locks shared by every backend replica (a subset of the evidence store). @public */
export interface TargetLocks {
  /** Takes the lock unless another owner holds an unexpired one; undefined when it is held. */
  acquireLock(options: {
    target: string;
    owner: string;
    runId?: string;
    ttlMs: number;
  }): Promise<HeldTargetLock | undefined>;
  /** Extends a held lock; false when it was lost. */
  heartbeatLock(lock: HeldTargetLock, ttlMs: number): Promise<boolean>;
  /** Releases a held lock; false when it was not held any more. */
  releaseLock(lock: HeldTargetLock): Promise<boolean>;
  /** The current, unexpired lock of a target. */
  getLock(target: string): Promise<HeldTargetLock | undefined>;
}

/** A backup verification result as the evidence store records it. @public */
export interface VerificationEvidence {
  id: string;
  target: string;
  backupId?: string;
  status: 'pass' | 'fail';
  mode: 'quick' | 'full';
  startedAt?: string;
  finishedAt: string;
  runId?: string;
  detail?: Record<string, unknown>;
}

/** A new backup as the evidence store indexes it. @public */
export interface BackupEvidence {
  target: string;
  bucket: string;
  key: string;
  sizeBytes: number;
  etag?: string;
  sha256?: string;
  serverSideEncryption?: string;
  takenAt: Date;
  lastModified: Date;
  durationSeconds?: number;
}

/**
 * What the operations need from the backend's store: run records, target locks, and (optional)
 * evidence writers so posture sees a new backup or verification without waiting for the indexer.
 * The backend's `EvidenceStore` satisfies it.
 *
 * @public
 */
export interface OperationsStore extends RunRecorder, TargetLocks {
  /** Records a verification result (optional). */
  recordVerification?(record: VerificationEvidence): Promise<void>;
  /** Indexes new backups (optional). */
  upsertBackups?(backups: BackupEvidence[]): Promise<void>;
}
