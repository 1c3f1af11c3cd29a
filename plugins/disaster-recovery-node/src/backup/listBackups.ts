import {
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { NotFoundError } from '@backstage/errors';
import {
  assertKeyInPrefix,
  backupPrefixFor,
  isBackupObjectKey,
} from './backupKey';
import { BackupMetadata, parseBackupMetadata } from './backupMetadata';
import {
  BACKUP_CLOCK_SKEW_MS,
  backupTakenAt,
  BackupTimeSource,
} from './backupTime';
import { DatabaseTarget } from '../target/target';

/** A backup object as listed (no metadata yet). @public */
export interface ListedBackup {
  key: string;
  sizeBytes: number;
  lastModified: Date;
  etag?: string;
}

/** A backup object with its metadata (from HEAD). @public */
export interface BackupObjectInfo extends ListedBackup {
  /** When the backup was taken, by {@link backupTakenAt}: metadata `taken-at`, else the key's stamp, else LastModified. */
  takenAt: Date;
  /** Where `takenAt` came from. */
  takenAtSource: BackupTimeSource;
  metadata: BackupMetadata;
  /** The server-side encryption the store reports for the object (`AES256`, `aws:kms`, ...). */
  serverSideEncryption?: string;
  /** The storage class the store reports (absent: STANDARD). */
  storageClass?: string;
}

/**
 * Lists every backup object under the target's prefix, following ListObjectsV2 continuation
 * tokens until the end (never trusting one page or key order). Sidecars and partial uploads are
 * left out.
 * @public
 */
export async function listBackupObjects(
  target: DatabaseTarget,
  options: { client: S3Client; signal?: AbortSignal; pageSize?: number },
): Promise<ListedBackup[]> {
  const prefix = backupPrefixFor(target);
  const out: ListedBackup[] = [];
  let token: string | undefined;
  const seen = new Set<string>();
  do {
    const page = await options.client.send(
      new ListObjectsV2Command({
        Bucket: target.s3.bucket,
        Prefix: prefix,
        ContinuationToken: token,
        MaxKeys: options.pageSize ?? 1000,
      }),
      { abortSignal: options.signal },
    );
    for (const obj of page.Contents ?? []) {
      if (!obj.Key || seen.has(obj.Key) || !isBackupObjectKey(obj.Key)) {
        continue;
      }
      try {
        assertKeyInPrefix(target, obj.Key);
      } catch {
        continue; // a key we would refuse to act on is not a candidate
      }
      seen.add(obj.Key);
      out.push({
        key: obj.Key,
        sizeBytes: obj.Size ?? 0,
        lastModified: obj.LastModified ?? new Date(0),
        etag: obj.ETag,
      });
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return out;
}

/** Reads size and metadata of one backup object (HEAD). @public */
export async function headBackupObject(
  target: DatabaseTarget,
  key: string,
  options: { client: S3Client; signal?: AbortSignal },
): Promise<BackupObjectInfo> {
  assertKeyInPrefix(target, key);
  let head;
  try {
    head = await options.client.send(
      new HeadObjectCommand({ Bucket: target.s3.bucket, Key: key }),
      { abortSignal: options.signal },
    );
  } catch (error) {
    const e = error as {
      name?: string;
      $metadata?: { httpStatusCode?: number };
    };
    if (e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404) {
      throw new NotFoundError(`Backup ${key} does not exist`);
    }
    throw error;
  }
  const metadata = parseBackupMetadata(head.Metadata);
  const lastModified = head.LastModified ?? new Date(0);
  const taken = backupTakenAt({
    key,
    lastModified,
    takenAtMetadata: metadata.takenAt,
  });
  return {
    key,
    sizeBytes: head.ContentLength ?? 0,
    lastModified,
    etag: head.ETag,
    takenAt: taken.takenAt,
    takenAtSource: taken.source,
    metadata,
    serverSideEncryption: head.ServerSideEncryption,
    storageClass: head.StorageClass,
  };
}

/**
 * Finds the newest backup by the time it was taken ({@link backupTakenAt}), never by key order.
 * Lists every page, then reads metadata newest-LastModified first and stops once no older
 * object can be newer (no backup's time is later than its LastModified plus the clock skew).
 * @public
 */
export async function findNewestBackup(
  target: DatabaseTarget,
  options: { client: S3Client; signal?: AbortSignal; pageSize?: number },
): Promise<BackupObjectInfo> {
  const listed = await listBackupObjects(target, options);
  if (listed.length === 0) {
    throw new NotFoundError(
      `No backups found under ${backupPrefixFor(target)} in bucket ${
        target.s3.bucket
      }`,
    );
  }
  listed.sort((a, b) => b.lastModified.getTime() - a.lastModified.getTime());
  let best: BackupObjectInfo | undefined;
  for (const candidate of listed) {
    if (
      best &&
      candidate.lastModified.getTime() + BACKUP_CLOCK_SKEW_MS <
        best.takenAt.getTime()
    ) {
      break;
    }
    const info = await headBackupObject(target, candidate.key, options);
    if (
      !best ||
      info.takenAt.getTime() > best.takenAt.getTime() ||
      (info.takenAt.getTime() === best.takenAt.getTime() &&
        info.lastModified.getTime() > best.lastModified.getTime())
    ) {
      best = info;
    }
  }
  return best!;
}
