import { LoggerService } from '@backstage/backend-plugin-api';
import {
  RecoveryRun,
  RecoveryRunStep,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { OperationStep } from '@dr-portal/backstage-plugin-disaster-recovery-node';
import { RunStore } from '../../database/RunStore';

function toRunStep(step: OperationStep): RecoveryRunStep {
  return {
    id: step.id,
    title: step.title,
    status: step.status,
    startedAt: step.startedAt,
    finishedAt: step.finishedAt,
    detail: step.detail,
  };
}

/**
 * Records a run's progress live: each step the operation reports replaces the step of that id
 * (or is appended), and every change is saved in order, one save after the other. A failed
 * progress save is logged and the run goes on; the final save (`persist`) is awaited.
 */
export function recordRunProgress(
  runs: Pick<RunStore, 'saveRecoveryRun'>,
  run: RecoveryRun,
  logger: LoggerService,
): { persist(): Promise<void>; onStep(step: OperationStep): void } {
  let saving: Promise<void> = Promise.resolve();
  const persist = () => {
    const snapshot: RecoveryRun = {
      ...run,
      steps: run.steps.map(s => ({ ...s })),
    };
    saving = saving
      .then(() => runs.saveRecoveryRun(snapshot))
      .catch(error =>
        logger.warn(`Could not record progress of run ${run.id}: ${error}`),
      );
    return saving;
  };
  return {
    persist,
    onStep(step) {
      const recorded = toRunStep(step);
      const index = run.steps.findIndex(s => s.id === recorded.id);
      if (index >= 0) {
        run.steps[index] = recorded;
      } else {
        run.steps.push(recorded);
      }
      void persist();
    },
  };
}
