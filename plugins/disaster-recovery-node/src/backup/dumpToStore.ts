import { Upload } from '@aws-sdk/lib-storage';
import type { Client } from 'pg';
import { HashingStream } from '../objectStore/hashingStream';
import { sseParams } from '../objectStore/s3Client';
import { OperationContext } from '../operation/runOperation';
import { pgConnArgs, pgEnv, pgProgram } from '../postgres/pgTools';
import { BackupStats, collectTableStats } from '../postgres/tableStats';
import { RunningProcess, spawnProcess } from '../process/processRunner';
import { PgConnection } from '../target/target';
import { formatBackupMetadata } from './backupMetadata';

/** What the dump-and-upload step needs: the snapshot, the source and where the bytes go. */
export interface DumpToStoreInput {
  source: PgConnection;
  snapshot: string;
  database: string;
  level: number;
  lockWaitMs: number;
  partialKey: string;
  takenAt: Date;
  queueSize: number;
  partSize: number;
  /** Counts rows in the snapshot while the dump runs (undefined: no statistics). */
  stats?: { client: Client; tenantColumn: string };
}

/** What went into the store. */
export interface DumpToStoreResult {
  sizeBytes: number;
  sha256: string;
  stats?: BackupStats;
}

function startDump(ctx: OperationContext, input: DumpToStoreInput) {
  return spawnProcess({
    command: pgProgram(ctx.target.pgBinDir, 'pg_dump'),
    args: [
      ...pgConnArgs(input.source),
      '--format=custom',
      `--compress=${input.level}`,
      `--snapshot=${input.snapshot}`,
      `--lock-wait-timeout=${input.lockWaitMs}`,
      '--no-password',
    ],
    env: pgEnv(input.source),
    stdout: 'pipe',
    signal: ctx.signal,
    secrets: ctx.secrets,
    logger: ctx.logger,
  });
}

/** Pipes pg_dump's stdout through a hasher; the hasher ends only once pg_dump exited 0. */
function hashOutput(dump: RunningProcess): {
  hasher: HashingStream;
  dumped: Promise<void>;
} {
  const hasher = new HashingStream();
  dump.stdout!.pipe(hasher, { end: false });
  const dumped = dump.done.then(
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
  return { hasher, dumped };
}

function startUpload(
  ctx: OperationContext,
  input: DumpToStoreInput,
  body: HashingStream,
  abortController: AbortController,
): Upload {
  return new Upload({
    client: ctx.s3(),
    params: {
      Bucket: ctx.target.s3.bucket,
      Key: input.partialKey,
      Body: body,
      ContentType: 'application/octet-stream',
      Metadata: formatBackupMetadata({
        database: input.source.database,
        takenAt: input.takenAt.toISOString(),
        target: ctx.target.name,
      }),
      ...sseParams(ctx.target.s3),
    },
    queueSize: input.queueSize,
    partSize: input.partSize,
    leavePartsOnError: false,
    abortController,
  });
}

/**
 * The statistics are part of the backup (verification compares restores with them): a failure
 * to collect them fails the backup.
 */
async function countRows(
  input: DumpToStoreInput,
): Promise<BackupStats | undefined> {
  if (!input.stats) {
    return undefined;
  }
  try {
    const tables = await collectTableStats(input.stats.client, {
      tenantColumn: input.stats.tenantColumn,
    });
    return {
      version: 1,
      database: input.database,
      takenAt: input.takenAt.toISOString(),
      tenantColumn: input.stats.tenantColumn,
      tables,
    };
  } catch (error) {
    throw new Error(
      `Row statistics could not be collected in the dump's snapshot: ${
        (error as Error).message
      }`,
    );
  }
}

/**
 * `pg_dump -Fc` of the snapshot streamed into a multipart upload of the partial key, hashed on
 * the way, while the row statistics are counted in the same snapshot. The upload completes only
 * when pg_dump exited 0; any failure aborts the upload.
 */
export async function dumpToStore(
  ctx: OperationContext,
  input: DumpToStoreInput,
): Promise<DumpToStoreResult> {
  const dump = startDump(ctx, input);
  const { hasher, dumped } = hashOutput(dump);
  const abortController = new AbortController();
  const upload = startUpload(ctx, input, hasher, abortController);
  const onAbort = () => abortController.abort();
  ctx.signal?.addEventListener('abort', onAbort, { once: true });
  const counted = countRows(input);
  counted.catch(() => {});
  try {
    const results = await Promise.allSettled([dumped, upload.done()]);
    const failed = results.find(r => r.status === 'rejected') as
      | PromiseRejectedResult
      | undefined;
    if (failed) {
      dump.kill('SIGKILL');
      await upload.abort().catch(() => {});
      // prefer the root cause: pg_dump's error over the upload's stream error
      throw results[0].status === 'rejected'
        ? results[0].reason
        : failed.reason;
    }
    const stats = await counted;
    if (hasher.bytes === 0) {
      throw new Error('pg_dump produced no output');
    }
    return { sizeBytes: hasher.bytes, sha256: hasher.sha256(), stats };
  } finally {
    ctx.signal?.removeEventListener('abort', onAbort);
  }
}
