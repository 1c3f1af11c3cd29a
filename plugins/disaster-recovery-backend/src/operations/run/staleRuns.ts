import { NotFoundError } from '@backstage/errors';
import { RecoveryRun } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { RunStore } from '../../database/RunStore';
import { ActiveRuns } from './activeRuns';

/**
 * A recorded run as it really is: a run still `running` whose lock nobody holds any more was left
 * by a backend that stopped mid-way; it is recorded (and returned) as failed, interrupted.
 */
export async function repairInterruptedRun(
  runs: Pick<RunStore, 'getLock' | 'saveRecoveryRun'>,
  run: RecoveryRun,
): Promise<RecoveryRun> {
  if (run.status !== 'running') {
    return run;
  }
  const lock = await runs.getLock(run.target);
  if (lock && lock.runId === run.id) {
    return run;
  }
  const interrupted: RecoveryRun = {
    ...run,
    status: 'failed',
    finishedAt: run.finishedAt ?? new Date().toISOString(),
    error:
      'Interrupted: the backend executing this run stopped before it finished (its lock expired)',
    steps: run.steps.map(s =>
      s.status === 'running' || s.status === 'pending'
        ? { ...s, status: 'failed' }
        : s,
    ),
  };
  await runs.saveRecoveryRun(interrupted);
  return interrupted;
}

/** A run by id: its live progress while it runs on this backend, else as recorded (a run a dead backend left `running` reported failed); NotFoundError when there is none. */
export async function findRun(
  active: Pick<ActiveRuns, 'live'>,
  runs: RunStore,
  id: string,
): Promise<RecoveryRun> {
  const local = active.live(id);
  if (local) {
    return local;
  }
  const run = await runs.getRecoveryRun(id);
  if (!run) {
    throw new NotFoundError(`No recovery run ${id}`);
  }
  return repairInterruptedRun(runs, run);
}
