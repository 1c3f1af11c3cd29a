import { RecoveryRun } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { RecoveryOperationExecutor } from './RecoveryOperationExecutor';
import { OperationCaller } from './run/caller';
import { OperationRequest } from './parameters';

/**
 * Runs one recovery operation through the executor (permission, validation, lock, audit, record)
 * and, unless `wait` is false, waits for it to end. Throws when the run fails, so callers (the
 * actions registry, scripts) never mistake a failed run for a success.
 *
 * @public
 */
export async function runOperation(
  executor: RecoveryOperationExecutor,
  request: OperationRequest,
  caller: OperationCaller,
  options: { wait?: boolean; signal?: AbortSignal } = {},
): Promise<RecoveryRun> {
  const started = await executor.start(request, caller);
  if (started.dryRun || options.wait === false) {
    return started;
  }
  const run = await executor.waitForRun(started.id, options.signal);
  if (run.status === 'failed') {
    const error = new Error(
      `Run ${run.id} (${run.operation} of ${run.entityRef} on target ${
        run.target
      }) failed: ${run.error ?? 'no error recorded'}`,
    );
    error.name = 'RecoveryRunFailedError';
    throw error;
  }
  return run;
}
