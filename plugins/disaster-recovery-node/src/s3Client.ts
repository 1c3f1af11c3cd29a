import { S3Client } from '@aws-sdk/client-s3';
import { TargetObjectStore } from './target';

/**
 * Creates an S3 client for a target's object store. Checksums are only computed when an API
 * requires them (`WHEN_REQUIRED`): S3-compatible stores mishandle the SDK's default streaming
 * checksums, and the operations compute their own SHA-256 over every dump.
 * @public
 */
export function createS3ClientForTarget(s3: TargetObjectStore): S3Client {
  return new S3Client({
    region: s3.region,
    endpoint: s3.endpoint,
    forcePathStyle: s3.forcePathStyle ?? Boolean(s3.endpoint),
    credentials:
      s3.accessKeyId && s3.secretAccessKey
        ? { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey }
        : undefined,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** Server-side encryption parameters for a put/copy/create-multipart request. @public */
export function sseParams(s3: TargetObjectStore): {
  ServerSideEncryption?: 'AES256' | 'aws:kms';
  SSEKMSKeyId?: string;
} {
  if (!s3.sse) {
    return {};
  }
  return {
    ServerSideEncryption: s3.sse,
    SSEKMSKeyId: s3.sse === 'aws:kms' ? s3.sseKmsKeyId : undefined,
  };
}
