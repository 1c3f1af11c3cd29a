import {
  HeadObjectCommand,
  ListObjectsV2Command,
  ListObjectsV2CommandOutput,
  S3Client,
} from '@aws-sdk/client-s3';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  backupTakenAt,
  parseBackupMetadata,
} from '@dr-portal/backstage-plugin-disaster-recovery-node';
import { BackupStore, NewBackup } from '../database/BackupStore';

/** What a HEAD of a backup object says about it. @public */
export interface BackupObjectHead {
  sizeBytes?: number;
  etag?: string;
  sha256?: string;
  serverSideEncryption?: string;
  storageClass?: string;
  /** When the backup was taken, by the node library's `backupTakenAt` rule. */
  takenAt: Date;
  durationSeconds?: number;
  dataClass?: string;
}

/** Where the logical dumps of one target live, and how to read them. @public */
export interface BackupIndexSource {
  /** Target name from app-config. */
  target: string;
  client: S3Client;
  bucket: string;
  /** Key prefix to list (ending in `/`, or empty for the whole bucket). */
  prefix: string;
  /** Region of the bucket, recorded with each backup. */
  region?: string;
  /** Whether a listed key is a finished backup (default: every key). */
  isBackupKey?: (key: string) => boolean;
  /** Whether a listed key is an upload still in progress that will become a backup key. */
  isInFlightKey?: (key: string) => boolean;
  /** Reads an object's metadata (default: HeadObject with the product's metadata names). */
  head?: (key: string) => Promise<BackupObjectHead | undefined>;
}

/** Options of one indexing run. @public */
export interface IndexOptions {
  /** List the whole prefix (not only keys after the cursor) and mark vanished objects deleted. */
  fullRescan?: boolean;
  /** Keys per ListObjectsV2 page (max 1000). */
  pageSize?: number;
  /** HEAD requests in flight at once. */
  headConcurrency?: number;
  logger?: LoggerService;
  signal?: AbortSignal;
}

/** What one indexing run did. @public */
export interface IndexResult {
  target: string;
  /** Keys returned by the listing. */
  listed: number;
  /** Backups written to the store. */
  indexed: number;
  /** Objects a full rescan no longer found. */
  deleted: number;
  /** ListObjectsV2 requests made. */
  listRequests: number;
  /** Where the listing started (undefined: from the beginning). */
  startAfter?: string;
  /** The cursor after the run. */
  lastKey?: string;
  fullRescan: boolean;
}

/** Default HEAD: size, ETag, SSE, storage class, the node library's backup metadata, and the time taken by its rule. */
export function defaultHead(
  client: S3Client,
  bucket: string,
): (key: string) => Promise<BackupObjectHead | undefined> {
  return async key => {
    try {
      const head = await client.send(
        new HeadObjectCommand({ Bucket: bucket, Key: key }),
      );
      const metadata = parseBackupMetadata(head.Metadata);
      return {
        sizeBytes: head.ContentLength,
        etag: head.ETag,
        sha256: metadata.sha256,
        serverSideEncryption: head.ServerSideEncryption,
        storageClass: head.StorageClass,
        takenAt: backupTakenAt({
          key,
          lastModified: head.LastModified ?? new Date(0),
          takenAtMetadata: metadata.takenAt,
        }).takenAt,
        durationSeconds:
          metadata.durationMs !== undefined
            ? metadata.durationMs / 1000
            : undefined,
        dataClass: metadata.dataClass,
      };
    } catch (error) {
      const e = error as {
        name?: string;
        $metadata?: { httpStatusCode?: number };
      };
      // Deleted between the listing and the HEAD: not a backup any more.
      if (e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404) {
        return undefined;
      }
      throw error;
    }
  };
}

async function mapLimit<T, R>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from(
    { length: Math.min(limit, items.length) },
    async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await fn(items[index]);
      }
    },
  );
  await Promise.all(workers);
  return results;
}

/**
 * Indexes the logical dumps of one target into the store. Incremental by default: ListObjectsV2
 * starts after the last key seen before (S3 lists in key order), so a rescan only lists new keys;
 * `fullRescan` lists everything and marks objects that are gone as deleted. Each backup is
 * HEADed for its metadata; when it was taken comes from its `taken-at` metadata, else the stamp
 * in its key, else LastModified — the store then finds the newest backup by that time, never by
 * key order.
 *
 * The cursor never moves past an upload still in flight (`isInFlightKey`, e.g. `x.dump.partial`),
 * because its finished key (`x.dump`) sorts before it and would otherwise never be listed.
 *
 * @public
 */
export async function indexBackups(
  source: BackupIndexSource,
  store: BackupStore,
  options: IndexOptions = {},
): Promise<IndexResult> {
  const isBackupKey = source.isBackupKey ?? (() => true);
  const isInFlightKey = source.isInFlightKey ?? (() => false);
  const head = source.head ?? defaultHead(source.client, source.bucket);
  const cursor = await store.getIndexCursor(source.target);
  const sameLocation =
    cursor?.bucket === source.bucket && cursor?.prefix === source.prefix;
  const fullRescan = Boolean(options.fullRescan || !sameLocation);
  const startAfter = fullRescan ? undefined : cursor?.lastKey;
  const scanStartedAt = new Date();

  const result: IndexResult = {
    target: source.target,
    listed: 0,
    indexed: 0,
    deleted: 0,
    listRequests: 0,
    startAfter,
    lastKey: startAfter,
    fullRescan,
  };
  // Once an in-flight upload is seen, the cursor stays before it for this run.
  let held = false;
  let token: string | undefined;
  do {
    const page: ListObjectsV2CommandOutput = await source.client.send(
      new ListObjectsV2Command({
        Bucket: source.bucket,
        Prefix: source.prefix || undefined,
        MaxKeys: options.pageSize ?? 1000,
        ...(token
          ? { ContinuationToken: token }
          : { StartAfter: startAfter || undefined }),
      }),
      { abortSignal: options.signal },
    );
    result.listRequests += 1;
    const contents = (page.Contents ?? []).filter(o => o.Key);
    result.listed += contents.length;

    const backups = contents.filter(o => isBackupKey(o.Key!));
    const rows = await mapLimit(
      backups,
      options.headConcurrency ?? 16,
      async (object): Promise<NewBackup | undefined> => {
        const info = await head(object.Key!);
        if (!info) return undefined;
        const lastModified = object.LastModified ?? new Date(0);
        return {
          target: source.target,
          bucket: source.bucket,
          key: object.Key!,
          sizeBytes: info.sizeBytes ?? object.Size ?? 0,
          etag: info.etag ?? object.ETag,
          sha256: info.sha256,
          serverSideEncryption: info.serverSideEncryption,
          storageClass: info.storageClass ?? object.StorageClass,
          region: source.region,
          dataClass: info.dataClass,
          takenAt: info.takenAt,
          lastModified,
          durationSeconds: info.durationSeconds,
        };
      },
    );
    const found = rows.filter((r): r is NewBackup => r !== undefined);
    await store.upsertBackups(found);
    result.indexed += found.length;

    for (const object of contents) {
      if (held) break;
      if (isInFlightKey(object.Key!)) {
        held = true;
        break;
      }
      result.lastKey = object.Key!;
    }
    await store.setIndexCursor({
      target: source.target,
      bucket: source.bucket,
      prefix: source.prefix,
      lastKey: result.lastKey,
      updatedAt: new Date(),
      lastFullScanAt: cursor?.lastFullScanAt,
    });
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token && !options.signal?.aborted);

  if (fullRescan && !options.signal?.aborted) {
    result.deleted = await store.markUnseenBackupsDeleted(
      source.target,
      scanStartedAt,
    );
    await store.setIndexCursor({
      target: source.target,
      bucket: source.bucket,
      prefix: source.prefix,
      lastKey: result.lastKey,
      updatedAt: new Date(),
      lastFullScanAt: scanStartedAt,
    });
  }
  options.logger?.info(
    `Indexed ${result.indexed} backups of ${source.target} (${
      result.listed
    } keys listed${startAfter ? ' after the cursor' : ''}${
      fullRescan ? `, full rescan, ${result.deleted} gone` : ''
    })`,
  );
  return result;
}
