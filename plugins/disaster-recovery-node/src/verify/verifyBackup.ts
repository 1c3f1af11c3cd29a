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
import { checkRestoredDatabaseStep } from './checkRestoredDatabase';

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
  stats?: Promise<LoadedBackupStats>;
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
          return checks.toc(toc) ? startReader(v) : undefined;
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
  const found = await checkRestoredDatabaseStep(
    v.ctx,
    { id: 'sanity', server: v.scratchServer, database: v.scratch!.name },
    {
      toc: v.toc!,
      stats: loaded.status === 'ok' ? loaded.stats : undefined,
      statsProblem: loaded.status === 'ok' ? undefined : loaded.reason,
      tenantColumn: v.options.tenantColumn,
    },
  );
  v.checks.add(...found);
}

/** Reads the archive and, in full mode, restores and checks it. */
async function readAndCheck(v: Verification): Promise<void> {
  const full = v.options.mode === 'full';
  if (full) {
    v.stats = loadStats(v.ctx, v.info);
  }
  await streamStep(v);
  if (v.reader) {
    if ((await finishReaderStep(v)) && full) {
      await sanityStep(v);
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

function result(v: Verification): VerifyBackupResult {
  const checks = [...v.checks.checks];
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
      const { info, checks } = await locateDump(ctx, options.mode, options.key);
      const v: Verification = { ctx, options, info, checks, scratchServer };
      if (checks.failed) {
        return result(v);
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
      return result(v);
    },
    { secrets: [options.scratch?.password] },
  );
}
