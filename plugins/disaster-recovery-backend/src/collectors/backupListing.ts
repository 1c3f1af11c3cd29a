import {
  ListObjectsV2Command,
  ListObjectsV2CommandOutput,
  S3Client,
  _Object,
} from '@aws-sdk/client-s3';

/**
 * A part of a bucket that one listing covers completely, so that what the index holds of it can
 * be reconciled with what the listing returned (anything not listed is gone): every key under
 * `prefix` (`deep`), or every key under it except those in the folders the listing returned
 * (`folders`): the keys directly under it, and keys in folders that no longer exist.
 * @public
 */
export interface ListingScope {
  prefix: string;
  deep: boolean;
  /** Of a shallow scope: the folders directly under `prefix` that the listing returned. */
  folders?: string[];
}

/** Whether `key` belongs to `scope`. @public */
export function inScope(key: string, scope: ListingScope): boolean {
  if (!key.startsWith(scope.prefix)) return false;
  if (scope.deep) return true;
  const rest = key.slice(scope.prefix.length);
  const slash = rest.indexOf('/');
  if (slash < 0) return true;
  const folder = scope.prefix + rest.slice(0, slash + 1);
  return !(scope.folders ?? []).includes(folder);
}

/** A listed object: its key, and what tells whether it changed. @public */
export interface ListedObject {
  key: string;
  etag?: string;
  lastModified: Date;
  sizeBytes: number;
  storageClass?: string;
}

/** How to list a store. */
export interface ListingContext {
  client: S3Client;
  bucket: string;
  pageSize?: number;
  signal?: AbortSignal;
  /** Counts ListObjectsV2 requests. */
  onRequest?: () => void;
}

function listed(object: _Object): ListedObject {
  return {
    key: object.Key!,
    etag: object.ETag,
    lastModified: object.LastModified ?? new Date(0),
    sizeBytes: object.Size ?? 0,
    storageClass: object.StorageClass,
  };
}

/**
 * Lists a scope page by page (following continuation tokens to the end); a shallow scope lists
 * with the delimiter `/` and also returns the folders directly under it. The next page is
 * requested while `onPage` handles the current one.
 * @public
 */
export async function listScope(
  ctx: ListingContext,
  scope: ListingScope,
  onPage: (objects: ListedObject[]) => Promise<void>,
): Promise<string[]> {
  const folders: string[] = [];
  const request = (token?: string): Promise<ListObjectsV2CommandOutput> => {
    ctx.onRequest?.();
    return ctx.client.send(
      new ListObjectsV2Command({
        Bucket: ctx.bucket,
        Prefix: scope.prefix || undefined,
        Delimiter: scope.deep ? undefined : '/',
        MaxKeys: ctx.pageSize ?? 1000,
        ContinuationToken: token,
      }),
      { abortSignal: ctx.signal },
    );
  };
  let next: Promise<ListObjectsV2CommandOutput> | undefined = request();
  while (next) {
    const page: ListObjectsV2CommandOutput = await next;
    const token = page.IsTruncated ? page.NextContinuationToken : undefined;
    next = token && !ctx.signal?.aborted ? request(token) : undefined;
    // A failed prefetch surfaces when it is awaited, not as an unhandled rejection meanwhile.
    next?.catch(() => {});
    await onPage((page.Contents ?? []).filter(o => o.Key).map(listed));
    for (const p of page.CommonPrefixes ?? []) {
      if (p.Prefix) folders.push(p.Prefix);
    }
  }
  return folders;
}

const DAY_MS = 24 * 3600_000;

/** A folder of a date-partitioned layout and the time range its name says it holds. */
interface DatePartition {
  parts: number[];
  end: number;
}

function utc(year: number, month = 1, day = 1): number {
  return Date.UTC(year, month - 1, day);
}

function validDay(y: number, m: number, d: number): boolean {
  const at = new Date(utc(y, m, d));
  return at.getUTCMonth() === m - 1 && at.getUTCDate() === d;
}

/**
 * Reads a folder name as a date partition: `YYYY`, then `MM` under a year and `DD` under a month
 * (the product's `<db>/YYYY/MM/DD/`), or a whole day in one name (`YYYY-MM-DD`, `YYYYMMDD`),
 * each optionally as `name=value` (`dt=2026-12-03`, `year=2026`). Undefined for other names.
 */
export function datePartition(
  parent: number[],
  folder: string,
): DatePartition | undefined {
  const value = folder.replace(/^[A-Za-z_]+=/, '');
  if (parent.length === 0) {
    const day = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(value);
    if (day) {
      const [y, m, d] = day.slice(1).map(Number);
      if (!validDay(y, m, d)) return undefined;
      return { parts: [y, m, d], end: utc(y, m, d) + DAY_MS };
    }
    if (/^\d{4}$/.test(value) && Number(value) >= 1970) {
      const y = Number(value);
      return { parts: [y], end: utc(y + 1) };
    }
    return undefined;
  }
  if (!/^\d{2}$/.test(value)) return undefined;
  const n = Number(value);
  if (parent.length === 1) {
    if (n < 1 || n > 12) return undefined;
    const [y] = parent;
    return { parts: [y, n], end: n === 12 ? utc(y + 1) : utc(y, n + 1) };
  }
  if (parent.length === 2) {
    const [y, m] = parent;
    if (!validDay(y, m, n)) return undefined;
    return { parts: [y, m, n], end: utc(y, m, n) + DAY_MS };
  }
  return undefined;
}

/**
 * Lists every part of a prefix that can still receive new backups, and calls `onScope` with each
 * scope listed completely and its objects: the keys directly under every folder (the plan's flat
 * `ecommerce_20261203_073000.dump`, arbitrary names), every folder that is not a date partition,
 * and every date partition whose time range ends after `openFrom` (the product's
 * `<db>/YYYY/MM/DD/`, listed whole). Date partitions that ended before `openFrom` are sealed:
 * they are not listed (the full rescan covers them). Returns the scopes listed.
 * @public
 */
export async function listOpenScopes(
  ctx: ListingContext,
  prefix: string,
  openFrom: Date,
  onScope: (scope: ListingScope, objects: ListedObject[]) => Promise<void>,
): Promise<ListingScope[]> {
  const scopes: ListingScope[] = [];
  const visit = async (folder: string, parent: number[]): Promise<void> => {
    const objects: ListedObject[] = [];
    const subfolders = await listScope(
      ctx,
      { prefix: folder, deep: false },
      async page => {
        objects.push(...page);
      },
    );
    const scope = { prefix: folder, deep: false, folders: subfolders };
    scopes.push(scope);
    await onScope(scope, objects);
    for (const sub of subfolders) {
      if (ctx.signal?.aborted) return;
      const name = sub.slice(folder.length, -1);
      const partition = datePartition(parent, name);
      if (!partition) {
        await visit(sub, []);
      } else if (partition.end > openFrom.getTime()) {
        if (partition.parts.length === 3) {
          const day = { prefix: sub, deep: true };
          const inDay: ListedObject[] = [];
          await listScope(ctx, day, async page => {
            inDay.push(...page);
          });
          scopes.push(day);
          await onScope(day, inDay);
        } else {
          await visit(sub, partition.parts);
        }
      }
    }
  };
  await visit(prefix, []);
  return scopes;
}
