import { LoggerService } from '@backstage/backend-plugin-api';
import {
  RecoveryRun,
  RecoveryRunStep,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { OperationStep } from '@dr-portal/backstage-plugin-disaster-recovery-node';
import { RunStore } from '../../database/RunStore';
import { TopologyStore } from '../../database/TopologyStore';
import { OperationDefinition } from '../operationDefinition';

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
 *
 * The roles of the target's servers are saved as soon as a step changes them (a promotion), not
 * only at the run's end: a backend that dies after promoting a standby leaves the promoted
 * server recorded as the primary, so a reprotect can repair the pair. The run's end records them
 * again with the replication they leave.
 */
export function recordRunProgress(
  stores: { runs: Pick<RunStore, 'saveRecoveryRun'>; topology: TopologyStore },
  started: {
    run: RecoveryRun;
    definition: Pick<OperationDefinition, 'rolesAfter'>;
    prepared: unknown;
    configured: { name: string };
  },
  logger: LoggerService,
): { persist(): Promise<void>; onStep(step: OperationStep): void } {
  const { run, definition, prepared } = started;
  let saving: Promise<void> = Promise.resolve();
  let savedRoles: string | undefined;
  const enqueue = (save: () => Promise<void>, what: string) => {
    saving = saving
      .then(save)
      .catch(error =>
        logger.warn(`Could not record ${what} of run ${run.id}: ${error}`),
      );
    return saving;
  };
  const persist = () => {
    const snapshot: RecoveryRun = {
      ...run,
      steps: run.steps.map(s => ({ ...s })),
    };
    return enqueue(() => stores.runs.saveRecoveryRun(snapshot), 'progress');
  };
  const saveRolesIfChanged = () => {
    const roles = definition.rolesAfter?.(prepared, run.steps);
    if (!roles || JSON.stringify(roles) === savedRoles) return;
    savedRoles = JSON.stringify(roles);
    const topology = {
      target: started.configured.name,
      ...roles,
      changedAt: new Date().toISOString(),
      runId: run.id,
    };
    void enqueue(() => stores.topology.setTopology(topology), 'the new roles');
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
      if (recorded.status === 'succeeded') saveRolesIfChanged();
      void persist();
    },
  };
}
