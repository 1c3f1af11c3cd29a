import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { InputError } from '@backstage/errors';
import { assertKeyInPrefix, statsKeyFor } from './backupKey';
import { parseBackupMetadata } from './backupMetadata';
import { copyObjectWithMetadata } from '../objectStore/copyObject';
import { isAbortError, OperationAbortedError } from '../operation/errors';
import { createS3ClientForTarget } from '../objectStore/s3Client';
import { scrubSecrets } from '../process/scrubSecrets';
import { StepRunner } from '../operation/steps';
import {
  DatabaseTarget,
  TargetObjectStore,
  targetSecrets,
} from '../target/target';
import { OperationOptions, silentLogger } from '../operation/types';
import { validateTarget } from '../target/validateTarget';

/** Input of {@link copyBackupToRegion}. @public */
export interface CopyBackupToRegionOptions extends OperationOptions {
  /** The target; its `s3.copyTo` says where the copy goes. */
  target: DatabaseTarget;
  /** Key of a published backup in the target's bucket. */
  key: string;
  /** Client for the source bucket (default: one made from the target). */
  sourceClient?: S3Client;
  /** Client for the copy's region (default: one made from the target with the copy's region). */
  destinationClient?: S3Client;
}

/** A backup copied to another region, as the copy's store reports it. @public */
export interface BackupCopyResult {
  /** Bucket and key of the copy (the key is the source's). */
  bucket: string;
  key: string;
  region: string;
  sizeBytes: number;
  etag?: string;
  /** SHA-256 of the dump, from the copy's metadata (the source's, carried over). */
  sha256?: string;
  /** When the backup was taken (the copy holds the same point in time), from its metadata. */
  takenAt?: string;
  /** Server-side encryption the copy's store reports. */
  serverSideEncryption?: string;
  /** Key of the statistics sidecar, copied too when the backup has one. */
  statsKey?: string;
  /** When the copy was finished (ISO 8601). */
  copiedAt: string;
  durationMs: number;
}

function copyStore(s3: TargetObjectStore): TargetObjectStore {
  const copyTo = s3.copyTo!;
  return {
    ...s3,
    bucket: copyTo.bucket,
    region: copyTo.region,
    sse: copyTo.sse ?? s3.sse,
    sseKmsKeyId: copyTo.sse ? copyTo.sseKmsKeyId : s3.sseKmsKeyId,
    copyTo: undefined,
  };
}

function notFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NotFound' || e?.$metadata?.httpStatusCode === 404;
}

/**
 * Copies a published backup (and its statistics sidecar) server-side to the target's cross-region
 * bucket (`s3.copyTo`), under the same key and with the same metadata (checksum, time taken), then
 * reads the copy back and checks that its size and checksum are the source's. The copy's region
 * store is addressed with its own region. Throws an InputError when the target has no `copyTo`.
 * @public
 */
export async function copyBackupToRegion(
  options: CopyBackupToRegionOptions,
): Promise<BackupCopyResult> {
  const target = validateTarget(options.target);
  if (!target.s3.copyTo) {
    throw new InputError(
      `Target ${target.name} has no cross-region copy bucket (s3.copyTo)`,
    );
  }
  const key = assertKeyInPrefix(target, options.key);
  const destination = copyStore(target.s3);
  const secrets = targetSecrets(target);
  const logger = options.logger ?? silentLogger;
  const source = options.sourceClient ?? createS3ClientForTarget(target.s3);
  const client =
    options.destinationClient ?? createS3ClientForTarget(destination);
  const steps = new StepRunner({
    logger,
    onStep: options.onStep,
    signal: options.signal,
    secrets,
  });
  const sse = destination.sse
    ? {
        ServerSideEncryption: destination.sse,
        SSEKMSKeyId:
          destination.sse === 'aws:kms' ? destination.sseKmsKeyId : undefined,
      }
    : undefined;
  const started = Date.now();
  try {
    return await steps.run(
      'copy-region',
      `Copy ${key} to ${destination.region}`,
      async setDetail => {
        const copyOne = async (k: string) => {
          const head = await source.send(
            new HeadObjectCommand({ Bucket: target.s3.bucket, Key: k }),
            { abortSignal: options.signal },
          );
          await copyObjectWithMetadata({
            client,
            sourceBucket: target.s3.bucket,
            bucket: destination.bucket,
            sourceKey: k,
            destinationKey: k,
            sizeBytes: head.ContentLength ?? 0,
            metadata: head.Metadata ?? {},
            contentType: head.ContentType,
            sse,
            signal: options.signal,
          });
          const copy = await client.send(
            new HeadObjectCommand({ Bucket: destination.bucket, Key: k }),
            { abortSignal: options.signal },
          );
          const want = parseBackupMetadata(head.Metadata).sha256;
          const got = parseBackupMetadata(copy.Metadata).sha256;
          if (copy.ContentLength !== head.ContentLength || want !== got) {
            throw new Error(
              `The copy of ${k} in ${destination.bucket} does not match the source (size ${copy.ContentLength} against ${head.ContentLength}, checksum ${got} against ${want})`,
            );
          }
          return copy;
        };
        const copy = await copyOne(key);
        const statsKey = statsKeyFor(key);
        let copiedStats: string | undefined;
        try {
          await copyOne(statsKey);
          copiedStats = statsKey;
        } catch (error) {
          // A backup taken without statistics has no sidecar; anything else is a failure.
          if (!notFound(error)) throw error;
        }
        const meta = parseBackupMetadata(copy.Metadata);
        setDetail(
          `s3://${destination.bucket}/${key} in ${destination.region}, ${
            copy.ContentLength
          } bytes${copiedStats ? ' and its statistics' : ''}`,
        );
        return {
          bucket: destination.bucket,
          key,
          region: destination.region,
          sizeBytes: copy.ContentLength ?? 0,
          etag: copy.ETag,
          sha256: meta.sha256,
          takenAt: meta.takenAt,
          serverSideEncryption: copy.ServerSideEncryption,
          statsKey: copiedStats,
          copiedAt: new Date().toISOString(),
          durationMs: Date.now() - started,
        };
      },
    );
  } catch (error) {
    if (isAbortError(error) || options.signal?.aborted) {
      throw new OperationAbortedError(
        `Copy of ${key} to ${destination.region} was aborted`,
      );
    }
    const e = error as Error;
    e.message = scrubSecrets(e.message ?? String(error), secrets);
    throw e;
  }
}
