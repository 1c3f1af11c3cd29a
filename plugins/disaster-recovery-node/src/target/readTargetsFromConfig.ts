import { InputError, NotFoundError } from '@backstage/errors';
import type { RootConfigService } from '@backstage/backend-plugin-api';
import { CrossRegionCopyTarget, DatabaseTarget, PgConnection } from './target';
import { validateTarget } from './validateTarget';

type Config = RootConfigService;

/** Reads a connection block (`host`, `port`, `user`, `password`, `database`). @public */
export function readPgConnectionFromConfig(config: Config): PgConnection {
  return {
    host: config.getString('host'),
    port: config.getNumber('port'),
    user: config.getString('user'),
    password: config.getOptionalString('password'),
    database: config.getString('database'),
  };
}

/** Reads one target from its config block (`disasterRecovery.targets.<name>`). @public */
export function readTargetFromConfig(
  name: string,
  config: Config,
): DatabaseTarget {
  const s3 = config.getConfig('s3');
  const sse = s3.getOptionalString('sse');
  const pgbr = config.getOptionalConfig('pgbackrest');
  const standby = config.getOptionalConfig('standby');
  const tolerance = config.getOptionalConfig('verification.rowCountTolerance');
  const copyTo = s3.getOptionalConfig('copyTo');
  const isolated = config.getOptionalConfig('isolatedFailover');
  const target: DatabaseTarget = {
    name,
    primary: readPgConnectionFromConfig(config.getConfig('primary')),
    standby: standby ? readPgConnectionFromConfig(standby) : undefined,
    pgBinDir: config.getOptionalString('pgBinDir'),
    s3: {
      endpoint: s3.getOptionalString('endpoint'),
      region: s3.getOptionalString('region') ?? 'us-east-1',
      bucket: s3.getString('bucket'),
      prefix: s3.getOptionalString('prefix') ?? '',
      accessKeyId: s3.getOptionalString('accessKeyId'),
      secretAccessKey: s3.getOptionalString('secretAccessKey'),
      sse: sse as DatabaseTarget['s3']['sse'],
      sseKmsKeyId: s3.getOptionalString('sseKmsKeyId'),
      forcePathStyle: s3.getOptionalBoolean('forcePathStyle'),
      copyTo: copyTo
        ? {
            bucket: copyTo.getString('bucket'),
            region: copyTo.getString('region'),
            sse: copyTo.getOptionalString('sse') as
              | CrossRegionCopyTarget['sse']
              | undefined,
            sseKmsKeyId: copyTo.getOptionalString('sseKmsKeyId'),
          }
        : undefined,
    },
    pgbackrest: pgbr
      ? {
          stanza: pgbr.getString('stanza'),
          command: pgbr.getStringArray('command'),
          osUser: pgbr.getOptionalString('osUser'),
          restoreBaseDir: pgbr.getOptionalString('restoreBaseDir'),
        }
      : undefined,
    isolatedFailover: isolated
      ? {
          scratchDirectory: isolated.getString('scratchDirectory'),
          ports: isolated.has('ports')
            ? {
                from: isolated.getNumber('ports.from'),
                to: isolated.getNumber('ports.to'),
              }
            : undefined,
          osUser: isolated.getOptionalString('osUser'),
          catchUpTimeoutMs: isolated.getOptionalNumber('catchUpTimeoutMs'),
        }
      : undefined,
    verification: tolerance
      ? {
          rowCountTolerance: {
            relative: tolerance.getOptionalNumber('relative'),
            absolute: tolerance.getOptionalNumber('absolute'),
            exceeded: tolerance.getOptionalString('exceeded') as
              | 'warn'
              | 'fail'
              | undefined,
          },
        }
      : undefined,
  };
  return validateTarget(target);
}

/** Reads and validates every target of app-config `disasterRecovery.targets`, keyed by name. @public */
export function readTargetsFromConfig(
  config: Config,
): Map<string, DatabaseTarget> {
  const targets = new Map<string, DatabaseTarget>();
  const block = config.getOptionalConfig('disasterRecovery.targets');
  if (!block) {
    return targets;
  }
  for (const name of block.keys()) {
    try {
      targets.set(name, readTargetFromConfig(name, block.getConfig(name)));
    } catch (error) {
      throw new InputError(
        `Invalid config disasterRecovery.targets.${name}: ${
          (error as Error).message
        }`,
      );
    }
  }
  return targets;
}

/** Returns the named target, or throws NotFoundError (before any side effect) when it is not configured. @public */
export function getTarget(
  targets: ReadonlyMap<string, DatabaseTarget>,
  name: string,
): DatabaseTarget {
  const target = targets.get(name);
  if (!target) {
    throw new NotFoundError(
      `Unknown disaster-recovery target ${JSON.stringify(
        String(name).slice(0, 80),
      )}`,
    );
  }
  return target;
}
