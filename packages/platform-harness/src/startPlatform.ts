import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Lifecycle, registerLive, unregisterLive } from './lifecycle';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { createS3Client, startObjectStore, ObjectStore } from './objectStore';
import {
  archiveCommand,
  pgBackRestSetup,
  PgBackRestPaths,
  preparePgBackRest,
  runPgBackRest,
  writePgBackRestConfig,
} from './pgbackrest';
import { PgBouncerProcess, startPgBouncer } from './pgbouncer';
import {
  createStandby,
  initPrimary,
  PgContext,
  startServer,
  stopServer,
} from './postgres';
import { run, RunAs } from './processes';
import {
  ensurePackages,
  findExecutable,
  findPgBinDir,
  isRoot,
} from './systemDeps';
import { Platform, PlatformOptions, PostgresNode } from './types';

/** Bucket the harness creates in the object store. */
export const DEMO_BUCKET = 'dr-backups';
/** Region the object store signs for. */
export const DEMO_REGION = 'us-east-1';
/** Second bucket the harness creates, standing for another region's store (cross-region copies). */
export const DEMO_COPY_BUCKET = 'dr-backups-eu-west-1';
/** Region the second bucket stands for (the plan's backup and long-term retention region). */
export const DEMO_COPY_REGION = 'eu-west-1';

const SAFE_PATH = /^[A-Za-z0-9._/-]+$/;

function resolveRunAs(): RunAs {
  if (isRoot()) {
    let uid: number;
    let gid: number;
    try {
      uid = Number(
        execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }),
      );
      gid = Number(
        execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }),
      );
    } catch {
      throw new Error(
        'running as root, the servers must run as the OS user "postgres", which does not exist (install postgresql-15)',
      );
    }
    return { user: 'postgres', uid, gid, viaRunuser: true };
  }
  const me = os.userInfo();
  return { user: me.username, uid: me.uid, gid: me.gid, viaRunuser: false };
}

async function ensureSystem(want: {
  s3: boolean;
  pgbouncer: boolean;
  pgbackrest: boolean;
}): Promise<{ pgBinDir: string; pgbouncer?: string; pgbackrest?: string }> {
  await ensurePackages([
    { pkg: 'postgresql-15', present: () => findPgBinDir() !== undefined },
    ...(want.pgbackrest
      ? [{ pkg: 'pgbackrest', present: () => !!findExecutable('pgbackrest') }]
      : []),
    ...(want.pgbouncer
      ? [{ pkg: 'pgbouncer', present: () => !!findExecutable('pgbouncer') }]
      : []),
    ...(want.s3
      ? [{ pkg: 'openssl', present: () => !!findExecutable('openssl') }]
      : []),
    ...(isRoot()
      ? [{ pkg: 'util-linux', present: () => !!findExecutable('runuser') }]
      : []),
  ]);
  return {
    pgBinDir: findPgBinDir()!,
    pgbouncer: want.pgbouncer ? findExecutable('pgbouncer') : undefined,
    pgbackrest: want.pgbackrest ? findExecutable('pgbackrest') : undefined,
  };
}

function validate(options: PlatformOptions) {
  const s3 = options.s3 ?? true;
  const want = {
    standby: options.standby ?? true,
    s3,
    pgbouncer: options.pgbouncer ?? true,
    pgbackrest: options.pgbackrest ?? s3,
  };
  if (want.pgbackrest && !want.s3) {
    throw new Error(
      'platform-harness: pgbackrest needs the object store (its repository); do not disable s3 with pgbackrest on',
    );
  }
  const database = options.database ?? 'ecommerce';
  const timeout = options.archiveTimeoutSeconds;
  if (
    timeout !== undefined &&
    !(Number.isInteger(timeout) && timeout >= 1 && timeout <= 3600)
  ) {
    throw new Error(
      `platform-harness: archiveTimeoutSeconds must be an integer from 1 to 3600, got ${timeout}`,
    );
  }
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(database)) {
    throw new Error(
      `platform-harness: database name ${JSON.stringify(
        database,
      )} must be a lower-case identifier`,
    );
  }
  const parent = path.resolve(options.baseDir ?? os.tmpdir());
  if (!SAFE_PATH.test(parent)) {
    throw new Error(
      `platform-harness: baseDir ${JSON.stringify(
        parent,
      )} may only contain letters, digits, '.', '_', '-' and '/' (it ends up in server configuration)`,
    );
  }
  return { want, database, parent };
}

/**
 * Starts the platform on 127.0.0.1 in a new temporary directory: the object store, the
 * PostgreSQL 15 primary (with pgBackRest archiving), its streaming standby and PgBouncer.
 * Everything it starts is stopped by `stop()`, by the process exit/signal hooks, or by a
 * watchdog when the calling process dies.
 */
export async function startPlatform(
  options: PlatformOptions = {},
): Promise<Platform> {
  const { want, database, parent } = validate(options);
  const bins = await ensureSystem(want);
  const runAs = resolveRunAs();

  mkdirSync(parent, { recursive: true });
  const baseDir = mkdtempSync(path.join(parent, 'dr-platform-'));
  if (runAs.viaRunuser) {
    // The OS user must traverse into its own subdirectories; it cannot list or read ours.
    chmodSync(baseDir, 0o711);
    try {
      await run('test', ['-x', baseDir], { runAs });
    } catch {
      rmSync(baseDir, { recursive: true, force: true });
      throw new Error(
        `platform-harness: the OS user ${runAs.user} cannot reach ${baseDir}; choose a baseDir whose parents it may traverse`,
      );
    }
  }

  const lifecycle = new Lifecycle(baseDir);
  lifecycle.startWatchdog();
  const ctx: PgContext = {
    pgBinDir: bins.pgBinDir,
    runAs,
    lifecycle,
    archiveTimeoutSeconds: options.archiveTimeoutSeconds,
  };
  const stoppers: Array<{ name: string; stop: () => Promise<void> }> = [];
  let stopping: Promise<void> | undefined;

  const stopAll = async () => {
    const errors: string[] = [];
    for (const { name, stop } of [...stoppers].reverse()) {
      try {
        await stop();
      } catch (error) {
        errors.push(`${name}: ${(error as Error).message}`);
      }
    }
    // Anything still recorded (e.g. a server restarted in a known data dir) goes too.
    lifecycle.killSync();
    lifecycle.releaseWatchdog();
    if (!process.env.DR_HARNESS_KEEP) {
      rmSync(baseDir, { recursive: true, force: true });
    }
    if (errors.length) {
      throw new Error(`platform-harness: stop failed: ${errors.join('; ')}`);
    }
  };
  const live = {
    killSync: () => lifecycle.killSync(),
    stop: () => (stopping ??= stopAll().finally(() => unregisterLive(live))),
  };
  registerLive(live);

  try {
    let store: ObjectStore | undefined;
    if (want.s3) {
      const dir = path.join(baseDir, 's3');
      mkdirSync(dir, { mode: 0o700 });
      store = await startObjectStore({
        dir,
        bucket: DEMO_BUCKET,
        region: DEMO_REGION,
        lifecycle,
      });
      stoppers.push({ name: 'object store', stop: store.stop });
      const s3 = createS3Client(store.endpoint);
      try {
        await s3.send(
          new CreateBucketCommand({
            Bucket: DEMO_COPY_BUCKET,
            CreateBucketConfiguration: { LocationConstraint: DEMO_COPY_REGION },
          }),
        );
      } finally {
        s3.destroy();
      }
      store.endpoint.copyBucket = DEMO_COPY_BUCKET;
      store.endpoint.copyRegion = DEMO_COPY_REGION;
    }

    let backrest: PgBackRestPaths | undefined;
    if (want.pgbackrest) {
      backrest = preparePgBackRest(
        path.join(baseDir, 'pgbackrest'),
        runAs,
        bins.pgbackrest!,
      );
    }

    const password = randomBytes(24).toString('hex');
    const primary = await initPrimary(ctx, {
      dir: path.join(baseDir, 'primary'),
      password,
      database,
      archiveCommand: backrest ? archiveCommand(backrest) : undefined,
    }).catch(error => {
      stoppers.push({
        name: 'primary',
        stop: () => stopServer(ctx, path.join(baseDir, 'primary', 'data')),
      });
      throw error;
    });
    stoppers.push({
      name: 'primary',
      stop: () => stopServer(ctx, primary.dataDir),
    });

    const setup = backrest ? pgBackRestSetup(backrest, runAs) : undefined;
    if (backrest && setup) {
      writePgBackRestConfig(backrest, runAs, store!.endpoint, primary);
      await runPgBackRest(setup, ['stanza-create'], baseDir);
    }

    let standby: PostgresNode | undefined;
    if (want.standby) {
      const dir = path.join(baseDir, 'standby');
      const dataDir = path.join(dir, 'data');
      stoppers.push({ name: 'standby', stop: () => stopServer(ctx, dataDir) });
      standby = await createStandby(ctx, primary, {
        dir,
        archiveCommand: backrest
          ? archiveCommand(backrest, dataDir)
          : undefined,
      });
      if (backrest) {
        writePgBackRestConfig(
          backrest,
          runAs,
          store!.endpoint,
          primary,
          standby,
        );
      }
    }

    if (setup) {
      await runPgBackRest(setup, ['check'], baseDir);
    }

    let bouncer: PgBouncerProcess | undefined;
    if (want.pgbouncer) {
      bouncer = await startPgBouncer({
        dir: path.join(baseDir, 'pgbouncer'),
        primary,
        runAs,
        lifecycle,
        binary: bins.pgbouncer!,
      });
      stoppers.push({ name: 'pgbouncer', stop: bouncer.stop });
    }

    const platform: Platform = {
      baseDir,
      osUser: runAs.user,
      pgBinDir: bins.pgBinDir,
      primary,
      ...(standby ? { standby } : {}),
      ...(store ? { s3: store.endpoint } : {}),
      ...(bouncer ? { pgbouncer: bouncer.endpoint } : {}),
      ...(setup ? { pgbackrest: setup } : {}),
      async stopStandby() {
        if (!standby)
          throw new Error('platform-harness: no standby was started');
        await stopServer(ctx, standby.dataDir);
      },
      async startStandby() {
        if (!standby)
          throw new Error('platform-harness: no standby was started');
        await startServer(ctx, standby);
      },
      stopServer: (node, mode = 'fast') => stopServer(ctx, node.dataDir, mode),
      startServer: node => startServer(ctx, node),
      stop: () => live.stop(),
      processes: () => lifecycle.processes(),
    };
    return platform;
  } catch (error) {
    await live.stop().catch(() => {});
    throw error;
  }
}
