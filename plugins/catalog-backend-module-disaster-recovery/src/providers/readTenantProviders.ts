import {
  LoggerService,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { Config, readDurationFromConfig } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { durationToMilliseconds, HumanDuration } from '@backstage/types';
import { DocumentTenantSource } from './DocumentTenantSource';
import { PostgresTenantSource } from './PostgresTenantSource';
import { TenantEntityProvider } from './TenantEntityProvider';
import { TenantSource } from './types';

/** Config key of the tenant providers: `catalog.providers.disasterRecoveryTenants.<id>`. @public */
export const TENANT_PROVIDERS_CONFIG_KEY =
  'catalog.providers.disasterRecoveryTenants';

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 5 },
  timeout: { minutes: 3 },
  initialDelay: { seconds: 15 },
  scope: 'global',
};

function sourceFrom(
  c: Config,
  key: string,
  urlReader: UrlReaderService,
): TenantSource {
  const kinds = ['database', 'url', 'file'].filter(k => c.has(k));
  if (kinds.length !== 1) {
    throw new InputError(
      `${key} must set exactly one of 'database', 'url' or 'file' (found ${
        kinds.length ? kinds.join(', ') : 'none'
      })`,
    );
  }
  if (kinds[0] === 'database') {
    const db = c.getConfig('database');
    return new PostgresTenantSource({
      host: db.getString('host'),
      port: db.getOptionalNumber('port') ?? 5432,
      user: db.getString('user'),
      password: db.getOptionalString('password'),
      database: db.getString('database'),
      table: db.getOptionalString('table') ?? 'tenants',
      ssl: db.getOptionalBoolean('ssl'),
    });
  }
  if (kinds[0] === 'url') {
    return new DocumentTenantSource({ url: c.getString('url') }, urlReader);
  }
  return new DocumentTenantSource({ file: c.getString('file') });
}

function frequencyMs(schedule: SchedulerServiceTaskScheduleDefinition) {
  const f = schedule.frequency as unknown;
  if (!f || typeof f !== 'object' || 'cron' in f || 'trigger' in f)
    return undefined;
  if (
    'toMillis' in f &&
    typeof (f as { toMillis: unknown }).toMillis === 'function'
  ) {
    return (f as { toMillis(): number }).toMillis();
  }
  return durationToMilliseconds(f as HumanDuration);
}

/**
 * Creates one tenant provider per entry of `catalog.providers.disasterRecoveryTenants`, each
 * scheduled as a global task (one backend replica at a time) from its `schedule` config.
 *
 * @public
 */
export function readTenantProviders(options: {
  config: Config;
  logger: LoggerService;
  scheduler: SchedulerService;
  urlReader: UrlReaderService;
}): TenantEntityProvider[] {
  const root = options.config.getOptionalConfig(TENANT_PROVIDERS_CONFIG_KEY);
  if (!root) return [];
  return root.keys().map(id => {
    const key = `${TENANT_PROVIDERS_CONFIG_KEY}.${id}`;
    const c = root.getConfig(id);
    const schedule = c.has('schedule')
      ? {
          scope: 'global' as const,
          ...readSchedulerServiceTaskScheduleDefinitionFromConfig(
            c.getConfig('schedule'),
          ),
        }
      : DEFAULT_SCHEDULE;
    const every = frequencyMs(schedule);
    const dependsOn = c.getOptionalStringArray('dependsOn') ?? [
      'resource:ecommerce-primary',
    ];
    dependsOn.forEach((ref, i) => {
      try {
        parseEntityRef(ref);
      } catch {
        throw new InputError(
          `${key}.dependsOn[${i}] '${ref}' must be an entity ref with a kind, e.g. resource:ecommerce-primary`,
        );
      }
    });
    return new TenantEntityProvider({
      id,
      source: sourceFrom(c, key, options.urlReader),
      entity: {
        system: c.getOptionalString('system') ?? 'ecommerce-platform',
        dependsOn,
        namespace: c.getOptionalString('namespace') ?? 'default',
      },
      logger: options.logger.child({ tenantProvider: id }),
      taskRunner: options.scheduler.createScheduledTaskRunner(schedule),
      fullRefreshEveryMs: c.has('fullRefreshEvery')
        ? durationToMilliseconds(
            readDurationFromConfig(c, { key: 'fullRefreshEvery' }),
          )
        : undefined,
      staleAfterMs: every !== undefined ? 2 * every : undefined,
    });
  });
}
