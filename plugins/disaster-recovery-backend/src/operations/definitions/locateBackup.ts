import {
  assertKeyInPrefix,
  BackupObjectInfo,
  createS3ClientForTarget,
  DatabaseTarget,
  findNewestBackup,
  headBackupObject,
} from '@dr-portal/backstage-plugin-disaster-recovery-node';

/**
 * Finds the backup an operation will use, read-only: the given key (validated to be inside the
 * target's prefix, then HEAD) or the newest backup by time. NotFoundError when there is none.
 */
export async function locateBackup(
  target: DatabaseTarget,
  key: string | undefined,
  signal?: AbortSignal,
): Promise<BackupObjectInfo> {
  if (key !== undefined) {
    assertKeyInPrefix(target, key);
  }
  const client = createS3ClientForTarget(target.s3);
  try {
    return key
      ? await headBackupObject(target, key, { client, signal })
      : await findNewestBackup(target, { client, signal });
  } finally {
    client.destroy();
  }
}
