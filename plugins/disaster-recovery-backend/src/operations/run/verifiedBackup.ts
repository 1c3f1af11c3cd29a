import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  BackupObjectInfo,
  createS3ClientForTarget,
  DatabaseTarget,
  headBackupObject,
} from '@dr-portal/backstage-plugin-disaster-recovery-node';
import { BackupStore } from '../../database/BackupStore';

/** The object a verification read: where it is, and the ETag it had when it was located. */
export interface VerifiedObject {
  target: string;
  bucket: string;
  key: string;
  etag?: string;
}

/** Reads an object's current state; undefined when it does not exist any more. */
export type HeadBackup = (key: string) => Promise<BackupObjectInfo | undefined>;

/** HEADs a backup object of a target now; undefined when the store answers that it is gone. */
export function headBackupOf(target: DatabaseTarget): HeadBackup {
  return async key => {
    const client = createS3ClientForTarget(target.s3);
    try {
      return await headBackupObject(target, key, { client });
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  };
}

/**
 * The id of the backup row a verification is evidence for, checked when the verification is
 * recorded: the object must still answer HEAD with the ETag it was verified with (ConflictError
 * when it is gone or was replaced: a verification of an object that is gone is not evidence). A
 * backup the indexer has not listed yet, or wrongly marked deleted, is indexed from that HEAD.
 */
export async function verifiedBackupId(
  backups: Pick<BackupStore, 'findBackup' | 'upsertBackups'>,
  object: VerifiedObject,
  head: HeadBackup,
): Promise<string> {
  const current = await head(object.key);
  if (!current) {
    throw new ConflictError(
      `backup ${object.key} was deleted before its verification was recorded; a verification of a deleted backup is not evidence`,
    );
  }
  if (object.etag && current.etag && current.etag !== object.etag) {
    throw new ConflictError(
      `backup ${object.key} was replaced after it was verified (ETag ${current.etag}, verified ${object.etag}); the verification is not evidence for the new object`,
    );
  }
  const row = await backups.findBackup(object.bucket, object.key);
  if (row && !row.deletedAt) {
    return row.id;
  }
  await backups.upsertBackups([
    {
      target: object.target,
      bucket: object.bucket,
      key: object.key,
      sizeBytes: current.sizeBytes,
      etag: current.etag,
      sha256: current.metadata.sha256,
      serverSideEncryption: current.serverSideEncryption,
      takenAt: current.takenAt,
      lastModified: current.lastModified,
    },
  ]);
  const indexed = await backups.findBackup(object.bucket, object.key);
  if (!indexed) {
    throw new Error(`backup ${object.key} could not be indexed`);
  }
  return indexed.id;
}
