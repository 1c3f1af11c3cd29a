import {
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import {
  readGlobalSchedule,
  runOnEveryDatabase,
  ScheduledRoundSummary,
  ScheduledRunDeps,
  scheduleRound,
} from './scheduledRuns';

/** Id of the scheduled backup task. @public */
export const BACKUP_TASK_ID = 'disaster-recovery-scheduled-backup';

/** Dependencies of {@link scheduleBackups}. @public */
export interface ScheduleBackupsDeps extends ScheduledRunDeps {
  config: RootConfigService;
}

/**
 * Backs up every database Resource that names a target, one after the other, each as a recorded
 * `backup` run (the same operation as the REST route, the actions registry and the scaffolder
 * action; with `s3.copyTo` on the target, the run also copies the backup to the other region).
 * `period` makes the round idempotent: a second round for the same period starts nothing new.
 *
 * @public
 */
export async function backupAllDatabases(
  deps: ScheduledRunDeps,
  options: { period: string; signal?: AbortSignal },
): Promise<ScheduledRoundSummary> {
  return runOnEveryDatabase(deps, {
    ...options,
    label: 'Scheduled backup',
    keyPrefix: 'scheduled-backup',
    operation: 'backup',
    parameters: {},
  });
}

/**
 * Schedules backups of every database when app-config `disasterRecovery.backups.schedule` is set
 * (nothing is scheduled without it, or with `enabled: false`: the platform may take its backups
 * by other means). Runs once
 * across backend replicas (global scope). Returns whether a task was scheduled.
 *
 * @public
 */
export async function scheduleBackups(
  scheduler: SchedulerService,
  deps: ScheduleBackupsDeps,
): Promise<boolean> {
  const block = deps.config.getOptionalConfig('disasterRecovery.backups');
  const schedule = readGlobalSchedule(block);
  if (!schedule || block?.getOptionalBoolean('enabled') === false) {
    return false;
  }
  await scheduleRound(scheduler, {
    id: BACKUP_TASK_ID,
    schedule,
    label: 'Scheduled backups',
    logger: deps.logger,
    round: (period, signal) => backupAllDatabases(deps, { period, signal }),
  });
  return true;
}
