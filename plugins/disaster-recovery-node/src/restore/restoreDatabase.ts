import { S3Client } from '@aws-sdk/client-s3';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { GrowingFile } from './growingFile';
import { partitionDataEntries } from './partitionDataEntries';
import os from 'node:os';
import path from 'node:path';
import { assertKeyInPrefix } from '../backup/backupKey';
import { loadBackupStats } from '../backup/backupStatsObject';
import { VerificationCheck } from '../verify/checks';
import {
  MAINTENANCE_DATABASE,
  createEmptyDatabase,
  cutOverDatabase,
  databaseExists,
  dropDatabaseIfExists,
  oldDatabaseName,
  restoreDatabaseName,
} from '../postgres/databases';
import { formatProblem } from '../dump/dumpFormat';
import {
  BackupCheckError,
  isAbortError,
  OperationAbortedError,
} from '../operation/errors';
import {
  BackupObjectInfo,
  findNewestBackup,
  headBackupObject,
} from '../backup/listBackups';
import {
  assertConnection,
  assertSessionSettings,
  SessionSettings,
  pgConnArgs,
  pgEnv,
  pgProgram,
  withPg,
} from '../postgres/pgTools';
import { prepareDump } from '../dump/prepareDump';
import { runProcess, spawnProcess } from '../process/processRunner';
import { getObjectStream } from '../objectStore/s3Download';
import { createS3ClientForTarget } from '../objectStore/s3Client';
import { runSanityChecks } from '../verify/sanityChecks';
import { scrubSecrets } from '../process/scrubSecrets';
import { StepRunner } from '../operation/steps';
import { streamDump } from '../dump/streamDump';
import { BackupStats } from '../postgres/tableStats';
import {
  DatabaseTarget,
  PgConnection,
  targetDatabaseName,
  targetSecrets,
} from '../target/target';
import { DumpToc } from '../dump/toc';
import {
  DrLogger,
  OperationOptions,
  OperationStep,
  silentLogger,
} from '../operation/types';
import { validateTarget } from '../target/validateTarget';

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

/** How a restore reads the dump. @public */
export type RestoreStrategy = 'stream' | 'download-first';

/** Strategy restores use unless told otherwise, chosen by the P4 benchmark (bench/README.md). @public */
export const DEFAULT_RESTORE_STRATEGY: RestoreStrategy = 'download-first';

/** Input of {@link restoreDatabase}. @public */
export interface RestoreDatabaseOptions extends OperationOptions {
  target: DatabaseTarget;
  /** Backup to restore; default the newest by time. */
  key?: string;
  /** After the new database is verified, swap it in under the live name (the live one is kept as `<db>_old_<ts>`). Default false. */
  cutover?: boolean;
  /**
   * `download-first` (default, {@link DEFAULT_RESTORE_STRATEGY}): parallel ranged download,
   * checksum and TOC checks, then `pg_restore -j` over the file. `stream`: the download is saved
   * to a temp file while `jobs` pg_restore readers follow it from the start, each loading its
   * share of the tables (split by the sizes recorded at backup time); then indexes and
   * constraints are built with `pg_restore -j` from the complete file. Compared by P4.
   */
  strategy?: RestoreStrategy;
  /** pg_restore parallel jobs (default: number of CPUs, at most 8). */
  jobs?: number;
  /** Parallel range requests of the `download-first` download (default 4). */
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
  s3Client?: S3Client;
  /** Clock (for generated names). */
  now?: () => Date;
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
  strategy: RestoreStrategy;
  /** Present when cut over: the previous live database, kept under this name. */
  cutover?: { oldDatabase: string; at: string };
  checks: VerificationCheck[];
  durationMs: number;
  steps: OperationStep[];
}

interface RestoreContext {
  target: DatabaseTarget;
  settings: SessionSettings;
  server: PgConnection;
  newDb: string;
  jobs: number;
  restoreFlags: string[];
  client: S3Client;
  steps: StepRunner;
  logger: DrLogger;
  secrets: readonly string[];
  signal?: AbortSignal;
  /** Creates the new database, recording that it (maybe) exists. */
  createDatabase(): Promise<void>;
}

interface RestoredDump {
  info: BackupObjectInfo;
  sha256: string;
  toc: DumpToc;
  stats?: BackupStats;
  statsProblem?: string;
  checks: VerificationCheck[];
}

function checkFailure(
  checks: VerificationCheck[],
  key: string,
): BackupCheckError {
  const reasons = checks
    .filter(c => c.status === 'fail')
    .map(c => `${c.id}: ${c.detail}`);
  return new BackupCheckError(
    `Backup ${key} failed its checks (${reasons.join('; ')})`,
    checks,
  );
}

/** Download, check, then `pg_restore -j` the whole file. */
async function restoreDownloadFirst(
  ctx: RestoreContext,
  options: RestoreDatabaseOptions,
): Promise<RestoredDump> {
  const { target, steps, signal, secrets, logger, server, newDb } = ctx;
  const dump = await prepareDump({
    target,
    key: options.key,
    client: ctx.client,
    steps,
    logger,
    secrets,
    signal,
    tempDir: options.tempDir,
    downloadConcurrency: options.downloadConcurrency,
  });
  try {
    await steps.run('create-database', `Create the new database ${newDb}`, () =>
      ctx.createDatabase(),
    );
    await steps.run(
      'restore',
      `Restore into ${newDb} (pg_restore -j ${ctx.jobs})`,
      async () => {
        await runProcess({
          command: pgProgram(target.pgBinDir, 'pg_restore'),
          args: [
            ...pgConnArgs(server, newDb),
            `--jobs=${ctx.jobs}`,
            ...ctx.restoreFlags,
            dump.path,
          ],
          env: pgEnv(server, ctx.settings),
          signal,
          secrets,
          logger,
        });
      },
    );
    return dump;
  } finally {
    await dump.cleanup();
  }
}

/** Restore definitions and data from the download while saving it; then post-data with -j from the file. */
async function restoreStreaming(
  ctx: RestoreContext,
  options: RestoreDatabaseOptions,
): Promise<RestoredDump> {
  const { target, steps, signal, secrets, logger, server, newDb, client } = ctx;
  const expectedDb = targetDatabaseName(target);
  const checks: VerificationCheck[] = [];
  const info = await steps.run(
    'locate',
    options.key
      ? `Read metadata of ${options.key}`
      : 'Find the newest backup by time',
    async setDetail => {
      const found = options.key
        ? await headBackupObject(target, options.key, { client, signal })
        : await findNewestBackup(target, { client, signal });
      setDetail(
        `${found.key}, taken ${found.takenAt.toISOString()} (${
          found.takenAtSource
        })`,
      );
      return found;
    },
  );
  if (info.sizeBytes <= 0) {
    checks.push({
      id: 'size',
      status: 'fail',
      detail: 'the backup object is empty (0 bytes)',
    });
    throw checkFailure(checks, info.key);
  }
  checks.push({
    id: 'size',
    status: 'pass',
    detail: `${info.sizeBytes} bytes`,
  });
  const expectedSha = info.metadata.sha256;
  if (!expectedSha) {
    checks.push({
      id: 'checksum',
      status: 'fail',
      detail:
        'no SHA-256 recorded in metadata: refusing to restore an unverifiable backup',
    });
    throw checkFailure(checks, info.key);
  }
  const statsLoad = loadBackupStats({
    target,
    key: info.key,
    expectedSha256: info.metadata.statsSha256,
    client,
    signal,
  });
  statsLoad.catch(() => {});

  const dir = await mkdtemp(
    path.join(options.tempDir ?? os.tmpdir(), 'dr-restore-'),
  );
  const file = path.join(dir, 'backup.dump');
  const growing = new GrowingFile(file);
  // stops the download and every pg_restore of this restore (outer abort included)
  const internal = new AbortController();
  const onOuterAbort = () => internal.abort();
  signal?.addEventListener('abort', onOuterAbort, { once: true });
  let dataPhase: Promise<void> | undefined;
  let dataPhaseError: Error | undefined;
  try {
    let toc: DumpToc | undefined;

    const runDataPhase = async (parsed: DumpToc) => {
      const restoreArgs = (extra: string[]) => ({
        command: pgProgram(target.pgBinDir, 'pg_restore'),
        args: [...pgConnArgs(server, newDb), ...extra, ...ctx.restoreFlags],
        env: pgEnv(server, ctx.settings),
        signal: internal.signal,
        secrets,
        logger,
      });
      // table definitions first: pg_restore reads only the table of contents for them
      await spawnProcess({
        ...restoreArgs(['--section=pre-data']),
        stdin: growing.follow(),
      }).done;
      const loaded = await statsLoad.catch(() => undefined);
      const sizes = new Map(
        (loaded?.status === 'ok' ? loaded.stats.tables : []).map(t => [
          `${t.schema}.${t.name}`,
          t.bytes ?? t.rows,
        ]),
      );
      const lists = partitionDataEntries(parsed, ctx.jobs, (schema, name) =>
        sizes.get(`${schema}.${name}`),
      );
      // one reader per list, each following the download from byte 0 and skipping the others' data
      await Promise.all(
        lists.map(async (lines, i) => {
          const listFile = path.join(dir, `data-${i}.list`);
          await writeFile(listFile, `${lines.join('\n')}\n`, { mode: 0o600 });
          await spawnProcess({
            ...restoreArgs([`--use-list=${listFile}`]),
            stdin: growing.follow(),
          }).done;
        }),
      );
    };

    const sha256 = await steps.run(
      'stream-restore',
      `Restore table definitions and data into ${newDb} straight from ${info.key} (${ctx.jobs} readers)`,
      async setDetail => {
        const body = await getObjectStream({
          client,
          bucket: target.s3.bucket,
          key: info.key,
          signal: internal.signal,
          ifMatch: info.etag,
        });
        let seen;
        try {
          seen = await streamDump({
            body,
            pgBinDir: target.pgBinDir,
            signal: internal.signal,
            secrets,
            logger,
            file,
            onWrite: bytes => growing.grew(bytes),
            onFormat: format => {
              const problem = formatProblem(format);
              checks.push(
                problem
                  ? { id: 'format', status: 'fail', detail: problem }
                  : {
                      id: 'format',
                      status: 'pass',
                      detail: 'pg_dump custom archive (PGDMP)',
                    },
              );
            },
            afterToc: async parsed => {
              toc = parsed;
              if (parsed.entries.length === 0) {
                checks.push({
                  id: 'toc',
                  status: 'fail',
                  detail: 'the table of contents has no entries',
                });
                return undefined;
              }
              checks.push({
                id: 'toc',
                status: 'pass',
                detail: `${parsed.entries.length} entries`,
              });
              if (parsed.database !== expectedDb) {
                checks.push({
                  id: 'database',
                  status: 'fail',
                  detail: `dump of database ${
                    parsed.database ?? '(unknown)'
                  }, expected ${expectedDb}`,
                });
                return undefined;
              }
              checks.push({
                id: 'database',
                status: 'pass',
                detail: `dump of database ${parsed.database}`,
              });
              await ctx.createDatabase();
              dataPhase = runDataPhase(parsed).catch(error => {
                dataPhaseError ??= error;
                internal.abort();
                throw error;
              });
              dataPhase.catch(() => {});
              return 'continue';
            },
          });
        } catch (error) {
          throw dataPhaseError ?? error;
        }
        growing.finish();
        if (seen.tocError) {
          checks.push({
            id: 'toc',
            status: 'fail',
            detail: `pg_restore --list failed: ${seen.tocError}`,
          });
        }
        if (!seen.consumed || !seen.sha256) {
          throw checkFailure(checks, info.key);
        }
        if (seen.sha256 !== expectedSha) {
          checks.push({
            id: 'checksum',
            status: 'fail',
            detail: `SHA-256 ${seen.sha256} does not match the recorded ${expectedSha}`,
          });
          throw checkFailure(checks, info.key);
        }
        checks.push({
          id: 'checksum',
          status: 'pass',
          detail: `SHA-256 ${seen.sha256} matches metadata`,
        });
        await dataPhase;
        setDetail(`${seen.bytes} bytes, sha256 ${seen.sha256}`);
        return seen.sha256;
      },
    );
    await steps.run(
      'post-data',
      `Build indexes and constraints in ${newDb} (pg_restore -j ${ctx.jobs})`,
      async () => {
        await runProcess({
          command: pgProgram(target.pgBinDir, 'pg_restore'),
          args: [
            ...pgConnArgs(server, newDb),
            '--section=post-data',
            `--jobs=${ctx.jobs}`,
            ...ctx.restoreFlags,
            file,
          ],
          env: pgEnv(server, ctx.settings),
          signal,
          secrets,
          logger,
        });
      },
    );
    const loaded = await statsLoad;
    return {
      info,
      sha256,
      toc: toc!,
      stats: loaded.status === 'ok' ? loaded.stats : undefined,
      statsProblem: loaded.status === 'ok' ? undefined : loaded.reason,
      checks,
    };
  } catch (error) {
    growing.fail(error as Error);
    internal.abort();
    await dataPhase?.catch(() => {});
    throw error;
  } finally {
    signal?.removeEventListener('abort', onOuterAbort);
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Restores a dump into a NEW database `<db>_restore_<ts>` on the target's primary (never over the
 * live one), verifies it (checksum, table of contents, tables and row counts per table and tenant),
 * and only then — when asked — cuts over by renaming. Any failure or abort drops the new database
 * and leaves the live one untouched.
 * @public
 */
export async function restoreDatabase(
  options: RestoreDatabaseOptions,
): Promise<RestoreDatabaseResult> {
  const target = validateTarget(options.target);
  if (options.key !== undefined) {
    assertKeyInPrefix(target, options.key);
  }
  const strategy = options.strategy ?? DEFAULT_RESTORE_STRATEGY;
  if (strategy !== 'stream' && strategy !== 'download-first') {
    throw new InputError("strategy must be 'stream' or 'download-first'");
  }
  const jobs = options.jobs ?? Math.min(8, Math.max(1, os.cpus().length));
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64) {
    throw new InputError('jobs must be an integer from 1 to 64');
  }
  if (
    options.tenantColumn !== undefined &&
    !/^[a-z_][a-z0-9_]{0,62}$/.test(options.tenantColumn)
  ) {
    throw new InputError('tenantColumn is not a valid identifier');
  }
  const settings = assertSessionSettings(
    options.sessionSettings ?? DEFAULT_RESTORE_SESSION_SETTINGS,
  );
  const now = options.now ?? (() => new Date());
  const live = targetDatabaseName(target);
  const server = assertConnection(
    { ...target.primary, database: MAINTENANCE_DATABASE },
    'Primary',
  );
  const newDb = restoreDatabaseName(live, now());
  const oldDb = options.cutover ? oldDatabaseName(live, now()) : undefined;
  const logger = options.logger ?? silentLogger;
  const signal = options.signal;
  const secrets = targetSecrets(target);
  const steps = new StepRunner({
    logger,
    onStep: options.onStep,
    signal,
    secrets,
  });
  const client = options.s3Client ?? createS3ClientForTarget(target.s3);
  const started = Date.now();

  // refuse early, before downloading anything
  if (await databaseExists(server, newDb, signal)) {
    throw new ConflictError(
      `Database ${newDb} already exists; retry in a second`,
    );
  }
  if (options.cutover) {
    if (!(await databaseExists(server, live, signal))) {
      throw new NotFoundError(
        `Live database ${live} does not exist; restore without cut-over`,
      );
    }
    if (await databaseExists(server, oldDb!, signal)) {
      throw new ConflictError(
        `Database ${oldDb} already exists; retry in a second`,
      );
    }
  }

  let created = false;
  let cutDone = false;
  const ctx: RestoreContext = {
    target,
    settings,
    server,
    newDb,
    jobs,
    restoreFlags: [
      '--exit-on-error',
      '--no-password',
      ...(options.noOwner ? ['--no-owner', '--no-privileges'] : []),
    ],
    client,
    steps,
    logger,
    secrets,
    signal,
    async createDatabase() {
      try {
        await createEmptyDatabase(server, newDb);
      } catch (error) {
        // an interrupted CREATE DATABASE may still have committed; a conflict means it is not ours
        if (!(error instanceof ConflictError)) {
          created = true;
        }
        throw error;
      }
      created = true;
    },
  };
  try {
    const dump =
      strategy === 'stream'
        ? await restoreStreaming(ctx, options)
        : await restoreDownloadFirst(ctx, options);
    const checks = [...dump.checks];
    checks.push({
      id: 'restore',
      status: 'pass',
      detail: `restored into ${newDb}`,
    });
    await steps.run(
      'verify',
      `Check tables and row counts in ${newDb}`,
      async setDetail => {
        const sanity = await withPg(server, { database: newDb, signal }, c =>
          runSanityChecks({
            client: c,
            toc: dump.toc,
            stats: dump.stats,
            statsProblem: dump.statsProblem,
            tenantColumn: options.tenantColumn,
          }),
        );
        checks.push(...sanity.checks);
        setDetail(sanity.checks.map(c => `${c.id}:${c.status}`).join(', '));
        if (sanity.checks.some(c => c.status === 'fail')) {
          throw new BackupCheckError(
            `The restored database ${newDb} failed its checks: ${sanity.checks
              .filter(c => c.status === 'fail')
              .map(c => `${c.id}: ${c.detail}`)
              .join('; ')}`,
            checks,
          );
        }
      },
    );
    let cutover: RestoreDatabaseResult['cutover'];
    if (options.cutover) {
      await steps.run(
        'cutover',
        `Cut over: ${live} -> ${oldDb}, ${newDb} -> ${live}`,
        async () => {
          await cutOverDatabase({
            server,
            live,
            restored: newDb,
            oldName: oldDb!,
          });
          cutDone = true;
        },
      );
      cutover = { oldDatabase: oldDb!, at: new Date().toISOString() };
    } else {
      steps.skip(
        'cutover',
        'Cut over',
        'not requested; the live database is untouched',
      );
    }
    return {
      target: target.name,
      key: dump.info.key,
      sha256: dump.sha256,
      sizeBytes: dump.info.sizeBytes,
      restorePoint: dump.info.takenAt.toISOString(),
      restoredDatabase: newDb,
      liveDatabase: live,
      strategy,
      cutover,
      checks,
      durationMs: Date.now() - started,
      steps: steps.steps,
    };
  } catch (error) {
    if (created && !cutDone) {
      await steps
        .run(
          'cleanup',
          `Drop the unfinished database ${newDb}`,
          () => dropDatabaseIfExists(server, newDb),
          {
            ignoreAbort: true,
          },
        )
        .catch(() => {});
    }
    if (isAbortError(error) || signal?.aborted) {
      throw new OperationAbortedError(`Restore of ${target.name} was aborted`);
    }
    const e = error instanceof Error ? error : new Error(String(error));
    e.message = scrubSecrets(e.message, secrets);
    throw e;
  }
}
