import { S3Client } from '@aws-sdk/client-s3';
import {
  backupPrefixFor,
  createS3ClientForTarget,
  DatabaseTarget,
  headBackupObject,
  isBackupObjectKey,
  readPgBackRestInfo,
} from '@dr-portal/backstage-plugin-disaster-recovery-node';
import { NotFoundError } from '@backstage/errors';
import { PgBackRestSource } from './pgbackrestCollector';
import { ReplicationSource } from './replicationCollector';
import { BackupIndexSource } from './s3BackupIndexer';

/** Overrides of how the collectors reach a target's object store (tests, benchmarks). @public */
export interface BackupSourceOptions {
  createClient?: (target: DatabaseTarget) => S3Client;
}

/**
 * The object-store index source of a target: its backup prefix (`<prefix>/<database>/`), the node
 * library's notion of a backup key (no statistics sidecars, no `.partial` uploads) and its HEAD
 * (checksum, taken-at and duration metadata, SSE), and its rule for when a backup was taken
 * (`backupTakenAt`: metadata, else the key's stamp, else LastModified). Its cross-region copy
 * bucket (`s3.copyTo`) is left to the backup operation that fills it.
 */
export function backupIndexSource(
  target: DatabaseTarget,
  options: BackupSourceOptions = {},
): BackupIndexSource {
  const client = (options.createClient ?? (t => createS3ClientForTarget(t.s3)))(
    target,
  );
  return {
    target: target.name,
    client,
    bucket: target.s3.bucket,
    prefix: backupPrefixFor(target),
    region: target.s3.region,
    isBackupKey: isBackupObjectKey,
    copyBuckets: target.s3.copyTo ? [target.s3.copyTo.bucket] : undefined,
    head: async key => {
      try {
        const info = await headBackupObject(target, key, { client });
        return {
          sizeBytes: info.sizeBytes,
          etag: info.etag,
          sha256: info.metadata.sha256,
          serverSideEncryption: info.serverSideEncryption,
          storageClass: info.storageClass,
          dataClass: info.metadata.dataClass,
          takenAt: info.takenAt,
          durationSeconds:
            info.metadata.durationMs !== undefined
              ? info.metadata.durationMs / 1000
              : undefined,
        };
      } catch (error) {
        if (error instanceof NotFoundError) return undefined;
        // A key the node library refuses to act on (outside the prefix, unsafe characters) is
        // not a backup the product can restore.
        if ((error as Error).name === 'InputError') return undefined;
        throw error;
      }
    },
  };
}

/** The pgBackRest source of a target, when it has a stanza. */
export function pgbackrestSource(
  target: DatabaseTarget,
): PgBackRestSource | undefined {
  if (!target.pgbackrest) return undefined;
  return {
    target: target.name,
    stanza: target.pgbackrest.stanza,
    readInfo: () => readPgBackRestInfo(target),
    primary: target.primary,
  };
}

/** The replication source of a target (primary, and standby when configured). */
export function replicationSource(target: DatabaseTarget): ReplicationSource {
  return {
    target: target.name,
    primary: target.primary,
    standby: target.standby,
  };
}
