import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { JsonObject, JsonValue } from '@backstage/types';
import {
  RecoveryOperationName,
  RecoveryRun,
  RecoveryRunStep,
  RunPurpose,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { DisasterRecoveryActionOptions, onBehalfOf, stepKey } from './helpers';

/** The parts of the scaffolder action context that running an operation uses. */
export interface OperationActionContext {
  logger: LoggerService;
  isDryRun?: boolean;
  signal?: AbortSignal;
  task: { id: string };
  step?: { id?: string; name?: string };
  each?: JsonObject;
  checkpoint<T extends JsonValue | void>(opts: {
    key: string;
    fn: () => Promise<T> | T;
  }): Promise<T>;
  getInitiatorCredentials(): Promise<BackstageCredentials>;
}

function seconds(from?: string, to?: string): number | undefined {
  if (!from || !to) {
    return undefined;
  }
  return Math.round((Date.parse(to) - Date.parse(from)) / 100) / 10;
}

function describeStep(step: RecoveryRunStep): string {
  const took = seconds(step.startedAt, step.finishedAt);
  const parts = [`[${step.status}] ${step.title}`];
  if (took !== undefined) {
    parts.push(`(${took}s)`);
  }
  if (step.detail) {
    parts.push(`- ${step.detail}`);
  }
  return parts.join(' ');
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise(resolve => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

function logPlan(logger: LoggerService, run: RecoveryRun) {
  logger.info(
    `Dry run: ${run.operation} of ${run.entityRef} on target ${run.target} would take these steps:`,
  );
  run.steps.forEach((step, index) => {
    logger.info(
      `  ${index + 1}. ${step.title}${step.detail ? ` - ${step.detail}` : ''}`,
    );
  });
  const untouched = run.output?.wouldNotTouch;
  if (Array.isArray(untouched) && untouched.length > 0) {
    logger.info(`It would NOT touch: ${untouched.join('; ')}`);
  }
}

/**
 * The backend's refusal of a request (4xx: invalid input such as a time outside the PITR window,
 * not allowed, target busy) as the task log shows it: the scaffolder prints a failed step's
 * `stack`, and a refusal is the user's to fix, not a crash, so its stack is only its message.
 */
export async function refusalWithoutTrace<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    const status = (error as { statusCode?: unknown }).statusCode;
    if (
      error instanceof Error &&
      typeof status === 'number' &&
      status >= 400 &&
      status < 500
    ) {
      error.stack = `${error.name}: ${error.message}`;
    }
    throw error;
  }
}

/** A run summary suitable for `ctx.output('steps', ...)`. */
export function stepsOutput(run: RecoveryRun) {
  // Array.from: a fresh array of this realm (response.json() may build arrays in another one,
  // which the scaffolder's template sandbox refuses).
  return Array.from(run.steps, step => ({
    id: step.id,
    title: step.title,
    status: step.status,
    ...(step.startedAt ? { startedAt: step.startedAt } : {}),
    ...(step.finishedAt ? { finishedAt: step.finishedAt } : {}),
    ...(seconds(step.startedAt, step.finishedAt) !== undefined
      ? { durationSeconds: seconds(step.startedAt, step.finishedAt)! }
      : {}),
    ...(step.detail ? { detail: step.detail } : {}),
  }));
}

/** Seconds between the run's start and end, if it ended. */
export function runDurationSeconds(run: RecoveryRun): number | undefined {
  return seconds(run.startedAt, run.finishedAt);
}

/**
 * Starts a recovery operation on the disaster-recovery backend (once per task step, even when the
 * task is retried), follows its steps in the task log until it ends, cancels it when the task is
 * cancelled, and throws when it fails. In a dry run (and for a preflight) it asks the backend for the plan and logs it.
 */
export async function runRecoveryOperation(
  ctx: OperationActionContext,
  options: DisasterRecoveryActionOptions,
  request: {
    actionId: string;
    operation: RecoveryOperationName;
    entityRef: string;
    parameters: Record<string, unknown>;
    /** Why the run is made (restores); the backend derives it when absent. */
    purpose?: RunPurpose;
    /** The incident (`INC-YYYY-NNN`) the run serves; the backend refuses an unknown one. */
    incidentId?: string;
    /** Always only plan (a preflight), also in a real task. */
    dryRun?: boolean;
  },
): Promise<RecoveryRun> {
  const { api } = options;
  const pollIntervalMs = options.pollIntervalMs ?? 2000;
  // A fresh token for each call: a long run outlives one token.
  const requestOptions = () => onBehalfOf(ctx, options.auth);

  if (ctx.isDryRun || request.dryRun) {
    const plan = await refusalWithoutTrace(
      api.startOperation(
        {
          operation: request.operation,
          entityRef: request.entityRef,
          ...(request.purpose ? { purpose: request.purpose } : {}),
          ...(request.incidentId ? { incidentId: request.incidentId } : {}),
          parameters: request.parameters,
          dryRun: true,
        },
        await requestOptions(),
      ),
    );
    logPlan(ctx.logger, plan);
    return plan;
  }

  const key = stepKey(ctx, request.actionId);
  const runId = await ctx.checkpoint<string>({
    key: `disaster-recovery.start.${request.operation}.${key}`,
    fn: async () => {
      const started = await refusalWithoutTrace(
        api.startOperation(
          {
            operation: request.operation,
            entityRef: request.entityRef,
            ...(request.purpose ? { purpose: request.purpose } : {}),
            ...(request.incidentId ? { incidentId: request.incidentId } : {}),
            parameters: request.parameters,
            idempotencyKey: `scaffolder:${ctx.task.id}:${key}`,
          },
          await requestOptions(),
        ),
      );
      ctx.logger.info(
        `Started ${request.operation} of ${request.entityRef} on target ${started.target} as run ${started.id}`,
      );
      return started.id;
    },
  });

  const seen = new Map<string, string>();
  for (;;) {
    if (ctx.signal?.aborted) {
      ctx.logger.warn(`Task cancelled: cancelling run ${runId}`);
      await api.cancelRun(runId, await requestOptions());
      throw new Error(
        `Run ${runId} (${request.operation} of ${request.entityRef}) was cancelled with the task`,
      );
    }
    const run = await api.getRun(runId, await requestOptions());
    for (const step of run.steps) {
      if (seen.get(step.id) !== step.status && step.status !== 'pending') {
        seen.set(step.id, step.status);
        ctx.logger.info(describeStep(step));
      }
    }
    if (run.status === 'succeeded') {
      ctx.logger.info(
        `Run ${run.id} succeeded in ${runDurationSeconds(run) ?? '?'}s`,
      );
      return run;
    }
    if (run.status === 'failed') {
      throw new Error(
        `Run ${run.id} (${run.operation} of ${run.entityRef} on target ${
          run.target
        }) failed: ${run.error ?? 'no error recorded'}`,
      );
    }
    await sleep(pollIntervalMs, ctx.signal);
  }
}
