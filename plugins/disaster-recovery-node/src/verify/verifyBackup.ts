import { InputError } from '@backstage/errors';
import { assertKeyInPrefix } from '../backup/backupKey';
import { LoadedBackupStats } from '../backup/backupStatsObject';
import { BackupObjectInfo } from '../backup/listBackups';
import { DumpCheckList } from '../dump/dumpChecks';
import { locateDump } from '../dump/locateDump';
import { loadStats } from '../dump/prepareDump';
import { streamDump } from '../dump/streamDump';
import { DumpToc } from '../dump/toc';
import { getObjectStream } from '../objectStore/s3Download';
import { isAbortError } from '../operation/errors';
import {
  OperationContext,
  OperationFrameOptions,
  runOperation,
} from '../operation/runOperation';
import { OperationStep } from '../operation/types';
import { CreatedDatabase } from '../postgres/createdDatabase';
import {
  MAINTENANCE_DATABASE,
  scratchDatabaseName,
} from '../postgres/databases';
import {
  assertConnection,
  pgConnArgs,
  pgEnv,
  pgProgram,
} from '../postgres/pgTools';
import { ProcessInput } from '../process/processInput';
import { RunningProcess, spawnProcess } from '../process/processRunner';
import { scrubSecrets } from '../process/scrubSecrets';
import { assertIdentifier } from '../target/identifiers';
import { PgConnection, targetDatabaseName } from '../target/target';
import { overallStatus, VerificationCheck } from './checks';
import { amcheckStep } from './amcheck';
import { checkRestoredDatabaseStep } from './checkRestoredDatabase';
import {
  ExpectedShapeSource,
  resolveRowCountTolerance,
  RowCountTolerance,
} from './expectedShape';
import { loadExpectedShape, LoadedShape } from './loadExpectedShape';

/** Input of {@link verifyBackup}. @public */
export interface VerifyBackupOptions extends OperationFrameOptions {
  /** Backup to verify; default the newest by time. */
  key?: string;
  /** `quick`: size, checksum, format, table of contents. `full`: also restore into a scratch database and check it. */
  mode: 'quick' | 'full';
  /** Server for the scratch database (full mode); default the target's primary. Its `database` is not used. */
  scratch?: PgConnection;
  /** Column that holds the tenant id (default: as recorded with the backup, else `tenant_id`). */
  tenantColumn?: string;
  /** Clock (for the scratch database name). */
  now?: () => Date;
  /** Row-count tolerance of the `row-drift` check (default: the target's `verification.rowCountTolerance`, else {@link DEFAULT_ROW_COUNT_TOLERANCE}). */
  rowCountTolerance?: RowCountTolerance;
  /** Key of the target's previous verified backup: its statistics are the expected shape when the backup has none and the live database is unreachable. */
  previousVerifiedKey?: string;
}

/** Result of {@link verifyBackup}. A corrupted backup always gives `fail`. @public */
export interface VerifyBackupResult {
  status: 'pass' | 'fail';
  mode: 'quick' | 'full';
  target: string;
  bucket: string;
  key: string;
  sizeBytes: number;
  /** SHA-256 computed while downloading (undefined if the download stopped early). */
  sha256?: string;
  /** SHA-256 recorded in the object's metadata. */
  expectedSha256?: string;
  takenAt: string;
  /** Database the dump was taken from, per its table of contents. */
  dumpDatabase?: string;
  scratchDatabase?: string;
  checks: VerificationCheck[];
  /** Ids of the checks that warned: a pass with warnings is not a clean pass. */
  warnings: string[];
  /** What the backup was compared with (undefined: nothing could be had, see the `shape` check). */
  expectedShape?: { source: ExpectedShapeSource; from: string; tables: number };
  durationMs: number;
  verifiedAt: string;
  steps: OperationStep[];
}

/** One verification in progress: what the steps found so far. */
interface Verification {
  ctx: OperationContext;
  options: VerifyBackupOptions;
  info: BackupObjectInfo;
  checks: DumpCheckList;
  scratchServer: PgConnection;
  scratch?: CreatedDatabase;
  tolerance: Required<RowCountTolerance>;
  stats?: Promise<LoadedBackupStats>;
  shape?: Promise<LoadedShape>;
  toc?: DumpToc;
  sha256?: string;
  /** `pg_restore` reading the whole archive (quick) or restoring it into the scratch database (full). */
  reader?: RunningProcess;
}

function checkOptions(options: VerifyBackupOptions, ctx: OperationContext) {
  if (options.mode !== 'quick' && options.mode !== 'full') {
    throw new InputError("mode must be 'quick' or 'full'");
  }
  if (options.key !== undefined) {
    assertKeyInPrefix(ctx.target, options.key);
  }
  if (options.tenantColumn !== undefined) {
    assertIdentifier(options.tenantColumn, 'tenantColumn');
  }
  if (options.previousVerifiedKey !== undefined) {
    assertKeyInPrefix(ctx.target, options.previousVerifiedKey);
  }
  return assertConnection(
    {
      ...(options.scratch ?? ctx.target.primary),
      database: MAINTENANCE_DATABASE,
    },
    'Scratch server',
  );
}

/** Starts the `pg_restore` that gets the whole stream: into /dev/null (quick) or a new scratch database (full). */
async function startReader(v: Verification): Promise<ProcessInput> {
  const { ctx } = v;
  const common = {
    command: pgProgram(ctx.target.pgBinDir, 'pg_restore'),
    stdin: 'pipe' as const,
    signal: ctx.signal,
    secrets: ctx.secrets,
    logger: ctx.logger,
  };
  if (v.options.mode === 'quick') {
    // reads and decompresses every data block without a database
    v.reader = spawnProcess({ ...common, args: ['--file=/dev/null'] });
  } else {
    const now = v.options.now ?? (() => new Date());
    const name = scratchDatabaseName(targetDatabaseName(ctx.target), now());
    v.scratch = new CreatedDatabase(v.scratchServer, name);
    await v.scratch.create();
    v.reader = spawnProcess({
      ...common,
      args: [
        ...pgConnArgs(v.scratchServer, name),
        '--exit-on-error',
        '--no-owner',
        '--no-privileges',
        '--no-password',
      ],
      env: pgEnv(v.scratchServer),
    });
  }
  return new ProcessInput(v.reader.stdin!);
}

/** The `stream` step: one read of the object checks format, TOC and database, and feeds the reader. */
async function streamStep(v: Verification): Promise<void> {
  const { ctx, info, checks } = v;
  await ctx.steps.run(
    'stream',
    v.options.mode === 'full'
      ? `Download, check and restore ${info.key} into a scratch database`
      : `Download and check ${info.key}`,
    async setDetail => {
      const body = await getObjectStream({
        client: ctx.s3(),
        bucket: ctx.target.s3.bucket,
        key: info.key,
        signal: ctx.signal,
      });
      const seen = await streamDump({
        body,
        pgBinDir: ctx.target.pgBinDir,
        signal: ctx.signal,
        secrets: ctx.secrets,
        logger: ctx.logger,
        onFormat: format => checks.format(format),
        afterToc: async toc => {
          v.toc = toc;
          // a dump of another database or schema is refused before anything is restored
          return checks.toc(toc) && checks.shape(await v.shape!, toc)
            ? startReader(v)
            : undefined;
        },
      });
      if (seen.tocError !== undefined) {
        checks.toc(undefined, seen.tocError);
      }
      v.sha256 = seen.sha256;
      setDetail(
        seen.sha256
          ? `${seen.bytes} bytes, sha256 ${seen.sha256}`
          : `stopped after ${seen.bytes} bytes`,
      );
    },
  );
  if (v.sha256) {
    checks.checksum(info.metadata.sha256, v.sha256);
  }
}

/** Waits for the reader: every block read (quick) or the scratch restore done (full). */
async function finishReaderStep(v: Verification): Promise<boolean> {
  const quick = v.options.mode === 'quick';
  const reader = v.reader!;
  return v.ctx.steps.run(
    quick ? 'read-archive' : 'restore',
    quick
      ? 'Finish reading every block of the archive'
      : `Finish the restore into ${v.scratch?.name}`,
    async () => {
      try {
        await reader.done;
      } catch (error) {
        if (isAbortError(error)) throw error;
        return v.checks.readWhole(
          `pg_restore failed: ${(error as Error).message}`,
          '',
        );
      }
      return v.checks.readWhole(
        undefined,
        quick
          ? 'every block of the archive reads and decompresses (pg_restore --file=/dev/null)'
          : `restored into scratch database ${v.scratch?.name}`,
      );
    },
  );
}

/** The `sanity` step of full mode: tables and row counts of the scratch copy. */
async function sanityStep(v: Verification): Promise<void> {
  const loaded = await v.stats!;
  const { shape } = await v.shape!;
  const found = await checkRestoredDatabaseStep(
    v.ctx,
    { id: 'sanity', server: v.scratchServer, database: v.scratch!.name },
    {
      toc: v.toc!,
      stats: loaded.status === 'ok' ? loaded.stats : undefined,
      statsProblem: loaded.status === 'ok' ? undefined : loaded.reason,
      tenantColumn: v.options.tenantColumn,
      shape,
      tolerance: v.tolerance,
    },
  );
  for (const check of found) {
    if (check.id === 'row-drift') v.checks.computed(check);
    else v.checks.add(check);
  }
}

/** Reads the archive and, in full mode, restores and checks it. */
async function readAndCheck(v: Verification): Promise<void> {
  const full = v.options.mode === 'full';
  v.stats = loadStats(v.ctx, v.info);
  v.shape = v.stats.then(stats =>
    loadExpectedShape(v.ctx, {
      backupKey: v.info.key,
      stats,
      previousVerifiedKey: v.options.previousVerifiedKey,
    }),
  );
  v.shape.catch(() => {});
  await streamStep(v);
  if (v.reader) {
    if ((await finishReaderStep(v)) && full) {
      await sanityStep(v);
      v.checks.computed(
        await amcheckStep(v.ctx, v.scratchServer, v.scratch!.name),
      );
    }
  } else if (!v.checks.failed) {
    v.checks.readWhole('the archive was not read', '');
  }
}

/** Always drops the scratch database, recording whether that worked. */
async function cleanupStep(v: Verification): Promise<void> {
  const scratch = v.scratch;
  if (!scratch?.exists) {
    return;
  }
  const name = scratch.name;
  await scratch.drop(v.ctx.steps, `Drop scratch database ${name}`).then(
    () =>
      v.checks.add({
        id: 'cleanup',
        status: 'pass',
        detail: `dropped ${name}`,
      }),
    err =>
      v.checks.add({
        id: 'cleanup',
        status: 'warn',
        detail: `could not drop ${name}: ${scrubSecrets(
          String(err?.message ?? err),
          v.ctx.secrets,
        )}`,
      }),
  );
}

async function result(v: Verification): Promise<VerifyBackupResult> {
  const checks = [...v.checks.checks];
  const shape = (await v.shape?.catch(() => undefined))?.shape;
  return {
    status: overallStatus(checks),
    mode: v.options.mode,
    target: v.ctx.target.name,
    bucket: v.ctx.target.s3.bucket,
    key: v.info.key,
    sizeBytes: v.info.sizeBytes,
    sha256: v.sha256,
    expectedSha256: v.info.metadata.sha256,
    takenAt: v.info.takenAt.toISOString(),
    dumpDatabase: v.toc?.database,
    scratchDatabase: v.scratch?.name,
    checks,
    warnings: [
      ...new Set(checks.filter(c => c.status === 'warn').map(c => c.id)),
    ],
    expectedShape: shape && {
      source: shape.source,
      from: shape.from,
      tables: shape.tables.length,
    },
    durationMs: Date.now() - v.ctx.startedAt,
    verifiedAt: new Date().toISOString(),
    steps: v.ctx.steps.steps,
  };
}

/**
 * Verifies a backup (the newest by time unless a key is given) by the checks of
 * {@link DUMP_CHECK_TABLE}: size, SHA-256 against metadata, custom-archive magic,
 * `pg_restore --list` on the stream, the dump's database name; in full mode it also restores into
 * a fresh scratch database, checks tables and row counts per table and per tenant against the
 * statistics recorded at backup time, and always drops the scratch database.
 * @public
 */
export async function verifyBackup(
  options: VerifyBackupOptions,
): Promise<VerifyBackupResult> {
  return runOperation(
    'Verification',
    options,
    async ctx => {
      const scratchServer = checkOptions(options, ctx);
      const tolerance = resolveRowCountTolerance(
        options.rowCountTolerance ?? ctx.target.verification?.rowCountTolerance,
      );
      const { info, checks } = await locateDump(ctx, options.mode, options.key);
      const v: Verification = {
        ctx,
        options,
        info,
        checks,
        scratchServer,
        tolerance,
      };
      if (checks.failed) {
        return await result(v);
      }
      try {
        await readAndCheck(v);
      } catch (error) {
        v.reader?.kill();
        throw error;
      } finally {
        await cleanupStep(v);
      }
      if (options.mode === 'quick') {
        checks.add({
          id: 'restore',
          status: 'skipped',
          detail: 'quick mode does not restore',
        });
      }
      return await result(v);
    },
    { secrets: [options.scratch?.password] },
  );
}
