import { RecoveryRun } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { scrubSecrets } from '@dr-portal/backstage-plugin-disaster-recovery-node';
import { TargetLock } from '../../database/RunStore';
import { OperationOutcome, OperationPlan } from '../operationDefinition';
import { ResolvedEntity } from '../resolveEntity';
import { achievedRecoveryTimes, elapsedSeconds } from './recoveryTimes';

/** Longest error text a run keeps. */
const MAX_ERROR_LENGTH = 4000;

/** Records a successful end: status, output, restore point and, for a recovery, its RTO and data loss. */
export function completeRun(
  run: RecoveryRun,
  outcome: OperationOutcome,
  finishedAt: Date,
): void {
  run.finishedAt = finishedAt.toISOString();
  run.status = 'succeeded';
  run.output = { ...run.output, ...outcome.output };
  if (outcome.restorePoint) {
    run.restorePoint = outcome.restorePoint;
  }
  if (outcome.serviceRestored) {
    const { at, incidentStartedAt, dataLossSeconds } = outcome.serviceRestored;
    run.achievedRtoSeconds = elapsedSeconds(
      incidentStartedAt ?? run.startedAt,
      new Date(at),
    );
    if (dataLossSeconds !== undefined) {
      run.dataLossSeconds = dataLossSeconds;
    }
  } else if (outcome.measuresRecovery) {
    Object.assign(
      run,
      achievedRecoveryTimes({
        startedAt: run.startedAt,
        finishedAt,
        restorePoint: outcome.restorePoint,
      }),
    );
  }
}

/** Why a run failed: the cancel or deadline reason when it was aborted, else the error. */
export function failureReason(
  signal: AbortSignal,
  failure: Error | undefined,
): string {
  if (signal.aborted) {
    return `Cancelled: ${
      (signal.reason as Error | undefined)?.message ?? 'cancel requested'
    }`;
  }
  return failure?.message ?? String(failure);
}

/**
 * The run ended (completed with its outcome, or failed), as a copy: the live run, which readers
 * of `GET /runs/:id` see, stays running until the caller has recorded the run's evidence.
 */
export function endedRun(
  run: RecoveryRun,
  options: {
    outcome?: OperationOutcome;
    failure?: Error;
    signal: AbortSignal;
    secrets: string[];
    finishedAt: Date;
    failureOutput?: { output?: Record<string, unknown> };
  },
): RecoveryRun {
  const ended: RecoveryRun = { ...run, steps: [...run.steps] };
  if (options.outcome) {
    completeRun(ended, options.outcome, options.finishedAt);
  } else {
    failRun(ended, {
      reason: failureReason(options.signal, options.failure),
      secrets: options.secrets,
      finishedAt: options.finishedAt,
      failureOutput: options.failureOutput,
    });
  }
  return ended;
}

/**
 * Records a failed end: the reason without any secret, the operation's failure output, and
 * every step that had not ended marked failed.
 */
export function failRun(
  run: RecoveryRun,
  options: {
    reason: string;
    secrets: string[];
    finishedAt: Date;
    /** What the operation reports of its failure (its `onFailure`). */
    failureOutput?: { output?: Record<string, unknown> };
  },
): void {
  run.finishedAt = options.finishedAt.toISOString();
  run.status = 'failed';
  run.error = scrubSecrets(options.reason, options.secrets).slice(
    0,
    MAX_ERROR_LENGTH,
  );
  if (options.failureOutput?.output) {
    run.output = { ...run.output, ...options.failureOutput.output };
  }
  for (const step of run.steps) {
    if (step.status === 'running' || step.status === 'pending') {
      step.status = 'failed';
      step.finishedAt = step.finishedAt ?? run.finishedAt;
    }
  }
}

/**
 * The plan of a dry run, shaped as a run: every step pending, what it would not touch, and which
 * run currently holds the target's lock.
 */
export function plannedRun(
  base: Pick<
    RecoveryRun,
    | 'id'
    | 'operation'
    | 'entityRef'
    | 'databaseRef'
    | 'target'
    | 'initiatedBy'
    | 'purpose'
    | 'startedAt'
  >,
  plan: OperationPlan,
  entity: Pick<ResolvedEntity, 'databaseRef'>,
  holder: TargetLock | undefined,
): RecoveryRun {
  return {
    ...base,
    status: 'planned',
    dryRun: true,
    steps: plan.steps.map(step => ({ ...step, status: 'pending' })),
    output: {
      databaseRef: entity.databaseRef,
      wouldNotTouch: plan.wouldNotTouch,
      ...(plan.resolved ?? {}),
      ...(holder ? { currentlyLockedBy: holder.runId ?? holder.owner } : {}),
    },
  };
}
