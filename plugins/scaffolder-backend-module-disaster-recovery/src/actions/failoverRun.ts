import {
  FailoverRequest,
  failoverOperationFor,
  RecoveryRun,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { DisasterRecoveryActionOptions } from './helpers';
import { OutputSink, outputRun } from './outputs';
import { OperationActionContext, runRecoveryOperation } from './runOperation';

/**
 * Runs a failover request (preflight, switchover, failover or reprotect) on an entity through the
 * backend as the action `actionId` (a preflight only plans), then writes the run and its `outputs`
 * to the task output.
 */
export async function runFailoverAction(
  ctx: OperationActionContext & OutputSink,
  options: DisasterRecoveryActionOptions,
  actionId: string,
  request: FailoverRequest & { entityRef: string; incidentId?: string },
  outputs: string[],
  /** Called with the ended run before its outputs are written (and before a failed run throws). */
  onRun?: (run: RecoveryRun) => void,
): Promise<void> {
  const { entityRef, incidentId, ...failover } = request;
  const { operation, parameters, dryRun } = failoverOperationFor(failover);
  const run = await runRecoveryOperation(ctx, options, {
    actionId,
    operation,
    entityRef,
    parameters,
    dryRun,
    ...(incidentId ? { incidentId } : {}),
  });
  onRun?.(run);
  await outputRun(ctx, options, run, outputs);
}
