import {
  AuthService,
  LoggerService,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  RootConfigService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { DR_ANNOTATIONS } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { RecoveryOperationExecutor } from './RecoveryOperationExecutor';
import { runOperation } from './runOperation';

/**
 * Default schedule of the backup verification: monthly, per the DR test calendar of the plan
 * ("Backup verification: monthly"), at 03:00 on the 1st.
 *
 * @public
 */
export const DEFAULT_VERIFICATION_SCHEDULE: SchedulerServiceTaskScheduleDefinition =
  {
    frequency: { cron: '0 3 1 * *' },
    timeout: { hours: 6 },
    initialDelay: { minutes: 1 },
    scope: 'global',
  };

/** Id of the scheduled task. @public */
export const VERIFICATION_TASK_ID = 'disaster-recovery-backup-verification';

/** Dependencies of {@link scheduleVerification}. @public */
export interface ScheduleVerificationDeps {
  executor: RecoveryOperationExecutor;
  config: RootConfigService;
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
}

/**
 * Verifies the newest backup of every database Resource that names a target, one after the other,
 * as a recorded run per database. Returns how many passed, failed or could not run.
 *
 * @public
 */
export async function verifyAllDatabases(
  deps: ScheduleVerificationDeps,
  options: { mode: 'quick' | 'full'; period: string; signal?: AbortSignal },
): Promise<{ passed: string[]; failed: string[]; skipped: string[] }> {
  const { executor, catalog, auth, logger } = deps;
  const credentials = await auth.getOwnServiceCredentials();
  const result = {
    passed: [] as string[],
    failed: [] as string[],
    skipped: [] as string[],
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
          operation: 'verify',
          entityRef,
          parameters: { mode: options.mode },
          idempotencyKey: `scheduled-verification:${options.period}:${entityRef}`,
        },
        { credentials, trusted: true, via: 'scheduler' },
        { signal: options.signal },
      );
      logger.info(
        `Scheduled verification of ${entityRef} passed (run ${run.id})`,
      );
      result.passed.push(entityRef);
    } catch (error) {
      const e = error as Error;
      if (e.name === 'RecoveryRunFailedError') {
        logger.error(
          `Scheduled verification of ${entityRef} FAILED: ${e.message}`,
        );
        result.failed.push(entityRef);
      } else {
        logger.warn(
          `Scheduled verification of ${entityRef} did not run: ${e.message}`,
        );
        result.skipped.push(entityRef);
      }
    }
  }
  return result;
}

/**
 * Schedules the backup verification of the DR test calendar (monthly by default; override with
 * app-config `disasterRecovery.verification.schedule`, and the mode with
 * `disasterRecovery.verification.mode`, default `full`). Runs once across backend replicas.
 *
 * @public
 */
export async function scheduleVerification(
  scheduler: SchedulerService,
  deps: ScheduleVerificationDeps,
): Promise<void> {
  const block = deps.config.getOptionalConfig('disasterRecovery.verification');
  const schedule = block?.has('schedule')
    ? {
        ...readSchedulerServiceTaskScheduleDefinitionFromConfig(
          block.getConfig('schedule'),
        ),
        scope: 'global' as const,
      }
    : DEFAULT_VERIFICATION_SCHEDULE;
  const mode = (block?.getOptionalString('mode') ?? 'full') as 'quick' | 'full';
  if (mode !== 'quick' && mode !== 'full') {
    throw new Error(
      `disasterRecovery.verification.mode must be quick or full, got ${JSON.stringify(
        mode,
      )}`,
    );
  }
  await scheduler.scheduleTask({
    id: VERIFICATION_TASK_ID,
    ...schedule,
    fn: async signal => {
      const period = new Date().toISOString().slice(0, 16);
      const summary = await verifyAllDatabases(deps, { mode, period, signal });
      deps.logger.info(
        `Backup verification (${mode}): ${summary.passed.length} passed, ${summary.failed.length} failed, ${summary.skipped.length} did not run`,
      );
    },
  });
}
