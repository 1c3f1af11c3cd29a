import { S3Client } from '@aws-sdk/client-s3';
import { TargetObjectStore } from '../target/target';

/**
 * Creates an S3 client for a target's object store. Checksums are only computed when an API
 * requires them (`WHEN_REQUIRED`): S3-compatible stores mishandle the SDK's default streaming
 * checksums, and the operations compute their own SHA-256 over every dump. Uploads are signed
 * with an unsigned payload (`UNSIGNED-PAYLOAD`), which S3 accepts.
 * @public
 */
export function createS3ClientForTarget(s3: TargetObjectStore): S3Client {
  const client = new S3Client({
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
  // Dump parts are not hashed a second time for the request signature: the operations keep
  // their own SHA-256 of the whole dump (checked on every verify and restore), and TLS protects
  // the transport. This saves one full pass of SHA-256 over every byte uploaded.
  client.middlewareStack.add(
    (next, context) => async args => {
      const request = args.request as { headers?: Record<string, string> };
      if (
        request.headers &&
        (context.commandName === 'UploadPartCommand' ||
          context.commandName === 'PutObjectCommand')
      ) {
        request.headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD';
      }
      return next(args);
    },
    { step: 'build', name: 'drUnsignedPayload' },
  );
  return client;
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
