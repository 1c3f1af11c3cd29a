import { S3Client } from '@aws-sdk/client-s3';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import os from 'node:os';
import { assertKeyInPrefix } from './backupKey';
import { VerificationCheck } from './checks';
import {
  MAINTENANCE_DATABASE,
  createEmptyDatabase,
  cutOverDatabase,
  databaseExists,
  dropDatabaseIfExists,
  oldDatabaseName,
  restoreDatabaseName,
} from './databases';
import {
  BackupCheckError,
  isAbortError,
  OperationAbortedError,
} from './errors';
import {
  assertConnection,
  pgConnArgs,
  pgEnv,
  pgProgram,
  withPg,
} from './pgTools';
import { prepareDump } from './prepareDump';
import { runProcess } from './processRunner';
import { createS3ClientForTarget } from './s3Client';
import { runSanityChecks } from './sanityChecks';
import { scrubSecrets } from './scrubSecrets';
import { StepRunner } from './steps';
import { DatabaseTarget, targetDatabaseName, targetSecrets } from './target';
import { OperationOptions, OperationStep, silentLogger } from './types';
import { validateTarget } from './validateTarget';

/** Input of {@link restoreDatabase}. @public */
export interface RestoreDatabaseOptions extends OperationOptions {
  target: DatabaseTarget;
  /** Backup to restore; default the newest by time. */
  key?: string;
  /** After the new database is verified, swap it in under the live name (the live one is kept as `<db>_old_<ts>`). Default false. */
  cutover?: boolean;
  /** pg_restore parallel jobs (default: number of CPUs, at most 8). */
  jobs?: number;
  /** Parallel range requests of the download (default 4). */
  downloadConcurrency?: number;
  /** Directory for the downloaded dump (default the OS temp dir). */
  tempDir?: string;
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
  /** Present when cut over: the previous live database, kept under this name. */
  cutover?: { oldDatabase: string; at: string };
  checks: VerificationCheck[];
  durationMs: number;
  steps: OperationStep[];
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
  const dump = await prepareDump({
    target,
    key: options.key,
    client,
    steps,
    logger,
    secrets,
    signal,
    tempDir: options.tempDir,
    downloadConcurrency: options.downloadConcurrency,
  }).catch(error => {
    throw scrubbed(error);
  });
  const checks = [...dump.checks];
  try {
    await steps.run(
      'create-database',
      `Create the new database ${newDb}`,
      async () => {
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
    );
    await steps.run(
      'restore',
      `Restore into ${newDb} (pg_restore -j ${jobs})`,
      async () => {
        await runProcess({
          command: pgProgram(target.pgBinDir, 'pg_restore'),
          args: [
            ...pgConnArgs(server, newDb),
            `--jobs=${jobs}`,
            '--exit-on-error',
            '--no-password',
            ...(options.noOwner ? ['--no-owner', '--no-privileges'] : []),
            dump.path,
          ],
          env: pgEnv(server),
          signal,
          secrets,
          logger,
        });
      },
    );
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
    throw scrubbed(error);
  } finally {
    await dump.cleanup();
  }

  function scrubbed(error: unknown): Error {
    if (isAbortError(error) || signal?.aborted) {
      return new OperationAbortedError(`Restore of ${target.name} was aborted`);
    }
    const e = error instanceof Error ? error : new Error(String(error));
    e.message = scrubSecrets(e.message, secrets);
    return e;
  }
}
