import { InputError } from '@backstage/errors';
import {
  appendFile,
  chmod,
  chown,
  mkdir,
  readFile,
  rm,
} from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { isAbortError, OperationAbortedError } from '../operation/errors';
import { OperationContext } from '../operation/runOperation';
import { DrLogger } from '../operation/types';
import { connectPg, pgProgram } from '../postgres/pgTools';
import { asServerOsUser } from '../process/osUser';
import { runProcess } from '../process/processRunner';
import { scrubSecrets } from '../process/scrubSecrets';
import { PgConnection } from '../target/target';

/** A PostgreSQL server started by a point-in-time restore (stop it with {@link stopRestoredServer}). @public */
export interface RestoredServer {
  dataDir: string;
  socketDir: string;
  logFile: string;
  host: string;
  port: number;
  osUser?: string;
  pgBinDir?: string;
}

/**
 * Where a point-in-time restore keeps its server under its directory
 * (`<restoreBaseDir>/pitr-<stanza>-<ts>-<random>`): data directory, socket directory, log.
 * @public
 */
export function restoredServerPaths(
  root: string,
): Pick<RestoredServer, 'dataDir' | 'socketDir' | 'logFile'> {
  return {
    dataDir: path.join(root, 'data'),
    socketDir: path.join(root, 'socket'),
    logFile: path.join(root, 'postgresql.log'),
  };
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

async function userIds(
  user: string,
  signal?: AbortSignal,
): Promise<{ uid: number; gid: number }> {
  const id = async (flag: string) =>
    Number(
      (
        await runProcess({ command: 'id', args: [flag, user], signal })
      ).stdout.trim(),
    );
  const uid = await id('-u');
  const gid = await id('-g');
  if (!Number.isInteger(uid) || !Number.isInteger(gid)) {
    throw new InputError(`OS user ${user} does not exist`);
  }
  return { uid, gid };
}

/** Runs a PostgreSQL program of the server's bin directory as the server's OS user. */
export async function runServerProgram(
  server: Pick<RestoredServer, 'osUser' | 'pgBinDir'>,
  program: string,
  args: string[],
  options: {
    signal?: AbortSignal;
    secrets?: readonly string[];
    logger?: DrLogger;
    env?: Record<string, string | undefined>;
  } = {},
): Promise<void> {
  const [cmd, ...rest] = asServerOsUser(server.osUser, [
    pgProgram(server.pgBinDir, program),
    ...args,
  ]);
  await runProcess({
    command: cmd,
    args: rest,
    cwd: os.tmpdir(),
    env: options.env,
    signal: options.signal,
    secrets: options.secrets,
    logger: options.logger,
  });
}

/** Runs `pg_ctl <args>` on the server's data directory as its OS user. */
async function pgCtl(
  server: RestoredServer,
  args: string[],
  options: {
    signal?: AbortSignal;
    secrets?: readonly string[];
    logger?: DrLogger;
  } = {},
): Promise<void> {
  await runServerProgram(
    server,
    'pg_ctl',
    [`--pgdata=${server.dataDir}`, ...args],
    options,
  );
}

/** Creates the server's data and socket directories, owned by its OS user when running as root. */
export async function createServerDirectories(
  root: string,
  server: RestoredServer,
  signal?: AbortSignal,
): Promise<void> {
  await mkdir(server.dataDir, { mode: 0o700 });
  await mkdir(server.socketDir, { mode: 0o700 });
  if (server.osUser && process.getuid?.() === 0) {
    const { uid, gid } = await userIds(server.osUser, signal);
    await chmod(root, 0o755);
    await chown(root, uid, gid);
    await chown(server.dataDir, uid, gid);
    await chown(server.socketDir, uid, gid);
  }
}

/** Settings of the copy: its own port and socket, local only, never archiving into the stanza. */
export async function writeServerSettings(
  server: RestoredServer,
): Promise<void> {
  await appendFile(
    path.join(server.dataDir, 'postgresql.auto.conf'),
    [
      '',
      '# set by the disaster-recovery point-in-time restore',
      `port = ${server.port}`,
      `unix_socket_directories = '${server.socketDir}'`,
      `listen_addresses = '127.0.0.1'`,
      `archive_mode = 'off'`,
      `hot_standby = 'on'`,
      `primary_conninfo = ''`,
      `primary_slot_name = ''`,
      '',
    ].join('\n'),
  );
}

/** The end of the server's log, scrubbed. */
export async function serverLogTail(
  server: RestoredServer,
  secrets: readonly string[],
): Promise<string> {
  const log = await readFile(server.logFile, 'utf8').catch(() => '');
  return scrubSecrets(log.slice(-1500), secrets);
}

/** Starts the server (`pg_ctl start --wait`); a failure carries the end of its log. */
export async function startServer(
  ctx: OperationContext,
  server: RestoredServer,
  timeoutMs: number,
): Promise<void> {
  try {
    await pgCtl(
      server,
      [
        `--log=${server.logFile}`,
        '--wait',
        `--timeout=${Math.ceil(timeoutMs / 1000)}`,
        'start',
      ],
      ctx,
    );
  } catch (error) {
    throw new Error(
      `${(error as Error).message}; server log: ${await serverLogTail(
        server,
        ctx.secrets,
      )}`,
    );
  }
}

/** Whether the server is still in recovery; undefined while it does not answer. */
async function inRecovery(
  ctx: OperationContext,
  server: RestoredServer,
  connection: PgConnection,
): Promise<boolean | undefined> {
  try {
    const c = await connectPg(connection, {
      database: 'postgres',
      signal: ctx.signal,
    });
    try {
      return (await c.query<{ r: boolean }>('SELECT pg_is_in_recovery() AS r'))
        .rows[0].r;
    } finally {
      await c.end().catch(() => {});
    }
  } catch (error) {
    if (isAbortError(error)) throw error;
    const tail = await readFile(server.logFile, 'utf8').catch(() => '');
    if (
      /database system is shut down|startup process \(PID \d+\) exited with exit code [1-9]/.test(
        tail,
      )
    ) {
      throw new Error(
        `The restored server stopped: ${await serverLogTail(
          server,
          ctx.secrets,
        )}`,
      );
    }
    return undefined;
  }
}

/** Waits until recovery reached its target and the server promoted itself. */
export async function waitForPromotion(
  ctx: OperationContext,
  server: RestoredServer,
  connection: PgConnection,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (ctx.signal?.aborted) throw new OperationAbortedError();
    if ((await inRecovery(ctx, server, connection)) === false) return;
    if (Date.now() > deadline) {
      throw new Error('Recovery did not finish in time');
    }
    await new Promise(r => setTimeout(r, 250));
  }
}

/** The `recovery stopping before|after …` line of the server's log, if any. */
export async function recoveryStopLine(
  server: RestoredServer,
): Promise<string | undefined> {
  const log = await readFile(server.logFile, 'utf8').catch(() => '');
  return /recovery stopping (?:before|after) [^\n]*/.exec(log)?.[0];
}

/** Stops the server at once (`--mode=immediate`), ignoring failures: the cleanup of a failed restore. */
export async function killServer(server: RestoredServer): Promise<void> {
  await pgCtl(server, ['--mode=immediate', '--wait', 'stop']).catch(() => {});
}

/** Stops a server started by {@link restorePointInTime} and, unless `keepData`, removes its directory. @public */
export async function stopRestoredServer(
  server: RestoredServer,
  options: { keepData?: boolean; logger?: DrLogger } = {},
): Promise<void> {
  await pgCtl(server, ['--mode=fast', '--wait', 'stop'], {
    logger: options.logger,
  }).catch(() => {});
  if (!options.keepData) {
    await rm(path.dirname(server.dataDir), { recursive: true, force: true });
  }
}
