import { appendFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Client, ClientConfig } from 'pg';
import { cleanEnv, mkdirOwned, writeOwned } from './files';
import { Lifecycle, postmasterPid } from './lifecycle';
import { freePort, logTail, run, RunAs, terminate, waitFor } from './processes';
import { PostgresNode } from './types';

/** Everything the PostgreSQL helpers need to know about the run. */
export interface PgContext {
  pgBinDir: string;
  runAs: RunAs;
  lifecycle: Lifecycle;
  /** `archive_timeout` in seconds of every archiving server (default: PostgreSQL's, off). */
  archiveTimeoutSeconds?: number;
}

/** The physical replication slot the standby streams from. */
export const STANDBY_SLOT = 'standby_1';

const SUPERUSER = 'postgres';
const HARNESS_CONF = 'harness.conf';

/** Connection settings for `new pg.Client(...)` / `new pg.Pool(...)` against a node over TCP. */
export function pgConnectionConfig(
  node: PostgresNode,
  database?: string,
): ClientConfig {
  return {
    host: node.host,
    port: node.port,
    user: node.user,
    password: node.password,
    database: database ?? node.database,
    connectionTimeoutMillis: 10_000,
  };
}

/** Runs `fn` with a connected client and always closes it. */
export async function withClient<T>(
  node: PostgresNode,
  database: string,
  fn: (client: Client) => Promise<T>,
): Promise<T> {
  const client = new Client(pgConnectionConfig(node, database));
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

function logFile(node: PostgresNode): string {
  return path.join(path.dirname(node.dataDir), 'postgres.log');
}

function quoteConf(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function harnessConf(
  node: PostgresNode,
  archiveCommand: string | undefined,
  archiveTimeoutSeconds: number | undefined,
): string {
  const lines = [
    '# written by @internal/platform-harness',
    `listen_addresses = '127.0.0.1'`,
    `port = ${node.port}`,
    `unix_socket_directories = ${quoteConf(node.socketDir)}`,
    `unix_socket_permissions = 0700`,
    `password_encryption = 'scram-sha-256'`,
    `wal_level = replica`,
    `max_wal_senders = 10`,
    `max_replication_slots = 10`,
    `hot_standby = on`,
    `hot_standby_feedback = on`,
    `wal_log_hints = on`,
    `max_connections = 200`,
    `shared_buffers = 64MB`,
    `fsync = off`,
    `full_page_writes = on`,
    `logging_collector = off`,
    `log_line_prefix = '%m [%p] %q%u@%d '`,
    `log_min_messages = warning`,
    `timezone = 'UTC'`,
  ];
  if (archiveCommand) {
    lines.push(
      `archive_mode = on`,
      `archive_command = ${quoteConf(archiveCommand)}`,
    );
    // Bounds what an idle-but-not-quiet primary leaves unarchived: without it a light write
    // load fills a 16 MiB segment (and archives it) only every hour or so.
    if (archiveTimeoutSeconds) {
      lines.push(`archive_timeout = ${archiveTimeoutSeconds}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function hbaConf(): string {
  return [
    '# written by @internal/platform-harness',
    '# Unix socket: peer authentication, OS users mapped in pg_ident.conf (map "harness").',
    'local   all           all                    peer map=harness',
    'local   replication   all                    peer map=harness',
    '# TCP on loopback only: password (SCRAM).',
    'host    all           all     127.0.0.1/32   scram-sha-256',
    'host    replication   all     127.0.0.1/32   scram-sha-256',
    '',
  ].join('\n');
}

function identConf(runAs: RunAs): string {
  const users = new Set([runAs.user, 'root', SUPERUSER]);
  return `${[...users].map(u => `harness   ${u}   ${SUPERUSER}`).join('\n')}\n`;
}

function writeHarnessConf(
  ctx: PgContext,
  node: PostgresNode,
  archiveCommand?: string,
) {
  writeOwned(
    path.join(node.dataDir, HARNESS_CONF),
    harnessConf(node, archiveCommand, ctx.archiveTimeoutSeconds),
    ctx.runAs,
  );
}

function isPortClash(error: unknown, node: PostgresNode): boolean {
  const text = `${(error as Error).message}\n${logTail(logFile(node), 40)}`;
  return /could not bind|address already in use|could not create any TCP\/IP sockets/i.test(
    text,
  );
}

/** Starts the server in `node.dataDir` with pg_ctl and waits until it accepts connections. */
export async function startServer(
  ctx: PgContext,
  node: PostgresNode,
): Promise<void> {
  const pgCtl = path.join(ctx.pgBinDir, 'pg_ctl');
  ctx.lifecycle.addDataDir(node.dataDir);
  try {
    await run(
      pgCtl,
      ['start', '-D', node.dataDir, '-l', logFile(node), '-w', '-t', '60'],
      { runAs: ctx.runAs, cwd: path.dirname(node.dataDir), env: cleanEnv() },
    );
  } catch (error) {
    const log = logTail(logFile(node));
    throw new Error(
      `PostgreSQL did not start in ${node.dataDir}: ${
        (error as Error).message
      }${log ? `\nserver log:\n${log}` : ''}`,
    );
  }
}

/** Stops the server in `dataDir` (fast shutdown); a server that is not running is fine. */
export async function stopServer(
  ctx: PgContext,
  dataDir: string,
  mode: 'fast' | 'immediate' = 'fast',
): Promise<void> {
  const pid = postmasterPid(dataDir);
  if (!pid) return;
  try {
    await run(
      path.join(ctx.pgBinDir, 'pg_ctl'),
      ['stop', '-D', dataDir, '-m', mode, '-w', '-t', '60'],
      {
        runAs: ctx.runAs,
        cwd: path.dirname(dataDir),
        env: cleanEnv(),
        timeoutMs: 70_000,
      },
    );
  } catch {
    // pg_ctl failed (server already gone, or stuck): make sure the postmaster is gone.
    await terminate(pid, 'SIGQUIT', 5000);
  }
}

/** Starts the server, picking another free port when the chosen one was taken meanwhile. */
async function startWithPortRetry(
  ctx: PgContext,
  node: PostgresNode,
  archiveCommand?: string,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    writeHarnessConf(ctx, node, archiveCommand);
    try {
      await startServer(ctx, node);
      return;
    } catch (error) {
      if (attempt >= 3 || !isPortClash(error, node)) throw error;
      node.port = await freePort();
    }
  }
}

/** Options for {@link initPrimary}. */
export interface PrimaryOptions {
  dir: string;
  password: string;
  database: string;
  /** archive_command; when set, archive_mode is on. */
  archiveCommand?: string;
}

/** initdb + start a primary (password-authenticated superuser, replication ready). */
export async function initPrimary(
  ctx: PgContext,
  options: PrimaryOptions,
): Promise<PostgresNode> {
  const { runAs } = ctx;
  mkdirOwned(options.dir, runAs);
  const node: PostgresNode = {
    host: '127.0.0.1',
    port: await freePort(),
    user: SUPERUSER,
    password: options.password,
    database: options.database,
    dataDir: path.join(options.dir, 'data'),
    socketDir: mkdirOwned(path.join(options.dir, 'socket'), runAs),
  };
  const pwfile = writeOwned(
    path.join(options.dir, 'initdb.pw'),
    `${options.password}\n`,
    runAs,
  );
  try {
    await run(
      path.join(ctx.pgBinDir, 'initdb'),
      [
        '-D',
        node.dataDir,
        '-U',
        SUPERUSER,
        `--pwfile=${pwfile}`,
        '--auth=scram-sha-256',
        '-E',
        'UTF8',
        '--locale=C',
        '--no-sync',
        '--no-instructions',
      ],
      { runAs, cwd: options.dir, env: cleanEnv() },
    );
  } finally {
    rmSync(pwfile, { force: true });
  }
  appendFileSync(
    path.join(node.dataDir, 'postgresql.conf'),
    `\n# settings of @internal/platform-harness\ninclude_if_exists = '${HARNESS_CONF}'\n`,
  );
  writeOwned(path.join(node.dataDir, 'pg_hba.conf'), hbaConf(), runAs);
  writeOwned(path.join(node.dataDir, 'pg_ident.conf'), identConf(runAs), runAs);
  await startWithPortRetry(ctx, node, options.archiveCommand);
  if (!/^[a-z_][a-z0-9_]*$/.test(options.database)) {
    throw new Error(
      `database name ${JSON.stringify(
        options.database,
      )} is not a plain lower-case identifier`,
    );
  }
  if (options.database !== 'postgres') {
    await withClient(node, 'postgres', c =>
      c.query(`CREATE DATABASE ${options.database}`),
    );
  }
  if (options.archiveCommand && ctx.archiveTimeoutSeconds) {
    // The checkpointer may have planned its first sleep (checkpoint_timeout, 5 min) while the
    // server was still starting up, when archive_timeout does not apply; a checkpoint wakes it,
    // and from then on it switches segments every archive_timeout.
    await withClient(node, 'postgres', c => c.query('CHECKPOINT'));
  }
  return node;
}

/** Options for {@link createStandby}. */
export interface StandbyOptions {
  dir: string;
  /** archive_command to use after a promotion (archive_mode=on archives nothing while in recovery). */
  archiveCommand?: string;
}

/**
 * pg_basebackup -R from the primary through a new physical slot, start the copy as a hot
 * standby, and wait until it streams.
 */
export async function createStandby(
  ctx: PgContext,
  primary: PostgresNode,
  options: StandbyOptions,
): Promise<PostgresNode> {
  const { runAs } = ctx;
  mkdirOwned(options.dir, runAs);
  const node: PostgresNode = {
    ...primary,
    port: await freePort(),
    dataDir: path.join(options.dir, 'data'),
    socketDir: mkdirOwned(path.join(options.dir, 'socket'), runAs),
  };
  await run(
    path.join(ctx.pgBinDir, 'pg_basebackup'),
    [
      '-h',
      primary.host,
      '-p',
      String(primary.port),
      '-U',
      primary.user,
      '-D',
      node.dataDir,
      '-R',
      '-X',
      'stream',
      '-C',
      '-S',
      STANDBY_SLOT,
      '-c',
      'fast',
      '--no-sync',
      '--no-password',
    ],
    {
      runAs,
      cwd: options.dir,
      env: cleanEnv({ PGPASSWORD: primary.password }),
      timeoutMs: 300_000,
    },
  );
  await startWithPortRetry(ctx, node, options.archiveCommand);
  await waitForStreaming(primary, 30_000);
  return node;
}

/** Waits until the primary reports a streaming standby on the harness's slot. */
export async function waitForStreaming(
  primary: PostgresNode,
  timeoutMs: number,
): Promise<void> {
  await withClient(primary, 'postgres', async client => {
    await waitFor(
      async () => {
        const { rows } = await client.query(
          `select 1 from pg_replication_slots where slot_name = $1 and active`,
          [STANDBY_SLOT],
        );
        return rows.length > 0;
      },
      timeoutMs,
      `the standby did not start streaming within ${timeoutMs / 1000}s`,
    );
  });
}
