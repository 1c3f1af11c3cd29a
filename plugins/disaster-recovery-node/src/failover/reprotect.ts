import { existsSync } from 'node:fs';
import {
  appendFile,
  chown,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ConflictError, InputError } from '@backstage/errors';
import { isAbortError } from '../operation/errors';
import { assertConnection, pgProgram, withPg } from '../postgres/pgTools';
import { runProcess } from '../process/processRunner';
import { StepRunner } from '../operation/steps';
import { PgConnection } from '../target/target';
import { OperationOptions, OperationStep } from '../operation/types';
import { asServerOsUser } from './osUser';
import { readServerState, serverAddress } from './serverState';
import { sleepFor } from './sleep';
import { REWIND_KEEP_SLOT } from './types';

/** Reprotect on this machine: the backend reaches the old primary's data directory. @public */
export interface ReprotectLocalMode {
  type: 'local';
  /** The old primary's data directory. */
  dataDir: string;
  /** OS user that owns it and runs the server (used through `runuser` when the backend runs as root). */
  osUser?: string;
  /** Server log for `pg_ctl start -l` (default: `postgres.log` next to the data directory). */
  logFile?: string;
}

/** Reprotect through a configured host command that rewinds/rebuilds and starts the server itself. @public */
export interface ReprotectCommandMode {
  type: 'command';
  /** Program and arguments (no shell, no secrets). It gets `DR_NEW_PRIMARY_HOST`, `DR_NEW_PRIMARY_PORT`, `DR_SLOT_NAME` and `PGPASSWORD`. */
  argv: string[];
  /** Extra environment; secrets go here. */
  env?: Record<string, string>;
  /** Kill the command after this many ms (default 30 min). */
  timeoutMs?: number;
}

/** Options of {@link reprotect}. @public */
export interface ReprotectOptions extends OperationOptions {
  /** The old primary, as it is reached once it runs again (as a standby). */
  server: PgConnection;
  /** The current primary it will stream from. */
  newPrimary: PgConnection;
  /** Physical replication slot on the new primary (created when missing; default `dr_standby`). */
  slotName?: string;
  mode: ReprotectLocalMode | ReprotectCommandMode;
  /** Directory of pg_ctl, pg_rewind, pg_basebackup (default PATH). */
  pgBinDir?: string;
  /** Fall back to a fresh pg_basebackup when pg_rewind fails (default true). */
  allowBasebackup?: boolean;
  /** How long to wait for the server to stream, in ms (default 120 s). */
  streamTimeoutMs?: number;
  /** Extra secrets to scrub. */
  secrets?: readonly string[];
}

/** What a reprotect did. @public */
export interface ReprotectResult {
  method: 'pg_rewind' | 'pg_basebackup' | 'command';
  /** Why pg_rewind was not used, when the run fell back to pg_basebackup. */
  rewindFailure?: string;
  slotName: string;
  /** Timeline the reprotected standby streams on. */
  timeline?: number;
  /** WAL position it had received when it was seen streaming. */
  receiveLsn?: string;
  steps: OperationStep[];
  startedAt: string;
  finishedAt: string;
}

const SLOT = /^[a-z0-9_]{1,63}$/;

function conninfo(conn: PgConnection): string {
  // values are validated by assertConnection: no spaces, quotes or backslashes
  return `host=${conn.host} port=${conn.port} user=${conn.user} dbname=${conn.database} application_name=dr_reprotect`;
}

async function pgCtl(
  options: ReprotectOptions,
  mode: ReprotectLocalMode,
  args: string[],
  secrets: string[],
) {
  const [command, ...rest] = asServerOsUser(mode.osUser, [
    pgProgram(options.pgBinDir, 'pg_ctl'),
    `--pgdata=${mode.dataDir}`,
    ...args,
  ]);
  return runProcess({
    command,
    args: rest,
    cwd: os.tmpdir(),
    signal: options.signal,
    secrets,
    logger: options.logger,
  });
}

/** Top-level `*.conf` files of a data directory except postgresql.auto.conf (the server's own settings: port, paths, hba). */
async function readServerConfig(dataDir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const name of await readdir(dataDir)) {
    if (name.endsWith('.conf') && name !== 'postgresql.auto.conf') {
      files.set(name, await readFile(path.join(dataDir, name)));
    }
  }
  return files;
}

async function writeServerConfig(dataDir: string, files: Map<string, Buffer>) {
  const owner = await stat(dataDir);
  for (const [name, content] of files) {
    const file = path.join(dataDir, name);
    await writeFile(file, content, { mode: 0o600 });
    await chown(file, owner.uid, owner.gid);
  }
}

async function waitStreaming(
  options: ReprotectOptions,
  secrets: string[],
  timeline: number | undefined,
): Promise<{ timeline?: number; receiveLsn?: string }> {
  const timeoutMs = options.streamTimeoutMs ?? 120_000;
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    const state = await readServerState(options.server, {
      signal: options.signal,
      secrets,
    });
    if (
      state.reachable &&
      state.inRecovery &&
      state.walReceiverStatus === 'streaming' &&
      state.timeline === timeline
    ) {
      return { timeline: state.timeline, receiveLsn: state.receiveLsn };
    }
    last = state.reachable
      ? `in recovery: ${state.inRecovery}, WAL receiver: ${
          state.walReceiverStatus ?? 'none'
        } on timeline ${state.timeline}, expected ${timeline}`
      : state.error ?? 'unreachable';
    if (Date.now() > deadline) {
      throw new Error(
        `${serverAddress(
          options.server,
        )} did not stream from the new primary within ${timeoutMs} ms (${last})`,
      );
    }
    await sleepFor(100, options.signal);
  }
}

/**
 * Turns the old primary into a streaming standby of the new primary, so the pair is protected
 * again: the server is stopped, rewound with `pg_rewind` (or, when a rewind is impossible,
 * rebuilt with `pg_basebackup`, the old directory kept aside until the new one streams), its own
 * configuration files kept, and started as a standby on a replication slot. Failing back is then
 * a switchover with zero lag.
 * @public
 */
export async function reprotect(
  options: ReprotectOptions,
): Promise<ReprotectResult> {
  assertConnection(options.server, 'server');
  assertConnection(options.newPrimary, 'newPrimary');
  const slotName = options.slotName ?? 'dr_standby';
  if (!SLOT.test(slotName)) {
    throw new InputError('slotName must match /^[a-z0-9_]{1,63}$/');
  }
  const { mode } = options;
  if (mode?.type === 'local') {
    if (!mode.dataDir || !path.isAbsolute(mode.dataDir)) {
      throw new InputError('mode.dataDir must be an absolute path');
    }
    if (
      mode.osUser !== undefined &&
      !/^[a-z_][a-z0-9_-]{0,31}$/.test(mode.osUser)
    ) {
      throw new InputError('mode.osUser is invalid');
    }
  } else if (mode?.type === 'command') {
    if (
      !Array.isArray(mode.argv) ||
      !mode.argv.length ||
      mode.argv.some(a => typeof a !== 'string')
    ) {
      throw new InputError('mode.argv must be a non-empty array of strings');
    }
  } else {
    throw new InputError('mode.type must be local or command');
  }
  const started = Date.now();
  const secrets = [
    options.server.password ?? '',
    options.newPrimary.password ?? '',
    ...(options.secrets ?? []),
  ].filter(Boolean);
  const steps = new StepRunner({
    logger: options.logger,
    onStep: options.onStep,
    signal: options.signal,
    secrets,
  });
  const { signal } = options;

  const newTimeline = await steps.run(
    'check',
    'Check both servers',
    async set => {
      const [primary, server] = await Promise.all([
        readServerState(options.newPrimary, { signal, secrets }),
        readServerState(options.server, { signal, secrets }),
      ]);
      if (!primary.reachable || primary.inRecovery) {
        throw new ConflictError(
          `the new primary ${primary.address} is ${
            primary.reachable ? 'in recovery' : `unreachable (${primary.error})`
          }: nothing to follow`,
        );
      }
      if (
        server.reachable &&
        server.inRecovery &&
        server.walReceiverStatus === 'streaming' &&
        server.timeline === primary.timeline
      ) {
        throw new ConflictError(
          `${server.address} is already a streaming standby (timeline ${server.timeline}); nothing to reprotect`,
        );
      }
      let role = 'down';
      if (server.reachable) {
        role = server.inRecovery ? 'in recovery' : 'running as a primary';
      }
      set(
        `new primary on timeline ${primary.timeline}; ${server.address} ${role}`,
      );
      return primary.timeline;
    },
  );

  await steps.run(
    'slot',
    `Checkpoint and replication slot ${slotName} on the new primary`,
    async set => {
      const created = await withPg(
        options.newPrimary,
        { signal },
        async client => {
          // pg_rewind reads the source's timeline from its control file, which a promotion
          // updates only at the next checkpoint
          await client.query('CHECKPOINT');
          const { rows } = await client.query(
            `select pg_create_physical_replication_slot($1, true) is not null as created
          where not exists (select 1 from pg_replication_slots where slot_name = $1)`,
            [slotName],
          );
          return rows.length > 0;
        },
      );
      set(created ? 'created' : 'exists');
    },
  );

  const env = {
    PGPASSWORD: options.newPrimary.password,
    PGAPPNAME: 'dr_reprotect',
  };
  let method: ReprotectResult['method'];
  let rewindFailure: string | undefined;
  if (mode.type === 'command') {
    method = 'command';
    await steps.run('command', `Run ${mode.argv[0]}`, async () => {
      const controller = new AbortController();
      const onAbort = () => controller.abort();
      signal?.addEventListener('abort', onAbort, { once: true });
      const timer = setTimeout(
        () => controller.abort(),
        mode.timeoutMs ?? 1_800_000,
      );
      try {
        await runProcess({
          command: mode.argv[0],
          args: mode.argv.slice(1),
          env: {
            ...mode.env,
            ...env,
            DR_NEW_PRIMARY_HOST: options.newPrimary.host,
            DR_NEW_PRIMARY_PORT: String(options.newPrimary.port),
            DR_SLOT_NAME: slotName,
          },
          cwd: os.tmpdir(),
          signal: controller.signal,
          secrets: [...secrets, ...Object.values(mode.env ?? {})],
          logger: options.logger,
        });
      } finally {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      }
    });
  } else {
    method = await reprotectLocal(
      options,
      mode,
      steps,
      secrets,
      env,
      slotName,
      f => {
        rewindFailure = f;
      },
    );
  }

  const streaming = await steps.run(
    'wait-streaming',
    'Wait until it streams',
    async set => {
      const s = await waitStreaming(options, secrets, newTimeline);
      set(`streaming on timeline ${s.timeline}, received ${s.receiveLsn}`);
      return s;
    },
  );
  await steps.run(
    'drop-keep-slot',
    `Drop ${REWIND_KEEP_SLOT} on the reprotected standby`,
    async set => {
      const dropped = await withPg(options.server, { signal }, async client => {
        const { rows } = await client.query(
          `select pg_drop_replication_slot(slot_name) from pg_replication_slots where slot_name = $1`,
          [REWIND_KEEP_SLOT],
        );
        return rows.length > 0;
      });
      set(dropped ? 'dropped' : 'none');
    },
  );
  return {
    method,
    rewindFailure,
    slotName,
    timeline: streaming.timeline,
    receiveLsn: streaming.receiveLsn,
    steps: steps.steps,
    startedAt: new Date(started).toISOString(),
    finishedAt: new Date().toISOString(),
  };
}

async function reprotectLocal(
  options: ReprotectOptions,
  mode: ReprotectLocalMode,
  steps: StepRunner,
  secrets: string[],
  env: Record<string, string | undefined>,
  slotName: string,
  onRewindFailure: (reason: string) => void,
): Promise<ReprotectResult['method']> {
  const { dataDir } = mode;
  const { signal } = options;
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    throw new InputError(`${dataDir} is not a PostgreSQL data directory`);
  }
  const run = (program: string, args: string[]) => {
    const [command, ...rest] = asServerOsUser(mode.osUser, [
      pgProgram(options.pgBinDir, program),
      ...args,
    ]);
    return runProcess({
      command,
      args: rest,
      env,
      cwd: os.tmpdir(),
      signal,
      secrets,
      logger: options.logger,
    });
  };

  await steps.run('stop', 'Stop the old primary', async set => {
    if (!existsSync(path.join(dataDir, 'postmaster.pid'))) {
      set('not running');
      return;
    }
    await pgCtl(
      options,
      mode,
      ['--mode=fast', '--wait', '--timeout=120', 'stop'],
      secrets,
    );
    set('stopped (fast)');
  });
  const config = await readServerConfig(dataDir);

  let method: ReprotectResult['method'] = 'pg_rewind';
  try {
    await steps.run('rewind', 'Rewind with pg_rewind', async set => {
      const { stderr } = await run('pg_rewind', [
        `--target-pgdata=${dataDir}`,
        `--source-server=${conninfo(options.newPrimary)}`,
        '--write-recovery-conf',
      ]);
      set(
        /no rewind required/i.test(stderr) ? 'no rewind required' : 'rewound',
      );
    });
  } catch (error) {
    if (isAbortError(error) || options.allowBasebackup === false) throw error;
    onRewindFailure((error as Error).message.slice(0, 1000));
    method = 'pg_basebackup';
  }
  const aside = `${dataDir}.reprotect-${Date.now()}`;
  if (method === 'pg_basebackup') {
    await rename(dataDir, aside);
    try {
      await steps.run(
        'basebackup',
        'Copy the new primary with pg_basebackup',
        async () => {
          await run('pg_basebackup', [
            `--host=${options.newPrimary.host}`,
            `--port=${options.newPrimary.port}`,
            `--username=${options.newPrimary.user}`,
            `--pgdata=${dataDir}`,
            '--wal-method=stream',
            '--checkpoint=fast',
            '--write-recovery-conf',
            '--no-password',
          ]);
        },
      );
    } catch (error) {
      await rm(dataDir, { recursive: true, force: true });
      await rename(aside, dataDir);
      throw error;
    }
  }

  await steps.run(
    'configure',
    'Restore its own configuration and join as a standby',
    async set => {
      await writeServerConfig(dataDir, config);
      if (!existsSync(path.join(dataDir, 'standby.signal'))) {
        throw new Error('standby.signal is missing after the rewind');
      }
      await appendFile(
        path.join(dataDir, 'postgresql.auto.conf'),
        `primary_slot_name = '${slotName}'\n`,
      );
      set(
        `kept ${[...config.keys()].join(
          ', ',
        )}; primary_slot_name = ${slotName}`,
      );
    },
  );

  await steps.run('start', 'Start it as a standby', async () => {
    await pgCtl(
      options,
      mode,
      [
        `--log=${
          mode.logFile ?? path.join(path.dirname(dataDir), 'postgres.log')
        }`,
        '--wait',
        '--timeout=120',
        'start',
      ],
      secrets,
    );
  });
  if (method === 'pg_basebackup') {
    await rm(aside, { recursive: true, force: true });
  }
  return method;
}
