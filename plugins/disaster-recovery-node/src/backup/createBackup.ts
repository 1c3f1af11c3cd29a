import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { InputError } from '@backstage/errors';
import { createHash } from 'node:crypto';
import type { Client } from 'pg';
import { copyObjectWithMetadata } from '../objectStore/copyObject';
import { sseParams } from '../objectStore/s3Client';
import {
  OperationContext,
  OperationFrameOptions,
  runOperation,
} from '../operation/runOperation';
import { OperationStep } from '../operation/types';
import { connectPg } from '../postgres/pgTools';
import { BackupStats, listUserTables } from '../postgres/tableStats';
import { scrubSecrets } from '../process/scrubSecrets';
import { assertIdentifier, quoteCatalogIdent } from '../target/identifiers';
import { PgConnection } from '../target/target';
import {
  assertKeyInPrefix,
  backupKeyFor,
  partialKeyFor,
  statsKeyFor,
} from './backupKey';
import { formatBackupMetadata } from './backupMetadata';
import { dumpToStore, DumpToStoreResult } from './dumpToStore';

/** Default pg_dump compression level (zlib). Chosen by the P3 benchmark: see bench/README.md. @public */
export const DEFAULT_BACKUP_COMPRESSION_LEVEL = 1;

/** Multipart part size used for dumps (8 MiB: below the 11 MiB request limit of local S3 emulators). @public */
export const DEFAULT_PART_SIZE_BYTES = 8 * 1024 * 1024;

/** Input of {@link createBackup}. @public */
export interface CreateBackupOptions extends OperationFrameOptions {
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

/** The checked input and the keys of one backup. */
interface BackupPlan {
  source: PgConnection;
  level: number;
  queueSize: number;
  partSize: number;
  tenantColumn: string;
  collectStats: boolean;
  lockWaitMs: number;
  takenAt: Date;
  key: string;
  partialKey: string;
  statsKey: string;
  copyMultipartThresholdBytes?: number;
}

function integerOption(
  value: number,
  field: string,
  min: number,
  max: number,
): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InputError(`${field} must be an integer from ${min} to ${max}`);
  }
  return value;
}

function planBackup(
  ctx: OperationContext,
  options: CreateBackupOptions,
): BackupPlan {
  const { target } = ctx;
  const level = integerOption(
    options.compressionLevel ?? DEFAULT_BACKUP_COMPRESSION_LEVEL,
    'compressionLevel',
    0,
    9,
  );
  const queueSize = integerOption(options.queueSize ?? 4, 'queueSize', 1, 64);
  const partSize = options.partSizeBytes ?? DEFAULT_PART_SIZE_BYTES;
  if (!Number.isInteger(partSize) || partSize < 5 * 1024 * 1024) {
    throw new InputError('partSizeBytes must be at least 5 MiB');
  }
  const tenantColumn = assertIdentifier(
    options.tenantColumn ?? 'tenant_id',
    'tenantColumn',
  );
  const source = options.source === 'standby' ? target.standby : target.primary;
  if (!source) {
    throw new InputError(`Target ${target.name} has no standby to dump from`);
  }
  const lockWaitSeconds = options.lockWaitTimeoutSeconds ?? 120;
  if (
    typeof lockWaitSeconds !== 'number' ||
    !(lockWaitSeconds > 0 && lockWaitSeconds <= 86400)
  ) {
    throw new InputError('lockWaitTimeoutSeconds must be from 0 to 86400');
  }
  const takenAt = options.now ?? new Date();
  const key = backupKeyFor(target, takenAt);
  return {
    source,
    level,
    queueSize,
    partSize,
    tenantColumn,
    collectStats: options.collectStats ?? true,
    lockWaitMs: Math.round(lockWaitSeconds * 1000),
    takenAt,
    key,
    partialKey: assertKeyInPrefix(target, partialKeyFor(key)),
    statsKey: assertKeyInPrefix(target, statsKeyFor(key)),
    copyMultipartThresholdBytes: options.copyMultipartThresholdBytes,
  };
}

interface Snapshot {
  snapshot: string;
  version: string;
  db: string;
}

/** Opens a repeatable-read snapshot to export to pg_dump; with statistics, takes pg_dump's locks first. */
async function snapshotStep(
  ctx: OperationContext,
  plan: BackupPlan,
  client: Client,
): Promise<Snapshot> {
  return ctx.steps.run(
    'snapshot',
    'Open a snapshot of the database',
    async setDetail => {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      await client.query(`SET LOCAL lock_timeout = ${plan.lockWaitMs}`);
      const row = (
        await client.query<Snapshot>(
          `SELECT pg_export_snapshot() AS snapshot, current_setting('server_version') AS version, current_database() AS db`,
        )
      ).rows[0];
      if (plan.collectStats) {
        // take pg_dump's locks first, so that the statistics queries never queue behind DDL
        const tables = await listUserTables(client, plan.tenantColumn);
        if (tables.length > 0) {
          const names = tables.map(
            t => `${quoteCatalogIdent(t.schema)}.${quoteCatalogIdent(t.name)}`,
          );
          await client.query(
            `LOCK TABLE ${names.join(', ')} IN ACCESS SHARE MODE`,
          );
        }
      }
      setDetail(`snapshot ${row.snapshot}`);
      return row;
    },
  );
}

/** Stores the statistics sidecar next to the dump; returns its SHA-256 for the dump's metadata. */
async function statsStep(
  ctx: OperationContext,
  plan: BackupPlan,
  stats: BackupStats,
): Promise<string> {
  const body = Buffer.from(JSON.stringify(stats));
  const sha256 = createHash('sha256').update(body).digest('hex');
  await ctx.steps.run(
    'stats',
    `Store row statistics at ${plan.statsKey}`,
    async setDetail => {
      await ctx.s3().send(
        new PutObjectCommand({
          Bucket: ctx.target.s3.bucket,
          Key: plan.statsKey,
          Body: body,
          ContentType: 'application/json',
          Metadata: { sha256, 'backup-key': plan.key },
          ...sseParams(ctx.target.s3),
        }),
        { abortSignal: ctx.signal },
      );
      setDetail(`${stats.tables.length} tables`);
    },
  );
  return sha256;
}

/** Copies the partial upload to its final key with the complete metadata, then deletes the partial. */
async function publishStep(
  ctx: OperationContext,
  plan: BackupPlan,
  dumped: DumpToStoreResult,
  extra: { serverVersion: string; statsSha256?: string; durationMs: number },
): Promise<string | undefined> {
  const { target, s3 } = ctx;
  return ctx.steps.run(
    'publish',
    `Publish ${plan.key} with its checksum`,
    async () => {
      const tag = await copyObjectWithMetadata({
        client: s3(),
        bucket: target.s3.bucket,
        sourceKey: plan.partialKey,
        destinationKey: plan.key,
        sizeBytes: dumped.sizeBytes,
        metadata: formatBackupMetadata({
          sha256: dumped.sha256,
          database: plan.source.database,
          serverVersion: asciiHeader(extra.serverVersion),
          takenAt: plan.takenAt.toISOString(),
          durationMs: extra.durationMs,
          dumpFormat: 'custom',
          compression: `zlib:${plan.level}`,
          tool: 'pg_dump',
          statsSha256: extra.statsSha256,
          target: target.name,
        }),
        sse: sseParams(target.s3),
        signal: ctx.signal,
        multipartThresholdBytes: plan.copyMultipartThresholdBytes,
      });
      await s3()
        .send(
          new DeleteObjectCommand({
            Bucket: target.s3.bucket,
            Key: plan.partialKey,
          }),
        )
        .catch(err =>
          ctx.logger.warn(
            `Could not delete ${plan.partialKey}: ${scrubSecrets(
              String(err),
              ctx.secrets,
            )}`,
          ),
        );
      return tag;
    },
  );
}

/** Deletes what a failed backup wrote (never a published dump). */
async function deleteObjects(ctx: OperationContext, keys: string[]) {
  for (const key of keys) {
    await ctx
      .s3()
      .send(new DeleteObjectCommand({ Bucket: ctx.target.s3.bucket, Key: key }))
      .catch(() => {});
  }
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
  return runOperation('Backup', options, async ctx => {
    const plan = planBackup(ctx, options);
    const written: string[] = [];
    const snapshotClient = await connectPg(plan.source, { signal: ctx.signal });
    try {
      const snap = await snapshotStep(ctx, plan, snapshotClient);
      written.push(plan.partialKey);
      const dumped = await ctx.steps.run(
        'dump-upload',
        `Dump ${plan.source.database} (pg_dump -Fc -Z${plan.level}) straight into s3://${ctx.target.s3.bucket}/${plan.partialKey}`,
        async setDetail => {
          const r = await dumpToStore(ctx, {
            ...plan,
            snapshot: snap.snapshot,
            database: snap.db,
            stats: plan.collectStats
              ? { client: snapshotClient, tenantColumn: plan.tenantColumn }
              : undefined,
          });
          setDetail(`${r.sizeBytes} bytes, sha256 ${r.sha256}`);
          return r;
        },
      );
      await snapshotClient.query('COMMIT').catch(() => {});
      let statsSha256: string | undefined;
      if (dumped.stats) {
        written.push(plan.statsKey);
        statsSha256 = await statsStep(ctx, plan, dumped.stats);
      }
      const durationMs = Date.now() - ctx.startedAt;
      await snapshotClient.end().catch(() => {});
      const etag = await publishStep(ctx, plan, dumped, {
        serverVersion: snap.version,
        statsSha256,
        durationMs,
      });
      written.length = 0;
      return {
        target: ctx.target.name,
        bucket: ctx.target.s3.bucket,
        key: plan.key,
        statsKey: dumped.stats ? plan.statsKey : undefined,
        sizeBytes: dumped.sizeBytes,
        sha256: dumped.sha256,
        takenAt: plan.takenAt.toISOString(),
        durationMs: Date.now() - ctx.startedAt,
        etag,
        database: plan.source.database,
        serverVersion: snap.version,
        compressionLevel: plan.level,
        serverSideEncryption: sseParams(ctx.target.s3).ServerSideEncryption,
        steps: ctx.steps.steps,
      };
    } catch (error) {
      await deleteObjects(ctx, written);
      throw error;
    } finally {
      await snapshotClient.end().catch(() => {});
    }
  });
}
