import {
  RootConfigService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import {
  readGlobalSchedule,
  runOnEveryDatabase,
  ScheduledRoundSummary,
  ScheduledRunDeps,
  scheduleRound,
} from './scheduledRuns';

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
export interface ScheduleVerificationDeps extends ScheduledRunDeps {
  config: RootConfigService;
}

/**
 * Verifies the newest backup of every database Resource that names a target, one after the other,
 * as a recorded run per database. Returns how many passed, failed or could not run.
 *
 * @public
 */
export async function verifyAllDatabases(
  deps: ScheduledRunDeps,
  options: { mode: 'quick' | 'full'; period: string; signal?: AbortSignal },
): Promise<ScheduledRoundSummary> {
  const { mode, ...round } = options;
  return runOnEveryDatabase(deps, {
    ...round,
    label: 'Scheduled verification',
    keyPrefix: 'scheduled-verification',
    operation: 'verify',
    parameters: { mode },
  });
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
  const schedule = readGlobalSchedule(block) ?? DEFAULT_VERIFICATION_SCHEDULE;
  const mode = (block?.getOptionalString('mode') ?? 'full') as 'quick' | 'full';
  if (mode !== 'quick' && mode !== 'full') {
    throw new Error(
      `disasterRecovery.verification.mode must be quick or full, got ${JSON.stringify(
        mode,
      )}`,
    );
  }
  await scheduleRound(scheduler, {
    id: VERIFICATION_TASK_ID,
    schedule,
    label: `Backup verification (${mode})`,
    logger: deps.logger,
    round: (period, signal) =>
      verifyAllDatabases(deps, { mode, period, signal }),
  });
}
