import { S3Client } from '@aws-sdk/client-s3';
import { InputError } from '@backstage/errors';
import { assertKeyInPrefix } from '../backup/backupKey';
import { VerificationCheck, overallStatus } from './checks';
import {
  MAINTENANCE_DATABASE,
  createEmptyDatabase,
  dropDatabaseIfExists,
  scratchDatabaseName,
} from '../postgres/databases';
import { formatProblem } from '../dump/dumpFormat';
import { isAbortError, OperationAbortedError } from '../operation/errors';
import { loadBackupStats } from '../backup/backupStatsObject';
import {
  BackupObjectInfo,
  findNewestBackup,
  headBackupObject,
} from '../backup/listBackups';
import {
  assertConnection,
  pgConnArgs,
  pgEnv,
  pgProgram,
  withPg,
} from '../postgres/pgTools';
import { ProcessInput } from '../process/processInput';
import { streamDump } from '../dump/streamDump';
import { RunningProcess, spawnProcess } from '../process/processRunner';
import { getObjectStream } from '../objectStore/s3Download';
import { createS3ClientForTarget } from '../objectStore/s3Client';
import { runSanityChecks } from './sanityChecks';
import { scrubSecrets } from '../process/scrubSecrets';
import { StepRunner } from '../operation/steps';
import { BackupStats } from '../postgres/tableStats';
import {
  DatabaseTarget,
  PgConnection,
  targetDatabaseName,
  targetSecrets,
} from '../target/target';
import { DumpToc } from '../dump/toc';
import { OperationOptions, OperationStep, silentLogger } from '../operation/types';
import { validateTarget } from '../target/validateTarget';

/** Input of {@link verifyBackup}. @public */
export interface VerifyBackupOptions extends OperationOptions {
  target: DatabaseTarget;
  /** Backup to verify; default the newest by time. */
  key?: string;
  /** `quick`: size, checksum, format, table of contents. `full`: also restore into a scratch database and check it. */
  mode: 'quick' | 'full';
  /** Server for the scratch database (full mode); default the target's primary. Its `database` is not used. */
  scratch?: PgConnection;
  /** Column that holds the tenant id (default: as recorded with the backup, else `tenant_id`). */
  tenantColumn?: string;
  s3Client?: S3Client;
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
  durationMs: number;
  verifiedAt: string;
  steps: OperationStep[];
}

/**
 * Verifies a backup (the newest by time unless a key is given): size, SHA-256 against metadata,
 * custom-archive magic, `pg_restore --list` on the stream, the dump's database name; in full mode
 * it also restores into a fresh scratch database, checks tables and row counts per table and per
 * tenant against the statistics recorded at backup time, and always drops the scratch database.
 * @public
 */
export async function verifyBackup(
  options: VerifyBackupOptions,
): Promise<VerifyBackupResult> {
  const target = validateTarget(options.target);
  if (options.mode !== 'quick' && options.mode !== 'full') {
    throw new InputError("mode must be 'quick' or 'full'");
  }
  if (options.key !== undefined) {
    assertKeyInPrefix(target, options.key);
  }
  const scratchServer = assertConnection(
    { ...(options.scratch ?? target.primary), database: MAINTENANCE_DATABASE },
    'Scratch server',
  );
  if (
    options.tenantColumn !== undefined &&
    !/^[a-z_][a-z0-9_]{0,62}$/.test(options.tenantColumn)
  ) {
    throw new InputError('tenantColumn is not a valid identifier');
  }
  const logger = options.logger ?? silentLogger;
  const signal = options.signal;
  const secrets = [
    ...targetSecrets(target),
    ...(options.scratch?.password ? [options.scratch.password] : []),
  ];
  const steps = new StepRunner({
    logger,
    onStep: options.onStep,
    signal,
    secrets,
  });
  const client = options.s3Client ?? createS3ClientForTarget(target.s3);
  const now = options.now ?? (() => new Date());
  const started = Date.now();
  const bucket = target.s3.bucket;
  const expectedDb = targetDatabaseName(target);
  const checks: VerificationCheck[] = [];
  let scratchDb: string | undefined;
  let info: BackupObjectInfo | undefined;
  let computedSha: string | undefined;
  let toc: DumpToc | undefined;
  let restoreProc: RunningProcess | undefined;

  try {
    info = await steps.run(
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
      return finish(info);
    }
    checks.push({
      id: 'size',
      status: 'pass',
      detail: `${info.sizeBytes} bytes`,
    });
    if (info.metadata.database && info.metadata.database !== expectedDb) {
      checks.push({
        id: 'metadata',
        status: 'fail',
        detail: `metadata says database ${info.metadata.database}, expected ${expectedDb}`,
      });
    }

    // stream: hash everything; feed pg_restore --list until it has the TOC; then (full) pg_restore into scratch
    let statsLoad:
      | Promise<{ stats?: BackupStats; problem?: string }>
      | undefined;
    if (options.mode === 'full') {
      statsLoad = loadBackupStats({
        target,
        key: info.key,
        expectedSha256: info.metadata.statsSha256,
        client,
        signal,
      }).then(r =>
        r.status === 'ok' ? { stats: r.stats } : { problem: r.reason },
      );
      statsLoad.catch(() => {});
    }

    const located = info;
    await steps.run(
      'stream',
      options.mode === 'full'
        ? `Download, check and restore ${located.key} into a scratch database`
        : `Download and check ${located.key}`,
      async setDetail => {
        const body = await getObjectStream({
          client,
          bucket,
          key: located.key,
          signal,
        });
        const seen = await streamDump({
          body,
          pgBinDir: target.pgBinDir,
          signal,
          secrets,
          logger,
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
              detail: `${parsed.entries.length} entries, ${
                parsed.entries.filter(e => e.desc === 'TABLE').length
              } tables, compression ${parsed.compression ?? 'unknown'}`,
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
              detail: `dump of database ${expectedDb}`,
            });
            if (options.mode === 'quick') {
              // read the whole archive (every data block decompressed) without a database
              restoreProc = spawnProcess({
                command: pgProgram(target.pgBinDir, 'pg_restore'),
                args: ['--file=/dev/null'],
                stdin: 'pipe',
                signal,
                secrets,
                logger,
              });
            } else {
              scratchDb = scratchDatabaseName(expectedDb, now());
              await createEmptyDatabase(scratchServer, scratchDb);
              restoreProc = spawnProcess({
                command: pgProgram(target.pgBinDir, 'pg_restore'),
                args: [
                  ...pgConnArgs(scratchServer, scratchDb),
                  '--exit-on-error',
                  '--no-owner',
                  '--no-privileges',
                  '--no-password',
                ],
                env: pgEnv(scratchServer),
                stdin: 'pipe',
                signal,
                secrets,
                logger,
              });
            }
            return new ProcessInput(restoreProc.stdin!);
          },
        });
        if (seen.tocError) {
          checks.push({
            id: 'toc',
            status: 'fail',
            detail: `pg_restore --list failed: ${seen.tocError}`,
          });
        }
        computedSha = seen.sha256;
        setDetail(
          seen.sha256
            ? `${seen.bytes} bytes, sha256 ${seen.sha256}`
            : `stopped after ${seen.bytes} bytes`,
        );
      },
    );

    if (computedSha) {
      const expected = info.metadata.sha256;
      if (!expected) {
        checks.push({
          id: 'checksum',
          status: options.mode === 'full' ? 'warn' : 'fail',
          detail:
            options.mode === 'full'
              ? 'no SHA-256 recorded in metadata; integrity rests on the restore'
              : 'no SHA-256 recorded in metadata: integrity cannot be confirmed without a full restore',
        });
      } else if (expected !== computedSha) {
        checks.push({
          id: 'checksum',
          status: 'fail',
          detail: `SHA-256 ${computedSha} does not match the recorded ${expected}`,
        });
      } else {
        checks.push({
          id: 'checksum',
          status: 'pass',
          detail: `SHA-256 ${computedSha} matches metadata`,
        });
      }
    }

    if (restoreProc) {
      const proc = restoreProc;
      const quick = options.mode === 'quick';
      const ok = await steps.run(
        quick ? 'read-archive' : 'restore',
        quick
          ? 'Finish reading every block of the archive'
          : `Finish the restore into ${scratchDb}`,
        async () => {
          try {
            await proc.done;
            checks.push(
              quick
                ? {
                    id: 'archive',
                    status: 'pass',
                    detail:
                      'every block of the archive reads and decompresses (pg_restore --file=/dev/null)',
                  }
                : {
                    id: 'restore',
                    status: 'pass',
                    detail: `restored into scratch database ${scratchDb}`,
                  },
            );
            return true;
          } catch (error) {
            if (isAbortError(error)) throw error;
            checks.push({
              id: quick ? 'archive' : 'restore',
              status: 'fail',
              detail: `pg_restore failed: ${(error as Error).message}`,
            });
            return false;
          }
        },
      );
      if (ok && !quick) {
        const loaded = await statsLoad!;
        await steps.run(
          'sanity',
          `Check tables and row counts in ${scratchDb}`,
          async setDetail => {
            const sanity = await withPg(
              scratchServer,
              { database: scratchDb, signal },
              c =>
                runSanityChecks({
                  client: c,
                  toc: toc!,
                  stats: loaded.stats,
                  statsProblem: loaded.problem,
                  tenantColumn: options.tenantColumn,
                }),
            );
            checks.push(...sanity.checks);
            setDetail(sanity.checks.map(c => `${c.id}:${c.status}`).join(', '));
          },
        );
      }
    } else if (checks.every(c => c.status !== 'fail')) {
      checks.push({
        id: options.mode === 'full' ? 'restore' : 'archive',
        status: 'fail',
        detail: 'the archive was not read',
      });
    }
    if (options.mode === 'quick') {
      checks.push({
        id: 'restore',
        status: 'skipped',
        detail: 'quick mode does not restore',
      });
    }
  } catch (error) {
    restoreProc?.kill();
    if (isAbortError(error) || signal?.aborted) {
      throw new OperationAbortedError(
        `Verification of ${target.name} was aborted`,
      );
    }
    const e = error as Error;
    e.message = scrubSecrets(e.message ?? String(error), secrets);
    throw e;
  } finally {
    if (scratchDb) {
      const name = scratchDb;
      await steps
        .run(
          'cleanup',
          `Drop scratch database ${name}`,
          () => dropDatabaseIfExists(scratchServer, name),
          { ignoreAbort: true },
        )
        .then(
          () =>
            checks.push({
              id: 'cleanup',
              status: 'pass',
              detail: `dropped ${name}`,
            }),
          err =>
            checks.push({
              id: 'cleanup',
              status: 'warn',
              detail: `could not drop ${name}: ${scrubSecrets(
                String(err?.message ?? err),
                secrets,
              )}`,
            }),
        );
    }
  }
  return finish(info!);

  function finish(located: BackupObjectInfo): VerifyBackupResult {
    return {
      status: overallStatus(checks),
      mode: options.mode,
      target: target.name,
      bucket,
      key: located.key,
      sizeBytes: located.sizeBytes,
      sha256: computedSha,
      expectedSha256: located.metadata.sha256,
      takenAt: located.takenAt.toISOString(),
      dumpDatabase: toc?.database,
      scratchDatabase: scratchDb,
      checks: [...checks],
      durationMs: Date.now() - started,
      verifiedAt: new Date().toISOString(),
      steps: steps.steps,
    };
  }
}
