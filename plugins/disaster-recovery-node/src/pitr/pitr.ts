import { InputError } from '@backstage/errors';
import {
  appendFile,
  chmod,
  chown,
  mkdir,
  mkdtemp,
  readFile,
  rm,
} from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { VerificationCheck } from '../verify/checks';
import { isAbortError, OperationAbortedError } from '../operation/errors';
import { nameTimestamp } from '../target/identifiers';
import { PitrWindow, readPitrWindow } from './pgBackRestInfo';
import { connectPg, pgProgram } from '../postgres/pgTools';
import { runProcess } from '../process/processRunner';
import { scrubSecrets } from '../process/scrubSecrets';
import { StepRunner } from '../operation/steps';
import { collectTableStats, TableStats } from '../postgres/tableStats';
import { DatabaseTarget, PgConnection, targetSecrets } from '../target/target';
import {
  DrLogger,
  OperationOptions,
  OperationStep,
  silentLogger,
} from '../operation/types';
import { validateTarget } from '../target/validateTarget';

/** Input of {@link restorePointInTime}. @public */
export interface RestorePointInTimeOptions extends OperationOptions {
  target: DatabaseTarget;
  /** Moment to recover to: an ISO 8601 time with a zone (e.g. `2025-01-31T12:00:00Z`) or a Date. */
  targetTime: string | Date;
  /** Port for the restored server (default: a free port). */
  port?: number;
  /** How long recovery may take before giving up (default 10 minutes). */
  recoveryTimeoutMs?: number;
}

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

/** Result of {@link restorePointInTime}. @public */
export interface RestorePointInTimeResult {
  target: string;
  targetTime: string;
  window: { earliest: string; latest: string; latestSource: string };
  /** The running restored server (new data directory and port). */
  server: RestoredServer;
  /** Connection to the restored copy of the target's database; the user and password are the primary's (never returned). */
  connection: Omit<PgConnection, 'password'>;
  /** The log line where recovery stopped, if found (e.g. `recovery stopping before commit of transaction …, time …`). */
  recoveryStop?: string;
  tables: TableStats[];
  checks: VerificationCheck[];
  durationMs: number;
  steps: OperationStep[];
}

const SAFE_PATH = /^\/[A-Za-z0-9/_.-]+$/;

/** Parses and validates a PITR target time (ISO 8601 with a zone). @public */
export function parseTargetTime(value: string | Date): Date {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) {
      throw new InputError('targetTime is not a valid date');
    }
    return value;
  }
  if (
    typeof value !== 'string' ||
    !/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}(:?\d{2})?)$/.test(
      value,
    )
  ) {
    throw new InputError(
      `targetTime ${JSON.stringify(
        String(value).slice(0, 60),
      )} must be an ISO 8601 time with a zone, e.g. 2025-01-31T12:00:00Z`,
    );
  }
  const d = new Date(value.replace(' ', 'T'));
  if (Number.isNaN(d.getTime())) {
    throw new InputError('targetTime is not a valid date');
  }
  return d;
}

/** Formats a time the way pgBackRest's `--target` and PostgreSQL's recovery_target_time read it. @public */
export function formatRecoveryTarget(d: Date): string {
  return `${d.toISOString().replace('T', ' ').replace('Z', '')}+00`;
}

async function freePort(): Promise<number> {
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
  const uid = Number(
    (
      await runProcess({ command: 'id', args: ['-u', user], signal })
    ).stdout.trim(),
  );
  const gid = Number(
    (
      await runProcess({ command: 'id', args: ['-g', user], signal })
    ).stdout.trim(),
  );
  if (!Number.isInteger(uid) || !Number.isInteger(gid)) {
    throw new InputError(`OS user ${user} does not exist`);
  }
  return { uid, gid };
}

function asOsUser(osUser: string | undefined, argv: string[]): string[] {
  if (osUser && process.getuid?.() === 0) {
    return ['runuser', '-u', osUser, '--', ...argv];
  }
  return argv;
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

/** Stops a server started by {@link restorePointInTime} and, unless `keepData`, removes its directory. @public */
export async function stopRestoredServer(
  server: RestoredServer,
  options: { keepData?: boolean; logger?: DrLogger } = {},
): Promise<void> {
  const [cmd, ...args] = asOsUser(server.osUser, [
    pgProgram(server.pgBinDir, 'pg_ctl'),
    `--pgdata=${server.dataDir}`,
    '--mode=fast',
    '--wait',
    'stop',
  ]);
  await runProcess({
    command: cmd,
    args,
    cwd: os.tmpdir(),
    logger: options.logger,
  }).catch(() => {});
  if (!options.keepData) {
    await rm(path.dirname(server.dataDir), { recursive: true, force: true });
  }
}

/**
 * Point-in-time recovery through pgBackRest into a NEW data directory, started on a new port as
 * the OS user, then checked (promoted, tables readable, row counts). Times outside the PITR
 * window (oldest backup end .. last archived WAL) are rejected before anything is created. The
 * live server is never touched. The restored server keeps running; stop it with
 * {@link stopRestoredServer}.
 * @public
 */
export async function restorePointInTime(
  options: RestorePointInTimeOptions,
): Promise<RestorePointInTimeResult> {
  const target = validateTarget(options.target);
  const pgbr = target.pgbackrest;
  if (!pgbr) {
    throw new InputError(`Target ${target.name} has no pgBackRest settings`);
  }
  const targetTime = parseTargetTime(options.targetTime);
  if (
    options.port !== undefined &&
    (!Number.isInteger(options.port) ||
      options.port < 1024 ||
      options.port > 65535)
  ) {
    throw new InputError('port must be an integer from 1024 to 65535');
  }
  const baseDir = pgbr.restoreBaseDir ?? os.tmpdir();
  if (!SAFE_PATH.test(baseDir)) {
    throw new InputError(
      'restoreBaseDir must be an absolute path of [A-Za-z0-9/_.-]',
    );
  }
  const logger = options.logger ?? silentLogger;
  const signal = options.signal;
  const secrets = targetSecrets(target);
  const steps = new StepRunner({
    logger,
    onStep: options.onStep,
    signal,
    secrets,
  });
  const started = Date.now();

  const window: PitrWindow = await steps.run(
    'window',
    'Read the PITR window (pgbackrest info)',
    async setDetail => {
      const w = await readPitrWindow(target, { signal, logger });
      setDetail(`${w.earliest} .. ${w.latest} (${w.latestSource})`);
      return w;
    },
  );
  const iso = targetTime.toISOString();
  if (iso < window.earliest || iso > window.latest) {
    throw new InputError(
      `targetTime ${iso} is outside the PITR window ${window.earliest} .. ${window.latest} of stanza ${pgbr.stanza}`,
    );
  }

  const root = await mkdtemp(
    path.join(baseDir, `pitr-${pgbr.stanza}-${nameTimestamp(new Date())}-`),
  );
  const { dataDir, socketDir, logFile } = restoredServerPaths(root);
  const server: RestoredServer = {
    dataDir,
    socketDir,
    logFile,
    host: '127.0.0.1',
    port: options.port ?? (await freePort()),
    osUser: pgbr.osUser,
    pgBinDir: target.pgBinDir,
  };
  let startedServer = false;
  try {
    await steps.run('prepare', `Create data directory ${dataDir}`, async () => {
      await mkdir(dataDir, { mode: 0o700 });
      await mkdir(socketDir, { mode: 0o700 });
      if (pgbr.osUser && process.getuid?.() === 0) {
        const { uid, gid } = await userIds(pgbr.osUser, signal);
        await chmod(root, 0o755);
        await chown(root, uid, gid);
        await chown(dataDir, uid, gid);
        await chown(socketDir, uid, gid);
      }
    });
    await steps.run(
      'restore',
      `pgbackrest restore --type=time --target="${formatRecoveryTarget(
        targetTime,
      )}"`,
      async () => {
        const [cmd, ...rest] = pgbr.command;
        await runProcess({
          command: cmd,
          args: [
            ...rest,
            `--stanza=${pgbr.stanza}`,
            `--pg1-path=${dataDir}`,
            '--type=time',
            `--target=${formatRecoveryTarget(targetTime)}`,
            '--target-action=promote',
            '--archive-mode=off',
            'restore',
          ],
          cwd: os.tmpdir(),
          signal,
          secrets,
          logger,
        });
        // settings of the copy: its own port and socket, local only, never archiving into the stanza
        await appendFile(
          path.join(dataDir, 'postgresql.auto.conf'),
          [
            '',
            '# set by the disaster-recovery point-in-time restore',
            `port = ${server.port}`,
            `unix_socket_directories = '${socketDir}'`,
            `listen_addresses = '127.0.0.1'`,
            `archive_mode = 'off'`,
            `hot_standby = 'on'`,
            `primary_conninfo = ''`,
            `primary_slot_name = ''`,
            '',
          ].join('\n'),
        );
      },
    );
    await steps.run(
      'start',
      `Start the restored server on port ${server.port}`,
      async () => {
        const [cmd, ...args] = asOsUser(pgbr.osUser, [
          pgProgram(target.pgBinDir, 'pg_ctl'),
          `--pgdata=${dataDir}`,
          `--log=${logFile}`,
          '--wait',
          `--timeout=${Math.ceil(
            (options.recoveryTimeoutMs ?? 600_000) / 1000,
          )}`,
          'start',
        ]);
        startedServer = true;
        try {
          await runProcess({
            command: cmd,
            args,
            cwd: os.tmpdir(),
            signal,
            secrets,
            logger,
          });
        } catch (error) {
          const tail = await readFile(logFile, 'utf8').catch(() => '');
          throw new Error(
            `${(error as Error).message}; server log: ${scrubSecrets(
              tail.slice(-1500),
              secrets,
            )}`,
          );
        }
      },
    );
    const connection: PgConnection = {
      host: server.host,
      port: server.port,
      user: target.primary.user,
      password: target.primary.password,
      database: target.primary.database,
    };
    await steps.run(
      'promote',
      'Wait for recovery to reach the target and promote',
      async setDetail => {
        const deadline = Date.now() + (options.recoveryTimeoutMs ?? 600_000);
        for (;;) {
          if (signal?.aborted) throw new OperationAbortedError();
          let inRecovery: boolean | undefined;
          try {
            const c = await connectPg(connection, {
              database: 'postgres',
              signal,
            });
            try {
              inRecovery = (
                await c.query<{ r: boolean }>('SELECT pg_is_in_recovery() AS r')
              ).rows[0].r;
            } finally {
              await c.end().catch(() => {});
            }
          } catch (error) {
            if (isAbortError(error)) throw error;
            const tail = await readFile(logFile, 'utf8').catch(() => '');
            if (
              /database system is shut down|startup process \(PID \d+\) exited with exit code [1-9]/.test(
                tail,
              )
            ) {
              throw new Error(
                `The restored server stopped: ${scrubSecrets(
                  tail.slice(-1500),
                  secrets,
                )}`,
              );
            }
          }
          if (inRecovery === false) break;
          if (Date.now() > deadline) {
            throw new Error('Recovery did not finish in time');
          }
          await new Promise(r => setTimeout(r, 250));
        }
        setDetail('promoted');
      },
    );
    const log = await readFile(logFile, 'utf8').catch(() => '');
    const stopLine = /recovery stopping (?:before|after) [^\n]*/.exec(log)?.[0];
    const checks: VerificationCheck[] = [];
    const tables = await steps.run(
      'verify',
      `Check the restored database ${connection.database}`,
      async setDetail => {
        const c = await connectPg(connection, { signal });
        try {
          const t = await collectTableStats(c);
          checks.push({
            id: 'tables',
            status: t.length > 0 ? 'pass' : 'fail',
            detail: `${t.length} tables readable, ${t.reduce(
              (n, x) => n + x.rows,
              0,
            )} rows`,
          });
          if (t.length === 0) {
            throw new Error(
              `The restored database ${connection.database} has no tables`,
            );
          }
          checks.push({
            id: 'recovery-target',
            status: stopLine ? 'pass' : 'warn',
            detail:
              stopLine ??
              'recovery ended at the end of the archived WAL without reporting its stop point',
          });
          setDetail(`${t.length} tables`);
          return t;
        } finally {
          await c.end().catch(() => {});
        }
      },
    );
    return {
      target: target.name,
      targetTime: iso,
      window: {
        earliest: window.earliest,
        latest: window.latest,
        latestSource: window.latestSource,
      },
      server,
      connection: {
        host: connection.host,
        port: connection.port,
        user: connection.user,
        database: connection.database,
      },
      recoveryStop: stopLine,
      tables,
      checks,
      durationMs: Date.now() - started,
      steps: steps.steps,
    };
  } catch (error) {
    await steps
      .run(
        'cleanup',
        `Stop and remove ${root}`,
        async () => {
          if (startedServer) {
            const [cmd, ...args] = asOsUser(pgbr.osUser, [
              pgProgram(target.pgBinDir, 'pg_ctl'),
              `--pgdata=${dataDir}`,
              '--mode=immediate',
              '--wait',
              'stop',
            ]);
            await runProcess({ command: cmd, args, cwd: os.tmpdir() }).catch(
              () => {},
            );
          }
          await rm(root, { recursive: true, force: true });
        },
        { ignoreAbort: true },
      )
      .catch(() => {});
    if (isAbortError(error) || signal?.aborted) {
      throw new OperationAbortedError(
        `Point-in-time restore of ${target.name} was aborted`,
      );
    }
    const e = error instanceof Error ? error : new Error(String(error));
    e.message = scrubSecrets(e.message, secrets);
    throw e;
  }
}
