import {
  createS3Client,
  Platform,
  PlatformOptions,
  startPlatform,
} from './platformHarness';
import { Client } from 'pg';
import { pgConnArgs, pgEnv, pgProgram } from '../postgres/pgTools';
import {
  addSpawnListener,
  spawnProcess,
  SpawnRecord,
} from '../process/processRunner';
import { DatabaseTarget } from '../target/target';
import { DrLogger, OperationStep } from '../operation/types';

/** A started platform plus what the tests inspect: the target, captured logs, argv and steps. */
export interface TestPlatform {
  platform: Platform;
  target: DatabaseTarget;
  spawned: SpawnRecord[];
  logs: string[];
  steps: OperationStep[];
  logger: DrLogger;
  onStep: (step: OperationStep) => void;
  /** Every secret of this run (passwords, keys), for grepping. */
  secrets: string[];
  s3: ReturnType<typeof createS3Client>;
  /** `pg_dump` of a database of the primary, in custom or plain format, as bytes. */
  dump(database: string, format: 'custom' | 'plain'): Promise<Buffer>;
  query<T = any>(
    sql: string,
    params?: unknown[],
    database?: string,
  ): Promise<T[]>;
  stop(): Promise<void>;
}

/** The operations' target for a started harness platform (its primary, store and pgBackRest). */
export function platformTarget(
  platform: Platform,
  options: { name: string; prefix: string },
): DatabaseTarget {
  const p = platform.primary;
  const s3 = platform.s3!;
  return {
    name: options.name,
    primary: {
      host: p.host,
      port: p.port,
      user: p.user,
      password: p.password,
      database: p.database,
    },
    pgBinDir: platform.pgBinDir,
    s3: {
      endpoint: s3.endpoint,
      region: s3.region,
      bucket: s3.bucket,
      prefix: options.prefix,
      accessKeyId: s3.accessKeyId,
      secretAccessKey: s3.secretAccessKey,
      forcePathStyle: true,
      sse: 'AES256',
    },
    pgbackrest: platform.pgbackrest
      ? {
          stanza: platform.pgbackrest.stanza,
          command: platform.pgbackrest.command,
          osUser: platform.osUser,
        }
      : undefined,
  };
}

/** Starts the harness platform and builds a target for it (prefix `prod/eu`). */
export async function startTestPlatform(
  options: PlatformOptions & { prefix?: string } = {},
): Promise<TestPlatform> {
  const platform = await startPlatform({
    standby: false,
    pgbouncer: false,
    ...options,
  });
  const s3 = platform.s3!;
  const target = platformTarget(platform, {
    name: 'ecommerce-eu',
    prefix: options.prefix ?? 'prod/eu',
  });
  const spawned: SpawnRecord[] = [];
  const removeListener = addSpawnListener(r => spawned.push(r));
  const logs: string[] = [];
  const steps: OperationStep[] = [];
  const log =
    (level: string) =>
    (message: string, meta?: Record<string, unknown> | Error) => {
      logs.push(`${level} ${message} ${meta ? JSON.stringify(meta) : ''}`);
    };
  const logger: DrLogger = {
    error: log('error'),
    warn: log('warn'),
    info: log('info'),
    debug: log('debug'),
  };
  const query = async (
    sql: string,
    params: unknown[] = [],
    database?: string,
  ) => {
    const c = new Client({
      ...target.primary,
      database: database ?? target.primary.database,
    });
    await c.connect();
    try {
      return (await c.query(sql, params)).rows;
    } finally {
      await c.end();
    }
  };
  const dump = async (database: string, format: 'custom' | 'plain') => {
    const proc = spawnProcess({
      command: pgProgram(target.pgBinDir, 'pg_dump'),
      args: [
        ...pgConnArgs(target.primary, database),
        `--format=${format}`,
        '--no-password',
      ],
      env: pgEnv(target.primary),
      stdout: 'pipe',
    });
    const chunks: Buffer[] = [];
    proc.stdout!.on('data', (c: Buffer) => chunks.push(c));
    await proc.done;
    return Buffer.concat(chunks);
  };
  return {
    platform,
    target,
    dump,
    spawned,
    logs,
    steps,
    logger,
    onStep: s => steps.push(s),
    secrets: [platform.primary.password, s3.secretAccessKey, s3.accessKeyId],
    s3: createS3Client(s3),
    query,
    async stop() {
      removeListener();
      await platform.stop();
    },
  };
}
