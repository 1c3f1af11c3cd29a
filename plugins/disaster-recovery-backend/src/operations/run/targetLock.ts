import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import { RunStore, TargetLock } from '../../database/RunStore';

/**
 * Renews a run's lock every third of its time-to-live while the run lives. When the lock is lost
 * (expired and taken by another replica, or released), the run is aborted to stay safe. Returns
 * the function that stops the renewal.
 */
export function keepLockAlive(options: {
  runs: Pick<RunStore, 'heartbeatLock'>;
  lock: TargetLock;
  ttlMs: number;
  controller: AbortController;
  logger: LoggerService;
}): () => void {
  const { runs, lock, ttlMs, controller, logger } = options;
  const timer = setInterval(async () => {
    try {
      const held = await runs.heartbeatLock(lock, ttlMs);
      if (!held && !controller.signal.aborted) {
        controller.abort(
          new Error(
            `Lost the lock on target ${lock.target}; stopped to stay safe`,
          ),
        );
      }
    } catch (error) {
      logger.warn(`Lock heartbeat failed: ${error}`);
    }
  }, Math.max(1000, Math.floor(ttlMs / 3)));
  return () => clearInterval(timer);
}

/**
 * Takes the target's lock for a run (shared by every backend replica), or throws the
 * ConflictError of {@link busyTargetError} when another run holds it.
 */
export async function acquireTargetLock(
  runs: Pick<RunStore, 'acquireLock' | 'getLock' | 'getRecoveryRun'>,
  options: { target: string; owner: string; runId: string; ttlMs: number },
): Promise<TargetLock> {
  const lock = await runs.acquireLock(options);
  if (!lock) {
    throw await busyTargetError(runs, options.target, options.runId);
  }
  return lock;
}

/**
 * The ConflictError for a target whose lock another run holds, naming that run (or the
 * concurrent request with the same idempotency key) and what to do.
 */
export async function busyTargetError(
  runs: Pick<RunStore, 'getLock' | 'getRecoveryRun'>,
  target: string,
  runId: string,
): Promise<Error> {
  const holder = await runs.getLock(target);
  if (holder?.runId === runId) {
    return new ConflictError(
      `Run ${runId} is being started by a concurrent request with the same idempotency key`,
    );
  }
  const running = holder?.runId
    ? await runs.getRecoveryRun(holder.runId)
    : undefined;
  const who = running
    ? `run ${running.id} (${running.operation} of ${running.entityRef}, started ${running.startedAt} by ${running.initiatedBy})`
    : `another operation (${
        holder?.runId ?? holder?.owner ?? 'unknown owner'
      })`;
  return new ConflictError(
    `Target ${target} is busy: ${who} holds its lock. Wait for it to finish (GET /runs/${
      running?.id ?? ':id'
    }) or cancel it, then try again.`,
  );
}

/**
 * Aborts a run still going after `maxRunDurationMs`, so a hung tool cannot hold its target's lock
 * forever. Returns the function that clears the deadline.
 */
export function abortAtDeadline(
  controller: AbortController,
  maxRunDurationMs: number,
): () => void {
  const timer = setTimeout(
    () =>
      controller.abort(
        new Error(
          `the run exceeded its maximum duration of ${Math.round(
            maxRunDurationMs / 1000,
          )} s`,
        ),
      ),
    maxRunDurationMs,
  );
  return () => clearTimeout(timer);
}
