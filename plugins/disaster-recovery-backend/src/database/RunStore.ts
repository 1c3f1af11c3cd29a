import {
  RecoveryRun,
  RunPurpose,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';

/** A lock on a target, held by a recovery run. @public */
export interface TargetLock {
  target: string;
  owner: string;
  runId?: string;
  /** Secret of the holder: heartbeat and release must present it. */
  token: string;
  acquiredAt: string;
  heartbeatAt: string;
  expiresAt: string;
}

/** Query of recovery runs. @public */
export interface RecoveryRunQuery {
  entityRef?: string;
  target?: string;
  /** With both `entityRef` and `target`: runs matching either (default: both). */
  matchEither?: boolean;
  operations?: string[];
  /** Only runs with one of these purposes. */
  purposes?: RunPurpose[];
  /** Only runs that named this incident. */
  incidentId?: string;
  since?: Date;
  offset?: number;
  limit?: number;
}

/**
 * Recovery runs and the per-target locks they hold, shared by every backend replica: written by
 * the operation executor, read by the runs API, the posture evaluation and the metrics.
 *
 * @public
 */
export interface RunStore {
  /** Inserts a recovery run or replaces it by id. */
  saveRecoveryRun(run: RecoveryRun): Promise<void>;
  /** One run by id. */
  getRecoveryRun(id: string): Promise<RecoveryRun | undefined>;
  /** Runs, newest first, paged and counted. */
  listRecoveryRuns(
    query: RecoveryRunQuery,
  ): Promise<{ items: RecoveryRun[]; totalItems: number }>;

  /**
   * Takes the lock on a target for `ttlMs` unless another owner holds an unexpired one; returns
   * the lock, or undefined when it is held. Safe across backend replicas.
   */
  acquireLock(options: {
    target: string;
    owner: string;
    runId?: string;
    ttlMs: number;
  }): Promise<TargetLock | undefined>;
  /** Extends a held lock; false when it was lost (expired and taken, or released). */
  heartbeatLock(lock: TargetLock, ttlMs: number): Promise<boolean>;
  /** Releases a held lock; false when it was not held any more. */
  releaseLock(lock: TargetLock): Promise<boolean>;
  /** The current, unexpired lock of a target. */
  getLock(target: string): Promise<TargetLock | undefined>;
}
