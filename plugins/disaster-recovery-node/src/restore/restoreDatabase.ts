import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import os from 'node:os';
import { assertKeyInPrefix } from '../backup/backupKey';
import { prepareDump, PreparedDump } from '../dump/prepareDump';
import { BackupCheckError } from '../operation/errors';
import {
  OperationContext,
  OperationFrameOptions,
  runOperation,
} from '../operation/runOperation';
import { OperationStep } from '../operation/types';
import { CreatedDatabase } from '../postgres/createdDatabase';
import {
  cutOverDatabase,
  databaseExists,
  MAINTENANCE_DATABASE,
  oldDatabaseName,
  restoreDatabaseName,
} from '../postgres/databases';
import {
  assertConnection,
  assertSessionSettings,
  SessionSettings,
} from '../postgres/pgTools';
import { assertIdentifier } from '../target/identifiers';
import { PgConnection, targetDatabaseName } from '../target/target';
import {
  acceptWarnings,
  assertCheckIds,
  requireAcceptedWarnings,
  VerificationCheck,
} from '../verify/checks';
import { checkRestoredDatabaseStep } from '../verify/checkRestoredDatabase';
import {
  resolveRowCountTolerance,
  RowCountTolerance,
} from '../verify/expectedShape';
import { restoreFlags, restoreFromFile } from './restoreFromFile';

/**
 * Session settings restores use unless told otherwise: no parallel workers inside an index build,
 * because `pg_restore -j N` (N = CPUs by default) already builds N indexes at once and extra
 * workers only oversubscribe the CPUs. Measured with `bench/p4-restore.ts` (1.1 GB, 2 CPUs):
 * 1–2 % faster than the server defaults, while `maintenance_work_mem=256MB` (the former default,
 * which lets the planner add workers) was 2–5 % slower.
 * @public
 */
export const DEFAULT_RESTORE_SESSION_SETTINGS: SessionSettings = {
  max_parallel_maintenance_workers: '0',
};

/** Input of {@link restoreDatabase}. @public */
export interface RestoreDatabaseOptions extends OperationFrameOptions {
  /** Backup to restore; default the newest by time. */
  key?: string;
  /**
   * After the new database is verified, swap it in under the live name (the live one is kept as
   * `<db>_old_<ts>`). Only on a clean pass: a failed check stops the restore, and a warning stops
   * the cut-over unless its check id is in `acceptWarnings`. Default false.
   */
  cutover?: boolean;
  /** Ids of checks whose `warn` the caller accepts for the cut-over (recorded in the result), e.g. `['checksum']`. */
  acceptWarnings?: string[];
  /** Row-count tolerance of the `row-drift` check (default: the target's `verification.rowCountTolerance`, else {@link DEFAULT_ROW_COUNT_TOLERANCE}). */
  rowCountTolerance?: RowCountTolerance;
  /** Key of the target's previous verified backup: its statistics are the expected shape when the backup has none and the live database is unreachable. */
  previousVerifiedKey?: string;
  /** pg_restore parallel jobs (default: number of CPUs, at most 8). */
  jobs?: number;
  /** Parallel range requests of the download (default 4). */
  downloadConcurrency?: number;
  /** Directory for the dump file (default the OS temp dir). */
  tempDir?: string;
  /**
   * Settings of the restore sessions (PGOPTIONS). Default {@link DEFAULT_RESTORE_SESSION_SETTINGS}
   * (`{ max_parallel_maintenance_workers: '0' }`); pass `{}` for the server's defaults.
   */
  sessionSettings?: SessionSettings;
  /** Skip ownership and privileges (`--no-owner --no-privileges`); default false (faithful restore). */
  noOwner?: boolean;
  /** Column that holds the tenant id (default: as recorded with the backup, else `tenant_id`). */
  tenantColumn?: string;
  /** Clock (for generated names). */
  now?: () => Date;
  /** Name of the new database instead of `<db>_restore_<ts>` (a drill names its own artefacts). */
  databaseName?: string;
}

/** Result of {@link restoreDatabase}. @public */
export interface RestoreDatabaseResult {
  target: string;
  key: string;
  sha256: string;
  sizeBytes: number;
  /** When the restored backup was taken: the restore point. */
  restorePoint: string;
  /** The database the backup was restored into (renamed to `liveDatabase` when cut over). */
  restoredDatabase: string;
  liveDatabase: string;
  /** Present when cut over: the previous live database, kept under this name. */
  cutover?: { oldDatabase: string; at: string };
  checks: VerificationCheck[];
  /** Warnings the caller accepted (through `acceptWarnings`) for the cut-over. */
  acceptedWarnings: VerificationCheck[];
  durationMs: number;
  steps: OperationStep[];
}

/** The checked input and generated names of one restore. */
interface RestorePlan {
  options: RestoreDatabaseOptions;
  server: PgConnection;
  live: string;
  newDb: CreatedDatabase;
  oldDb?: string;
  jobs: number;
  settings: SessionSettings;
  accepted: string[];
  tolerance: Required<RowCountTolerance>;
}

function planRestore(
  ctx: OperationContext,
  options: RestoreDatabaseOptions,
): RestorePlan {
  const jobs = options.jobs ?? Math.min(8, Math.max(1, os.cpus().length));
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64) {
    throw new InputError('jobs must be an integer from 1 to 64');
  }
  if (options.tenantColumn !== undefined) {
    assertIdentifier(options.tenantColumn, 'tenantColumn');
  }
  const accepted = assertCheckIds(options.acceptWarnings, 'acceptWarnings');
  if (options.previousVerifiedKey !== undefined) {
    assertKeyInPrefix(ctx.target, options.previousVerifiedKey);
  }
  const tolerance = resolveRowCountTolerance(
    options.rowCountTolerance ?? ctx.target.verification?.rowCountTolerance,
  );
  const settings = assertSessionSettings(
    options.sessionSettings ?? DEFAULT_RESTORE_SESSION_SETTINGS,
  );
  const now = options.now ?? (() => new Date());
  const live = targetDatabaseName(ctx.target);
  const server = assertConnection(
    { ...ctx.target.primary, database: MAINTENANCE_DATABASE },
    'Primary',
  );
  return {
    options,
    server,
    live,
    newDb: new CreatedDatabase(
      server,
      options.databaseName === undefined
        ? restoreDatabaseName(live, now())
        : assertIdentifier(options.databaseName, 'databaseName'),
    ),
    oldDb: options.cutover ? oldDatabaseName(live, now()) : undefined,
    jobs,
    settings,
    accepted,
    tolerance,
  };
}

/** Refuses early, before downloading anything, when a generated name is taken or the live database is missing. */
async function assertNamesFree(ctx: OperationContext, plan: RestorePlan) {
  const { server, live, newDb, oldDb } = plan;
  if (await databaseExists(server, newDb.name, ctx.signal)) {
    throw new ConflictError(
      `Database ${newDb.name} already exists; retry in a second`,
    );
  }
  if (!oldDb) {
    return;
  }
  if (!(await databaseExists(server, live, ctx.signal))) {
    throw new NotFoundError(
      `Live database ${live} does not exist; restore without cut-over`,
    );
  }
  if (await databaseExists(server, oldDb, ctx.signal)) {
    throw new ConflictError(
      `Database ${oldDb} already exists; retry in a second`,
    );
  }
}

/** Creates the new database and restores the prepared dump into it. */
async function restoreIntoNewDatabase(
  ctx: OperationContext,
  plan: RestorePlan,
  dump: PreparedDump,
): Promise<void> {
  await ctx.steps.run(
    'create-database',
    `Create the new database ${plan.newDb.name}`,
    () => plan.newDb.create(),
  );
  await restoreFromFile(ctx, {
    server: plan.server,
    database: plan.newDb.name,
    file: dump.path,
    jobs: plan.jobs,
    flags: restoreFlags(plan.options.noOwner),
    settings: plan.settings,
  });
}

/** Checks the new database; a failed check stops the restore. */
async function verifyNewDatabase(
  ctx: OperationContext,
  plan: RestorePlan,
  dump: PreparedDump,
  checks: VerificationCheck[],
): Promise<void> {
  const name = plan.newDb.name;
  const found = await checkRestoredDatabaseStep(
    ctx,
    { id: 'verify', server: plan.server, database: name },
    {
      toc: dump.toc,
      stats: dump.stats,
      statsProblem: dump.statsProblem,
      tenantColumn: plan.options.tenantColumn,
      shape: dump.shape.shape,
      tolerance: plan.tolerance,
    },
  );
  checks.push(...found);
  const failed = found.filter(c => c.status === 'fail');
  if (failed.length > 0) {
    throw new BackupCheckError(
      `The restored database ${name} failed its checks: ${failed
        .map(c => `${c.id}: ${c.detail}`)
        .join('; ')}`,
      checks,
    );
  }
}

/** Swaps the new database in, only on a clean pass or with every warning accepted. */
async function cutOver(
  ctx: OperationContext,
  plan: RestorePlan,
  checks: VerificationCheck[],
): Promise<RestoreDatabaseResult['cutover']> {
  const { live, oldDb, newDb } = plan;
  if (!oldDb) {
    ctx.steps.skip(
      'cutover',
      'Cut over',
      'not requested; the live database is untouched',
    );
    return undefined;
  }
  await ctx.steps.run(
    'cutover',
    `Cut over: ${live} -> ${oldDb}, ${newDb.name} -> ${live}`,
    async () => {
      requireAcceptedWarnings('Cut-over', checks, plan.accepted);
      await cutOverDatabase({
        server: plan.server,
        live,
        restored: newDb.name,
        oldName: oldDb,
      });
    },
  );
  return { oldDatabase: oldDb, at: new Date().toISOString() };
}

/**
 * Restores a dump into a NEW database `<db>_restore_<ts>` on the target's primary (never over the
 * live one), verifies it (checksum, table of contents, tables and row counts per table and tenant),
 * and only then — when asked, and only on a clean pass or accepted warnings — cuts over by
 * renaming. Any failure or abort drops the new database and leaves the live one untouched.
 * @public
 */
export async function restoreDatabase(
  options: RestoreDatabaseOptions,
): Promise<RestoreDatabaseResult> {
  return runOperation('Restore', options, async ctx => {
    if (options.key !== undefined) {
      assertKeyInPrefix(ctx.target, options.key);
    }
    const plan = planRestore(ctx, options);
    await assertNamesFree(ctx, plan);
    let cutover: RestoreDatabaseResult['cutover'];
    try {
      const dump = await prepareDump(ctx, options);
      const checks = [...dump.checks];
      try {
        await restoreIntoNewDatabase(ctx, plan, dump);
      } finally {
        await dump.cleanup();
      }
      checks.push({
        id: 'restore',
        status: 'pass',
        detail: `restored into ${plan.newDb.name}`,
      });
      await verifyNewDatabase(ctx, plan, dump, checks);
      cutover = await cutOver(ctx, plan, checks);
      return {
        target: ctx.target.name,
        key: dump.info.key,
        sha256: dump.sha256,
        sizeBytes: dump.info.sizeBytes,
        restorePoint: dump.info.takenAt.toISOString(),
        restoredDatabase: plan.newDb.name,
        liveDatabase: plan.live,
        cutover,
        checks,
        acceptedWarnings: acceptWarnings(checks, plan.accepted).accepted,
        durationMs: Date.now() - ctx.startedAt,
        steps: ctx.steps.steps,
      };
    } catch (error) {
      if (!cutover) {
        await plan.newDb
          .drop(ctx.steps, `Drop the unfinished database ${plan.newDb.name}`)
          .catch(() => {});
      }
      throw error;
    }
  });
}
