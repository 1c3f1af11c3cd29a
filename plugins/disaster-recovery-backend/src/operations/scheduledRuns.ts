import {
  AuthService,
  LoggerService,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { DR_ANNOTATIONS } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { OperationRequest } from './parameters';
import { RecoveryOperationExecutor } from './RecoveryOperationExecutor';
import { runOperation } from './runOperation';

/** What a scheduled operation over every database needs. @public */
export interface ScheduledRunDeps {
  executor: RecoveryOperationExecutor;
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
}

/** Which databases a scheduled round ran the operation on, by outcome. @public */
export interface ScheduledRoundSummary {
  passed: string[];
  failed: string[];
  /** Could not run (refused, target busy, unknown target). */
  skipped: string[];
  /** Why each failed or skipped database did, by entity ref. */
  reasons: Record<string, string>;
}

/**
 * Reads the `schedule` of a config block as a task schedule with global scope (one backend
 * replica runs it); undefined when the block has none.
 */
export function readGlobalSchedule(
  block: Config | undefined,
): SchedulerServiceTaskScheduleDefinition | undefined {
  if (!block?.has('schedule')) return undefined;
  return {
    ...readSchedulerServiceTaskScheduleDefinitionFromConfig(
      block.getConfig('schedule'),
    ),
    scope: 'global',
  };
}

/**
 * Runs one operation on every database Resource that names a target, one after the other, each as
 * a recorded run through the executor (validated, locked, audited) on behalf of the backend
 * itself. One run per database and period: its idempotency key is `<keyPrefix>:<period>:<entity>`,
 * so a second round for the same period starts nothing new.
 */
export async function runOnEveryDatabase(
  deps: ScheduledRunDeps,
  options: {
    /** Names the operation in the log ("Scheduled backup"). */
    label: string;
    /** Starts the runs' idempotency keys ("scheduled-backup"). */
    keyPrefix: string;
    operation: OperationRequest['operation'];
    parameters: OperationRequest['parameters'];
    period: string;
    signal?: AbortSignal;
  },
): Promise<ScheduledRoundSummary> {
  const { executor, catalog, auth, logger } = deps;
  const credentials = await auth.getOwnServiceCredentials();
  const summary: ScheduledRoundSummary = {
    passed: [],
    failed: [],
    skipped: [],
    reasons: {},
  };
  const { items } = await catalog.getEntities(
    {
      filter: {
        kind: 'resource',
        'spec.type': 'database',
        [`metadata.annotations.${DR_ANNOTATIONS.target}`]:
          CATALOG_FILTER_EXISTS,
      },
      fields: ['kind', 'metadata', 'spec.type'],
    },
    { credentials },
  );
  for (const entity of items) {
    if (options.signal?.aborted) {
      break;
    }
    const entityRef = stringifyEntityRef(entity);
    try {
      const run = await runOperation(
        executor,
        {
          operation: options.operation,
          entityRef,
          parameters: options.parameters,
          idempotencyKey: `${options.keyPrefix}:${options.period}:${entityRef}`,
        },
        { credentials, trusted: true, via: 'scheduler' },
        { signal: options.signal },
      );
      logger.info(`${options.label} of ${entityRef} passed (run ${run.id})`);
      summary.passed.push(entityRef);
    } catch (error) {
      const e = error as Error;
      if (e.name === 'RecoveryRunFailedError') {
        logger.error(`${options.label} of ${entityRef} FAILED: ${e.message}`);
        summary.failed.push(entityRef);
        summary.reasons[entityRef] = e.message;
      } else {
        logger.warn(
          `${options.label} of ${entityRef} did not run: ${e.message}`,
        );
        summary.skipped.push(entityRef);
        summary.reasons[entityRef] = e.message;
      }
    }
  }
  return summary;
}

/**
 * Ends a scheduled round: logs its counts and throws when any database failed or did not run, so
 * that the scheduler records the task's run as failed (its `lastRunError`) instead of a success;
 * the failed runs themselves are recorded by the executor.
 */
function finishRound(
  label: string,
  summary: ScheduledRoundSummary,
  logger: LoggerService,
): void {
  const { passed, failed, skipped, reasons } = summary;
  logger.info(
    `${label}: ${passed.length} passed, ${failed.length} failed, ${skipped.length} did not run`,
  );
  if (failed.length === 0 && skipped.length === 0) return;
  const list = (refs: string[]) =>
    refs.map(ref => `${ref} (${reasons[ref]})`).join('; ');
  throw new Error(
    [
      `${label}: ${failed.length + skipped.length} of ${
        passed.length + failed.length + skipped.length
      } databases did not pass`,
      failed.length ? `failed: ${list(failed)}` : undefined,
      skipped.length ? `did not run: ${list(skipped)}` : undefined,
    ]
      .filter(Boolean)
      .join('; '),
  );
}

/**
 * Schedules a round over every database: each run of the task gets a period (the minute it
 * started, which makes its runs idempotent) and ends as {@link finishRound} says.
 */
export async function scheduleRound(
  scheduler: SchedulerService,
  options: {
    id: string;
    schedule: SchedulerServiceTaskScheduleDefinition;
    label: string;
    logger: LoggerService;
    round: (
      period: string,
      signal: AbortSignal,
    ) => Promise<ScheduledRoundSummary>;
  },
): Promise<void> {
  await scheduler.scheduleTask({
    id: options.id,
    ...options.schedule,
    fn: async signal => {
      const period = new Date().toISOString().slice(0, 16);
      const summary = await options.round(period, signal);
      finishRound(options.label, summary, options.logger);
    },
  });
}
