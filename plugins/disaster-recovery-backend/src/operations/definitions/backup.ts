import { disasterRecoveryBackupCreatePermission } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import {
  backupKeyFor,
  copyBackupToRegion,
  createBackup,
  DatabaseTarget,
  DEFAULT_BACKUP_COMPRESSION_LEVEL,
} from '@dr-portal/backstage-plugin-disaster-recovery-node';
import { OperationDefinition } from '../operationDefinition';
import { OperationParameters } from '../parameters';
import { describeBackupLocation, describeDatabase } from './describeTarget';

interface PreparedBackup {
  target: DatabaseTarget;
  /** Key the backup would get if taken now (the real key is decided when it starts). */
  plannedKey: string;
}

/** Backup: a logical dump streamed to the object store (the `-node` library's `createBackup`). */
export const backupOperation: OperationDefinition<
  OperationParameters['backup'],
  PreparedBackup
> = {
  permission: disasterRecoveryBackupCreatePermission,
  affectsWholeDatabase: false,
  async prepare({ target, now }) {
    return { target, plannedKey: backupKeyFor(target, now) };
  },
  plan({ target, plannedKey }) {
    const db = describeDatabase(target);
    return {
      steps: [
        {
          id: 'snapshot',
          title: 'Open a snapshot of the database',
          detail: db,
        },
        {
          id: 'dump-upload',
          title: `Dump (pg_dump -Fc -Z${DEFAULT_BACKUP_COMPRESSION_LEVEL}) straight into the object store`,
          detail: `multipart upload to ${describeBackupLocation(
            target,
            `${plannedKey}.partial`,
          )}${
            target.s3.sse ? ` with server-side encryption ${target.s3.sse}` : ''
          }, SHA-256 computed on the way`,
        },
        {
          id: 'stats',
          title: 'Store row statistics next to the dump',
          detail: 'row counts per table and per tenant, from the same snapshot',
        },
        {
          id: 'publish',
          title: 'Publish the backup with its checksum',
          detail: describeBackupLocation(target, plannedKey),
        },
        ...(target.s3.copyTo
          ? [
              {
                id: 'copy-region',
                title: `Copy the backup to ${target.s3.copyTo.region}`,
                detail: `server-side copy with its statistics to s3://${target.s3.copyTo.bucket}/${plannedKey}, checked against the source's size and checksum`,
              },
            ]
          : []),
      ],
      wouldNotTouch: [
        `the data of ${describeDatabase(
          target,
        )} (read through a snapshot only)`,
        `existing backups under ${describeBackupLocation(target)}`,
      ],
      resolved: { plannedKey },
    };
  },
  async execute({ target }, { signal, logger, onStep }) {
    const result = await createBackup({ target, signal, logger, onStep });
    const copy = target.s3.copyTo
      ? await copyBackupToRegion({
          target,
          key: result.key,
          signal,
          logger,
          onStep,
        })
      : undefined;
    return {
      output: {
        bucket: result.bucket,
        key: result.key,
        sha256: result.sha256,
        sizeBytes: result.sizeBytes,
        takenAt: result.takenAt,
        compressionLevel: result.compressionLevel,
        serverVersion: result.serverVersion,
        ...(result.statsKey ? { statsKey: result.statsKey } : {}),
        ...(result.serverSideEncryption
          ? { serverSideEncryption: result.serverSideEncryption }
          : {}),
        ...(copy
          ? {
              copies: [
                {
                  bucket: copy.bucket,
                  key: copy.key,
                  region: copy.region,
                  copiedAt: copy.copiedAt,
                },
              ],
            }
          : {}),
      },
      backup: {
        target: target.name,
        bucket: result.bucket,
        key: result.key,
        region: target.s3.region,
        sizeBytes: result.sizeBytes,
        etag: result.etag,
        sha256: result.sha256,
        serverSideEncryption: result.serverSideEncryption,
        takenAt: new Date(result.takenAt),
        lastModified: new Date(),
        durationSeconds: Math.round(result.durationMs / 100) / 10,
      },
      // The copy holds the same point in time: it is indexed as a backup stored in its region.
      copies: copy
        ? [
            {
              target: target.name,
              bucket: copy.bucket,
              key: copy.key,
              region: copy.region,
              sizeBytes: copy.sizeBytes,
              etag: copy.etag,
              sha256: copy.sha256 ?? result.sha256,
              serverSideEncryption: copy.serverSideEncryption,
              takenAt: new Date(result.takenAt),
              lastModified: new Date(copy.copiedAt),
            },
          ]
        : undefined,
    };
  },
};
