import { PgClientOptions } from '@dr-portal/backstage-plugin-disaster-recovery-node';
import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { tryParseDuration } from '@dr-portal/backstage-plugin-disaster-recovery-common';

/** The collectors, by their config key under `disasterRecovery.collectors`. @public */
export type CollectorName =
  | 's3Index'
  | 'pgbackrest'
  | 'replication'
  | 'posture';

/** Schedule and switches of one collector. @public */
export interface CollectorSetting {
  enabled: boolean;
  schedule: SchedulerServiceTaskScheduleDefinition;
}

/** Settings of every collector. @public */
export type CollectorSettings = Record<CollectorName, CollectorSetting> & {
  /** How often the S3 indexer lists everything again instead of only what can still change (ms). */
  s3FullRescanEveryMs: number;
  /** How long after its day ended a date partition is still re-listed on every pass (ms). */
  s3OpenForMs: number;
};

const DEFAULTS: Record<CollectorName, SchedulerServiceTaskScheduleDefinition> =
  {
    s3Index: {
      frequency: { minutes: 5 },
      timeout: { minutes: 30 },
      initialDelay: { seconds: 15 },
    },
    pgbackrest: {
      frequency: { minutes: 5 },
      timeout: { minutes: 5 },
      initialDelay: { seconds: 15 },
    },
    replication: {
      frequency: { minutes: 1 },
      timeout: { minutes: 1 },
      initialDelay: { seconds: 10 },
    },
    posture: {
      frequency: { minutes: 5 },
      timeout: { minutes: 15 },
      initialDelay: { seconds: 45 },
    },
  };

/** Reads `disasterRecovery.collectors` (each with `enabled` and a `schedule`), with defaults. @public */
export function readCollectorSettings(config: Config): CollectorSettings {
  const root = config.getOptionalConfig('disasterRecovery.collectors');
  const read = (name: CollectorName): CollectorSetting => {
    const c = root?.getOptionalConfig(name);
    const schedule = c?.getOptionalConfig('schedule');
    return {
      enabled: c?.getOptionalBoolean('enabled') ?? true,
      schedule: schedule
        ? readSchedulerServiceTaskScheduleDefinitionFromConfig(schedule)
        : DEFAULTS[name],
    };
  };
  const duration = (key: string, fallback: string): number => {
    const value = root?.getOptionalString(`s3Index.${key}`) ?? fallback;
    const parsed = tryParseDuration(value);
    if (!parsed.ok || parsed.value.ms <= 0) {
      throw new InputError(
        `disasterRecovery.collectors.s3Index.${key}: '${value}' is not a positive duration`,
      );
    }
    return parsed.value.ms;
  };
  return {
    s3Index: read('s3Index'),
    pgbackrest: read('pgbackrest'),
    replication: read('replication'),
    posture: read('posture'),
    s3FullRescanEveryMs: duration('fullRescanEvery', '1d'),
    s3OpenForMs: duration('openFor', '2d'),
  };
}

/** How the collectors open their short-lived PostgreSQL sessions: a 5 s connect and 10 s statement timeout. */
export const COLLECTOR_PG_OPTIONS: PgClientOptions = {
  connectTimeoutMs: 5_000,
  statementTimeoutMs: 10_000,
};
