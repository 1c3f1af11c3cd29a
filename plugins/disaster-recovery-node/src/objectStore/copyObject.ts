import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  S3Client,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';

/** Largest object a single CopyObject may copy (S3 limit). @public */
export const MAX_SINGLE_COPY_BYTES = 5 * 1024 * 1024 * 1024;

/** Options of {@link copyObjectWithMetadata}. @public */
export interface CopyObjectWithMetadataOptions {
  client: S3Client;
  /** Destination bucket (and the source bucket unless `sourceBucket` is given). */
  bucket: string;
  /** Bucket to copy from (default: `bucket`), e.g. for a copy to another region. */
  sourceBucket?: string;
  sourceKey: string;
  destinationKey: string;
  sizeBytes: number;
  /** The destination's complete user metadata (replaces the source's). */
  metadata: Record<string, string>;
  contentType?: string;
  sse?: { ServerSideEncryption?: 'AES256' | 'aws:kms'; SSEKMSKeyId?: string };
  signal?: AbortSignal;
  /** Objects above this size are copied part by part (default 5 GiB, the S3 limit of CopyObject). */
  multipartThresholdBytes?: number;
  /** Part size of a multipart copy (default 512 MiB). */
  partSizeBytes?: number;
  /** Parts copied at once (default 4). */
  concurrency?: number;
}

function copySource(bucket: string, key: string): string {
  return `${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
}

/**
 * Server-side copy of an object with new metadata (the way to attach a checksum that is only known
 * after a streamed upload). Uses UploadPartCopy above the single-copy limit. Returns the new ETag.
 * @public
 */
export async function copyObjectWithMetadata(
  options: CopyObjectWithMetadataOptions,
): Promise<string | undefined> {
  const {
    client,
    bucket,
    sourceKey,
    destinationKey,
    sizeBytes,
    metadata,
    signal,
  } = options;
  const threshold = Math.min(
    options.multipartThresholdBytes ?? MAX_SINGLE_COPY_BYTES,
    MAX_SINGLE_COPY_BYTES,
  );
  const contentType = options.contentType ?? 'application/octet-stream';
  const from = options.sourceBucket ?? bucket;
  if (sizeBytes <= threshold) {
    const res = await client.send(
      new CopyObjectCommand({
        Bucket: bucket,
        Key: destinationKey,
        CopySource: copySource(from, sourceKey),
        MetadataDirective: 'REPLACE',
        Metadata: metadata,
        ContentType: contentType,
        ...options.sse,
      }),
      { abortSignal: signal },
    );
    return res.CopyObjectResult?.ETag;
  }
  const partSize = Math.max(
    options.partSizeBytes ?? 512 * 1024 * 1024,
    5 * 1024 * 1024,
    Math.ceil(sizeBytes / 10_000),
  );
  const created = await client.send(
    new CreateMultipartUploadCommand({
      Bucket: bucket,
      Key: destinationKey,
      Metadata: metadata,
      ContentType: contentType,
      ...options.sse,
    }),
    { abortSignal: signal },
  );
  const uploadId = created.UploadId!;
  try {
    const ranges: Array<{ partNumber: number; start: number; end: number }> =
      [];
    for (let start = 0, n = 1; start < sizeBytes; start += partSize, n++) {
      ranges.push({
        partNumber: n,
        start,
        end: Math.min(start + partSize, sizeBytes) - 1,
      });
    }
    const parts: Array<{ PartNumber: number; ETag?: string }> = [];
    let next = 0;
    const worker = async () => {
      while (next < ranges.length) {
        const r = ranges[next++];
        const res = await client.send(
          new UploadPartCopyCommand({
            Bucket: bucket,
            Key: destinationKey,
            UploadId: uploadId,
            PartNumber: r.partNumber,
            CopySource: copySource(from, sourceKey),
            CopySourceRange: `bytes=${r.start}-${r.end}`,
          }),
          { abortSignal: signal },
        );
        parts.push({
          PartNumber: r.partNumber,
          ETag: res.CopyPartResult?.ETag,
        });
      }
    };
    await Promise.all(
      Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker),
    );
    parts.sort((a, b) => a.PartNumber - b.PartNumber);
    const done = await client.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: destinationKey,
        UploadId: uploadId,
        MultipartUpload: { Parts: parts },
      }),
      { abortSignal: signal },
    );
    return done.ETag;
  } catch (error) {
    await client
      .send(
        new AbortMultipartUploadCommand({
          Bucket: bucket,
          Key: destinationKey,
          UploadId: uploadId,
        }),
      )
      .catch(() => {});
    throw error;
  }
}
