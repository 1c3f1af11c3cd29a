import { InputError } from '@backstage/errors';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  OperationContext,
  OperationFrameOptions,
  runOperation,
} from '../operation/runOperation';
import { OperationStep } from '../operation/types';
import { connectPg } from '../postgres/pgTools';
import { collectTableStats, TableStats } from '../postgres/tableStats';
import { runProcess } from '../process/processRunner';
import { nameTimestamp } from '../target/identifiers';
import { PgConnection, TargetPgBackRest } from '../target/target';
import { VerificationCheck } from '../verify/checks';
import { PitrWindow, readPitrWindow } from './pgBackRestInfo';
import {
  createServerDirectories,
  freePort,
  killServer,
  recoveryStopLine,
  RestoredServer,
  restoredServerPaths,
  startServer,
  waitForPromotion,
  writeServerSettings,
} from './restoredServer';

export type { RestoredServer } from './restoredServer';
export { restoredServerPaths, stopRestoredServer } from './restoredServer';

/** Input of {@link restorePointInTime}. @public */
export interface RestorePointInTimeOptions extends OperationFrameOptions {
  /** Moment to recover to: an ISO 8601 time with a zone (e.g. `2025-01-31T12:00:00Z`) or a Date. */
  targetTime: string | Date;
  /** Port for the restored server (default: a free port). */
  port?: number;
  /** How long recovery may take before giving up (default 10 minutes). */
  recoveryTimeoutMs?: number;
  /** Directory to restore the server into, created here (must not exist); default a new one under the stanza's `restoreBaseDir`. */
  directory?: string;
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

/** The checked input of one point-in-time restore. */
interface PitrPlan {
  pgbr: TargetPgBackRest;
  targetTime: Date;
  baseDir: string;
  timeoutMs: number;
}

function planPitr(
  ctx: OperationContext,
  options: RestorePointInTimeOptions,
): PitrPlan {
  const pgbr = ctx.target.pgbackrest;
  if (!pgbr) {
    throw new InputError(
      `Target ${ctx.target.name} has no pgBackRest settings`,
    );
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
  return {
    pgbr,
    targetTime,
    baseDir,
    timeoutMs: options.recoveryTimeoutMs ?? 600_000,
  };
}

/** Reads the PITR window and refuses a target time outside it, before anything is created. */
async function windowStep(
  ctx: OperationContext,
  plan: PitrPlan,
): Promise<PitrWindow> {
  const window = await ctx.steps.run(
    'window',
    'Read the PITR window (pgbackrest info)',
    async setDetail => {
      const w = await readPitrWindow(ctx.target, {
        signal: ctx.signal,
        logger: ctx.logger,
      });
      setDetail(`${w.earliest} .. ${w.latest} (${w.latestSource})`);
      return w;
    },
  );
  const iso = plan.targetTime.toISOString();
  if (iso < window.earliest || iso > window.latest) {
    throw new InputError(
      `targetTime ${iso} is outside the PITR window ${window.earliest} .. ${window.latest} of stanza ${plan.pgbr.stanza}`,
    );
  }
  return window;
}

/** `pgbackrest restore --type=time` into the new data directory, then the copy's own settings. */
async function pgbackrestRestoreStep(
  ctx: OperationContext,
  plan: PitrPlan,
  server: RestoredServer,
): Promise<void> {
  const target = formatRecoveryTarget(plan.targetTime);
  await ctx.steps.run(
    'restore',
    `pgbackrest restore --type=time --target="${target}"`,
    async () => {
      const [cmd, ...rest] = plan.pgbr.command;
      await runProcess({
        command: cmd,
        args: [
          ...rest,
          `--stanza=${plan.pgbr.stanza}`,
          `--pg1-path=${server.dataDir}`,
          '--type=time',
          `--target=${target}`,
          '--target-action=promote',
          '--archive-mode=off',
          'restore',
        ],
        cwd: os.tmpdir(),
        signal: ctx.signal,
        secrets: ctx.secrets,
        logger: ctx.logger,
      });
      await writeServerSettings(server);
    },
  );
}

/** Checks the restored database: its tables are readable, and where recovery stopped. */
async function verifyStep(
  ctx: OperationContext,
  connection: PgConnection,
  stopLine: string | undefined,
  checks: VerificationCheck[],
): Promise<TableStats[]> {
  return ctx.steps.run(
    'verify',
    `Check the restored database ${connection.database}`,
    async setDetail => {
      const c = await connectPg(connection, { signal: ctx.signal });
      try {
        const t = await collectTableStats(c);
        const rows = t.reduce((n, x) => n + x.rows, 0);
        checks.push({
          id: 'tables',
          status: t.length > 0 ? 'pass' : 'fail',
          detail: `${t.length} tables readable, ${rows} rows`,
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
  return runOperation('Point-in-time restore', options, async ctx => {
    const plan = planPitr(ctx, options);
    const window = await windowStep(ctx, plan);
    const root = options.directory
      ? await mkdir(options.directory, { mode: 0o700 }).then(
          () => options.directory!,
        )
      : await mkdtemp(
          path.join(
            plan.baseDir,
            `pitr-${plan.pgbr.stanza}-${nameTimestamp(new Date())}-`,
          ),
        );
    const server: RestoredServer = {
      ...restoredServerPaths(root),
      host: '127.0.0.1',
      port: options.port ?? (await freePort()),
      osUser: plan.pgbr.osUser,
      pgBinDir: ctx.target.pgBinDir,
    };
    const { user, password, database } = ctx.target.primary;
    const connection: PgConnection = {
      host: server.host,
      port: server.port,
      user,
      password,
      database,
    };
    let startedServer = false;
    try {
      await ctx.steps.run(
        'prepare',
        `Create data directory ${server.dataDir}`,
        () => createServerDirectories(root, server, ctx.signal),
      );
      await pgbackrestRestoreStep(ctx, plan, server);
      await ctx.steps.run(
        'start',
        `Start the restored server on port ${server.port}`,
        () => {
          startedServer = true;
          return startServer(ctx, server, plan.timeoutMs);
        },
      );
      await ctx.steps.run(
        'promote',
        'Wait for recovery to reach the target and promote',
        async setDetail => {
          await waitForPromotion(ctx, server, connection, plan.timeoutMs);
          setDetail('promoted');
        },
      );
      const stopLine = await recoveryStopLine(server);
      const checks: VerificationCheck[] = [];
      const tables = await verifyStep(ctx, connection, stopLine, checks);
      return {
        target: ctx.target.name,
        targetTime: plan.targetTime.toISOString(),
        window: {
          earliest: window.earliest,
          latest: window.latest,
          latestSource: window.latestSource,
        },
        server,
        connection: { host: server.host, port: server.port, user, database },
        recoveryStop: stopLine,
        tables,
        checks,
        durationMs: Date.now() - ctx.startedAt,
        steps: ctx.steps.steps,
      };
    } catch (error) {
      await ctx.steps
        .run(
          'cleanup',
          `Stop and remove ${root}`,
          async () => {
            if (startedServer) await killServer(server);
            await rm(root, { recursive: true, force: true });
          },
          { ignoreAbort: true },
        )
        .catch(() => {});
      throw error;
    }
  });
}
