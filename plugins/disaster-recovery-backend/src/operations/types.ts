import type {
  EvidenceStore,
  NewBackup,
  TargetLock,
  VerificationRecord,
} from '../database/EvidenceStore';

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
export type RunRecorder = Pick<
  EvidenceStore,
  'saveRecoveryRun' | 'getRecoveryRun'
>;

/** A held lock on a target (the evidence store's lock row). @public */
export type HeldTargetLock = TargetLock;

/** Per-target locks shared by every backend replica (a subset of the evidence store). @public */
export type TargetLocks = Pick<
  EvidenceStore,
  'acquireLock' | 'heartbeatLock' | 'releaseLock' | 'getLock'
>;

/** A backup verification result as the evidence store records it. @public */
export type VerificationEvidence = VerificationRecord;

/** A new backup as the evidence store indexes it. @public */
export type BackupEvidence = NewBackup;

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
