import {
  DeleteObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { createHash } from 'node:crypto';
import { InputError } from '@backstage/errors';
import {
  assertKeyInPrefix,
  backupKeyFor,
  partialKeyFor,
  statsKeyFor,
} from './backupKey';
import { formatBackupMetadata } from './backupMetadata';
import { copyObjectWithMetadata } from '../objectStore/copyObject';
import { isAbortError, OperationAbortedError, throwIfAborted } from '../operation/errors';
import { HashingStream } from '../objectStore/hashingStream';
import { connectPg, pgConnArgs, pgEnv, pgProgram } from '../postgres/pgTools';
import { spawnProcess } from '../process/processRunner';
import { createS3ClientForTarget, sseParams } from '../objectStore/s3Client';
import { scrubSecrets } from '../process/scrubSecrets';
import { StepRunner } from '../operation/steps';
import { BackupStats, collectTableStats, listUserTables } from '../postgres/tableStats';
import { quoteCatalogIdent } from '../target/identifiers';
import { DatabaseTarget, targetSecrets } from '../target/target';
import { OperationOptions, OperationStep, silentLogger } from '../operation/types';
import { validateTarget } from '../target/validateTarget';

/** Default pg_dump compression level (zlib). Chosen by the P3 benchmark: see bench/README.md. @public */
export const DEFAULT_BACKUP_COMPRESSION_LEVEL = 1;

/** Multipart part size used for dumps (8 MiB: below the 11 MiB request limit of local S3 emulators). @public */
export const DEFAULT_PART_SIZE_BYTES = 8 * 1024 * 1024;

/** Input of {@link createBackup}. @public */
export interface CreateBackupOptions extends OperationOptions {
  target: DatabaseTarget;
  /** Dump from the primary (default) or the standby. */
  source?: 'primary' | 'standby';
  /** zlib level 0–9 for `pg_dump -Fc -Z` (default {@link DEFAULT_BACKUP_COMPRESSION_LEVEL}). */
  compressionLevel?: number;
  /** Parts uploaded in parallel (default 4); memory use is about queueSize x partSize. */
  queueSize?: number;
  /** Multipart part size (default 8 MiB; raise it for dumps above ~78 GiB, S3 allows 10,000 parts). */
  partSizeBytes?: number;
  /** Count rows per table and per tenant in the dump's snapshot and store them next to the dump (default true). */
  collectStats?: boolean;
  /** Column that holds the tenant id (default `tenant_id`). */
  tenantColumn?: string;
  /** When the backup is taken (default now); decides the key. */
  now?: Date;
  /** S3 client to use (default: one made from the target). */
  s3Client?: S3Client;
  /** Seconds pg_dump waits for table locks before failing (default 120). */
  lockWaitTimeoutSeconds?: number;
  /** Above this size the publish copy is done part by part (default: S3's 5 GiB limit). */
  copyMultipartThresholdBytes?: number;
}

/** Result of {@link createBackup}. @public */
export interface CreateBackupResult {
  target: string;
  bucket: string;
  key: string;
  /** Key of the statistics sidecar, when collected. */
  statsKey?: string;
  sizeBytes: number;
  sha256: string;
  /** ISO 8601. */
  takenAt: string;
  durationMs: number;
  etag?: string;
  database: string;
  serverVersion: string;
  compressionLevel: number;
  serverSideEncryption?: string;
  steps: OperationStep[];
}

function asciiHeader(value: string): string {
  return value.replace(/[^\x20-\x7e]/g, '?').slice(0, 200);
}

/**
 * Takes a logical backup: `pg_dump -Fc` streamed straight into a multipart upload (no temp file),
 * SHA-256 computed on the stream, row statistics from the same snapshot, then published under its
 * final key with checksum and metadata (a failed or aborted run leaves no published object).
 * @public
 */
export async function createBackup(
  options: CreateBackupOptions,
): Promise<CreateBackupResult> {
  const target = validateTarget(options.target);
  const logger = options.logger ?? silentLogger;
  const secrets = targetSecrets(target);
  const signal = options.signal;
  const level = options.compressionLevel ?? DEFAULT_BACKUP_COMPRESSION_LEVEL;
  if (!Number.isInteger(level) || level < 0 || level > 9) {
    throw new InputError('compressionLevel must be an integer from 0 to 9');
  }
  const queueSize = options.queueSize ?? 4;
  if (!Number.isInteger(queueSize) || queueSize < 1 || queueSize > 64) {
    throw new InputError('queueSize must be an integer from 1 to 64');
  }
  const partSize = options.partSizeBytes ?? DEFAULT_PART_SIZE_BYTES;
  if (!Number.isInteger(partSize) || partSize < 5 * 1024 * 1024) {
    throw new InputError('partSizeBytes must be at least 5 MiB');
  }
  const tenantColumn = options.tenantColumn ?? 'tenant_id';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(tenantColumn)) {
    throw new InputError('tenantColumn is not a valid identifier');
  }
  const source = options.source === 'standby' ? target.standby : target.primary;
  if (!source) {
    throw new InputError(`Target ${target.name} has no standby to dump from`);
  }
  const takenAtDate = options.now ?? new Date();
  const key = backupKeyFor(target, takenAtDate);
  const partialKey = assertKeyInPrefix(target, partialKeyFor(key));
  const statsKey = assertKeyInPrefix(target, statsKeyFor(key));
  const collectStats = options.collectStats ?? true;
  const lockWaitSeconds = options.lockWaitTimeoutSeconds ?? 120;
  if (
    typeof lockWaitSeconds !== 'number' ||
    !(lockWaitSeconds > 0 && lockWaitSeconds <= 86400)
  ) {
    throw new InputError('lockWaitTimeoutSeconds must be from 0 to 86400');
  }
  const lockWaitMs = Math.round(lockWaitSeconds * 1000);
  throwIfAborted(signal);

  const client = options.s3Client ?? createS3ClientForTarget(target.s3);
  const steps = new StepRunner({
    logger,
    onStep: options.onStep,
    signal,
    secrets,
  });
  const started = Date.now();
  const bucket = target.s3.bucket;
  const sse = sseParams(target.s3);
  let uploadedPartial = false;
  let wroteStats = false;
  let published = false;

  const snapshotClient = await connectPg(source, { signal });
  try {
    const snap = await steps.run(
      'snapshot',
      'Open a snapshot of the database',
      async setDetail => {
        await snapshotClient.query(
          'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY',
        );
        await snapshotClient.query(`SET LOCAL lock_timeout = ${lockWaitMs}`);
        const row = (
          await snapshotClient.query<{
            snapshot: string;
            version: string;
            db: string;
          }>(
            `SELECT pg_export_snapshot() AS snapshot, current_setting('server_version') AS version, current_database() AS db`,
          )
        ).rows[0];
        if (collectStats) {
          // take pg_dump's locks first, so that the statistics queries never queue behind DDL
          const tables = await listUserTables(snapshotClient, tenantColumn);
          if (tables.length > 0) {
            await snapshotClient.query(
              `LOCK TABLE ${tables
                .map(
                  t =>
                    `${quoteCatalogIdent(t.schema)}.${quoteCatalogIdent(
                      t.name,
                    )}`,
                )
                .join(', ')} IN ACCESS SHARE MODE`,
            );
          }
        }
        setDetail(`snapshot ${row.snapshot}`);
        return row;
      },
    );
    const serverVersion = snap.version;

    let stats: BackupStats | undefined;
    let sizeBytes = 0;
    let sha256 = '';

    await steps.run(
      'dump-upload',
      `Dump ${source.database} (pg_dump -Fc -Z${level}) straight into s3://${bucket}/${partialKey}`,
      async setDetail => {
        const dump = spawnProcess({
          command: pgProgram(target.pgBinDir, 'pg_dump'),
          args: [
            ...pgConnArgs(source),
            '--format=custom',
            `--compress=${level}`,
            `--snapshot=${snap.snapshot}`,
            `--lock-wait-timeout=${lockWaitMs}`,
            '--no-password',
          ],
          env: pgEnv(source),
          stdout: 'pipe',
          signal,
          secrets,
          logger,
        });
        const hasher = new HashingStream();
        // the upload ends only once pg_dump exited 0: a failed dump never completes an upload
        dump.stdout!.pipe(hasher, { end: false });
        const dumpDone = dump.done.then(
          () =>
            new Promise<void>(resolve => {
              if (dump.stdout!.readableEnded) {
                resolve();
              } else {
                dump.stdout!.once('end', () => resolve());
              }
            }).then(() => {
              hasher.end();
            }),
          error => {
            hasher.destroy(error);
            throw error;
          },
        );
        const abortController = new AbortController();
        const upload = new Upload({
          client,
          params: {
            Bucket: bucket,
            Key: partialKey,
            Body: hasher,
            ContentType: 'application/octet-stream',
            Metadata: formatBackupMetadata({
              database: source.database,
              takenAt: takenAtDate.toISOString(),
              target: target.name,
            }),
            ...sse,
          },
          queueSize,
          partSize,
          leavePartsOnError: false,
          abortController,
        });
        const onAbort = () => abortController.abort();
        signal?.addEventListener('abort', onAbort, { once: true });
        uploadedPartial = true;
        // the statistics are part of the backup (verification compares restores with them): a
        // failure to collect them fails the backup (collectStats: false opts out)
        let statsError: Error | undefined;
        const statsDone = collectStats
          ? collectTableStats(snapshotClient, { tenantColumn }).then(
              tables => {
                stats = {
                  version: 1,
                  database: snap.db,
                  takenAt: takenAtDate.toISOString(),
                  tenantColumn,
                  tables,
                };
              },
              error => {
                statsError = error;
              },
            )
          : Promise.resolve();
        try {
          const results = await Promise.allSettled([dumpDone, upload.done()]);
          const failed = results.find(r => r.status === 'rejected') as
            | PromiseRejectedResult
            | undefined;
          if (failed) {
            dump.kill('SIGKILL');
            await upload.abort().catch(() => {});
            // prefer the root cause: pg_dump's error over the upload's stream error
            const dumpFailure =
              results[0].status === 'rejected' ? results[0].reason : undefined;
            throw dumpFailure ?? failed.reason;
          }
          await statsDone;
          if (statsError) {
            throw new Error(
              `Row statistics could not be collected in the dump's snapshot: ${statsError.message}`,
            );
          }
        } finally {
          signal?.removeEventListener('abort', onAbort);
        }
        sizeBytes = hasher.bytes;
        sha256 = hasher.sha256();
        if (sizeBytes === 0) {
          throw new Error('pg_dump produced no output');
        }
        setDetail(`${sizeBytes} bytes, sha256 ${sha256}`);
      },
    );
    await snapshotClient.query('COMMIT').catch(() => {});

    let statsSha256: string | undefined;
    if (stats) {
      const body = Buffer.from(JSON.stringify(stats));
      statsSha256 = createHash('sha256').update(body).digest('hex');
      await steps.run(
        'stats',
        `Store row statistics at ${statsKey}`,
        async setDetail => {
          wroteStats = true;
          await client.send(
            new PutObjectCommand({
              Bucket: bucket,
              Key: statsKey,
              Body: body,
              ContentType: 'application/json',
              Metadata: { sha256: statsSha256!, 'backup-key': key },
              ...sse,
            }),
            { abortSignal: signal },
          );
          setDetail(`${stats!.tables.length} tables`);
        },
      );
    }

    const durationMs = Date.now() - started;
    await snapshotClient.end().catch(() => {});
    const etag = await steps.run(
      'publish',
      `Publish ${key} with its checksum`,
      async () => {
        const tag = await copyObjectWithMetadata({
          client,
          bucket,
          sourceKey: partialKey,
          destinationKey: key,
          sizeBytes,
          metadata: formatBackupMetadata({
            sha256,
            database: source.database,
            serverVersion: asciiHeader(serverVersion),
            takenAt: takenAtDate.toISOString(),
            durationMs,
            dumpFormat: 'custom',
            compression: `zlib:${level}`,
            tool: 'pg_dump',
            statsSha256,
            target: target.name,
          }),
          sse,
          signal,
          multipartThresholdBytes: options.copyMultipartThresholdBytes,
        });
        published = true;
        await client
          .send(new DeleteObjectCommand({ Bucket: bucket, Key: partialKey }))
          .catch(err =>
            logger.warn(
              `Could not delete ${partialKey}: ${scrubSecrets(
                String(err),
                secrets,
              )}`,
            ),
          );
        uploadedPartial = false;
        return tag;
      },
    );

    return {
      target: target.name,
      bucket,
      key,
      statsKey: stats ? statsKey : undefined,
      sizeBytes,
      sha256,
      takenAt: takenAtDate.toISOString(),
      durationMs: Date.now() - started,
      etag,
      database: source.database,
      serverVersion,
      compressionLevel: level,
      serverSideEncryption: sse.ServerSideEncryption,
      steps: steps.steps,
    };
  } catch (error) {
    const cleanup: string[] = [];
    if (uploadedPartial) cleanup.push(partialKey);
    if (wroteStats && !published) cleanup.push(statsKey);
    for (const k of cleanup) {
      await client
        .send(new DeleteObjectCommand({ Bucket: bucket, Key: k }))
        .catch(() => {});
    }
    if (isAbortError(error) || signal?.aborted) {
      throw new OperationAbortedError(`Backup of ${target.name} was aborted`);
    }
    const e = error as Error;
    e.message = scrubSecrets(e.message ?? String(error), secrets);
    throw e;
  } finally {
    await snapshotClient.end().catch(() => {});
  }
}
