import { S3Client } from '@aws-sdk/client-s3';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  BackupStore,
  IndexedBackupVersion,
  NewBackup,
} from '../database/BackupStore';
import {
  inScope,
  ListedObject,
  ListingContext,
  ListingScope,
  listOpenScopes,
  listScope,
} from './backupListing';

/** What a HEAD of a backup object says about it. @public */
export interface BackupObjectHead {
  sizeBytes?: number;
  etag?: string;
  sha256?: string;
  /** The server-side encryption the store reports (`AES256`, `aws:kms`, ...). */
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
  /** Whether a listed key is a finished backup (not a sidecar nor an upload in progress). */
  isBackupKey: (key: string) => boolean;
  /** Reads an object's metadata; undefined when it is gone or is not a backup the product can use. */
  head: (key: string) => Promise<BackupObjectHead | undefined>;
  /**
   * Buckets holding the target's cross-region copies. The product indexes a copy when it makes
   * it; a pass over `bucket` does not list them, so it never marks them gone.
   */
  copyBuckets?: string[];
}

/** Options of one indexing pass. @public */
export interface IndexOptions {
  /** List the whole prefix instead of only the parts that can still receive backups. */
  fullRescan?: boolean;
  /** Date partitions whose range ended less than this long ago are re-listed on every pass (default 2 days). */
  openForMs?: number;
  /** The time the pass runs at (default: now). */
  now?: Date;
  /** Keys per ListObjectsV2 page (max 1000). */
  pageSize?: number;
  /** HEAD requests in flight at once. */
  headConcurrency?: number;
  logger?: LoggerService;
  signal?: AbortSignal;
}

/** What one indexing pass did. @public */
export interface IndexResult {
  target: string;
  /** Keys the listings returned. */
  listed: number;
  /** New or changed backups read with HEAD. */
  headed: number;
  /** Backups written to the store (new or changed). */
  indexed: number;
  /** Indexed backups no longer listed, marked gone. */
  deleted: number;
  /** ListObjectsV2 requests made. */
  listRequests: number;
  /** Scopes listed completely and reconciled with the index. */
  scopes: number;
  fullRescan: boolean;
}

/** How long after its range ended a date partition stays open by default: 2 days. */
export const DEFAULT_OPEN_FOR_MS = 2 * 86_400_000;

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

/** Index entries by bucket and key. */
type Known = Map<string, IndexedBackupVersion>;

const knownKey = (bucket: string, key: string) => `${bucket}/${key}`;

function unchanged(known: IndexedBackupVersion, object: ListedObject) {
  return (
    known.etag === object.etag &&
    known.lastModified.getTime() === object.lastModified.getTime()
  );
}

/**
 * Reconciles listed objects with the index: new or changed backups (ETag or LastModified differ)
 * are read with HEAD and written; unchanged ones cost nothing. Known keys that are listed are
 * removed from `known`, so what is left there at the end was not listed.
 */
class Reconciler {
  constructor(
    private readonly source: BackupIndexSource,
    private readonly store: BackupStore,
    private readonly result: IndexResult,
    private readonly options: IndexOptions,
  ) {}

  async page(objects: ListedObject[], known: Known) {
    const { bucket } = this.source;
    this.result.listed += objects.length;
    const todo: ListedObject[] = [];
    for (const object of objects) {
      if (!this.source.isBackupKey(object.key)) continue;
      const version = known.get(knownKey(bucket, object.key));
      if (version && unchanged(version, object)) {
        known.delete(knownKey(bucket, object.key));
      } else {
        todo.push(object);
      }
    }
    const rows = await mapLimit(
      todo,
      this.options.headConcurrency ?? 16,
      async (object): Promise<NewBackup | undefined> => {
        const info = await this.source.head(object.key);
        if (!info) return undefined;
        // Listed and read: whatever the index held of it is replaced, not gone.
        known.delete(knownKey(bucket, object.key));
        return {
          target: this.source.target,
          bucket: this.source.bucket,
          key: object.key,
          sizeBytes: info.sizeBytes ?? object.sizeBytes,
          // What the listing says, so that the next pass compares like with like.
          etag: object.etag ?? info.etag,
          sha256: info.sha256,
          serverSideEncryption: info.serverSideEncryption,
          storageClass: info.storageClass ?? object.storageClass,
          region: this.source.region,
          dataClass: info.dataClass,
          takenAt: info.takenAt,
          lastModified: object.lastModified,
          durationSeconds: info.durationSeconds,
        };
      },
    );
    this.result.headed += todo.length;
    const found = rows.filter((r): r is NewBackup => r !== undefined);
    await this.store.upsertBackups(found);
    this.result.indexed += found.length;
  }

  /** Marks what the index holds of the listed scopes but the listings did not return as gone. */
  async finish(known: Known) {
    this.result.deleted += await this.store.markBackupsDeleted(
      this.source.target,
      [...known.values()],
    );
  }
}

function byKey(
  versions: IndexedBackupVersion[],
  keep: (v: IndexedBackupVersion) => boolean,
): Known {
  const map: Known = new Map();
  for (const v of versions) {
    if (keep(v)) map.set(knownKey(v.bucket, v.key), v);
  }
  return map;
}

/**
 * Indexes the logical dumps of one target into the store, so that the index misses no key
 * wherever it sorts and keeps nothing that is gone.
 *
 * An incremental pass re-lists every part of the prefix that can still receive backups
 * (`listOpenScopes`: the keys directly under every folder, folders that are not date partitions,
 * and the date partitions whose range ended less than `openForMs` ago, 2 days by default) and reconciles each listed scope with the
 * index: new and changed objects are read with HEAD and written, indexed objects no longer listed
 * are marked gone. A full rescan lists the whole prefix once and does the same for all of it, so a
 * key written late into an old date partition, or deleted from one, is seen there. Neither uses
 * key order or a cursor: ListObjectsV2 order decides nothing.
 *
 * When each backup was taken comes from the source's HEAD (the node library's `backupTakenAt`);
 * the store finds the newest backup by that time.
 * @public
 */
export async function indexBackups(
  source: BackupIndexSource,
  store: BackupStore,
  options: IndexOptions = {},
): Promise<IndexResult> {
  const cursor = await store.getIndexCursor(source.target);
  const sameLocation =
    cursor?.bucket === source.bucket && cursor?.prefix === source.prefix;
  const fullRescan = Boolean(options.fullRescan || !sameLocation);
  const now = options.now ?? new Date();
  const result: IndexResult = {
    target: source.target,
    listed: 0,
    headed: 0,
    indexed: 0,
    deleted: 0,
    listRequests: 0,
    scopes: 0,
    fullRescan,
  };
  const reconciler = new Reconciler(source, store, result, options);
  const ctx: ListingContext = {
    client: source.client,
    bucket: source.bucket,
    pageSize: options.pageSize,
    signal: options.signal,
    onRequest: () => {
      result.listRequests += 1;
    },
  };

  if (fullRescan) {
    const whole: ListingScope = { prefix: source.prefix, deep: true };
    // Everything the index holds of the target, in any bucket or prefix but its copy buckets:
    // what is not under the target's present location any more is gone too, while a copy in
    // another region is not in this listing at all. Read while the first pages are listed.
    const copyBuckets = new Set(
      (source.copyBuckets ?? []).filter(b => b !== source.bucket),
    );
    const known = store
      .listIndexedBackupVersions(source.target)
      .then(versions => byKey(versions, v => !copyBuckets.has(v.bucket)));
    known.catch(() => {});
    // Pages listed before the index's rows have arrived queue up in order while the listing goes
    // on (it prefetches only one page); once they have arrived, each page is reconciled before
    // the next, which keeps the queue short.
    let indexRead = false;
    known.then(
      () => (indexRead = true),
      () => (indexRead = true),
    );
    let reconciled: Promise<void> = Promise.resolve();
    await listScope(ctx, whole, async page => {
      reconciled = reconciled.then(async () =>
        reconciler.page(page, await known),
      );
      reconciled.catch(() => {});
      if (indexRead) await reconciled;
    });
    await reconciled;
    result.scopes = 1;
    if (!options.signal?.aborted) await reconciler.finish(await known);
  } else {
    const openFrom = new Date(
      now.getTime() - (options.openForMs ?? DEFAULT_OPEN_FOR_MS),
    );
    const listedScopes: Array<[ListingScope, ListedObject[]]> = [];
    await listOpenScopes(ctx, source.prefix, openFrom, async (scope, objs) => {
      listedScopes.push([scope, objs]);
    });
    const scopes = listedScopes.map(([scope]) => scope);
    result.scopes = scopes.length;
    if (!options.signal?.aborted) {
      const known = byKey(
        await store.listIndexedBackupVersions(source.target, {
          bucket: source.bucket,
          scopes: scopes.map(scope => ({
            prefix: scope.prefix,
            except: scope.folders,
          })),
        }),
        v =>
          v.bucket === source.bucket && scopes.some(sc => inScope(v.key, sc)),
      );
      for (const [, objects] of listedScopes) {
        await reconciler.page(objects, known);
      }
      await reconciler.finish(known);
    }
  }

  if (!options.signal?.aborted) {
    await store.setIndexCursor({
      target: source.target,
      bucket: source.bucket,
      prefix: source.prefix,
      updatedAt: new Date(),
      lastFullScanAt: fullRescan ? now : cursor?.lastFullScanAt,
    });
  }
  options.logger?.info(
    `Indexed ${source.target}: ${result.listed} keys listed in ${
      result.scopes
    } scope(s)${fullRescan ? ' (full rescan)' : ''}, ${
      result.headed
    } new or changed read, ${result.indexed} written, ${result.deleted} gone`,
  );
  return result;
}
