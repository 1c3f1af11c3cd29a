/** A backup verification result. @public */
export interface VerificationRecord {
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

/** Backup verification results, written by verify runs, read by posture and metrics. @public */
export interface VerificationStore {
  /**
   * Inserts a verification result or replaces it by id. A result about one backup (`backupId`)
   * is refused (ConflictError) when that backup's row is missing or marked deleted: a
   * verification of an object that is gone is not evidence.
   */
  recordVerification(record: VerificationRecord): Promise<void>;
  /** Verification results, newest first, of one target or (without `target`) of all. */
  listVerifications(options: {
    target?: string;
    since?: Date;
    limit?: number;
  }): Promise<VerificationRecord[]>;
}
