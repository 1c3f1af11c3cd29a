import { S3Client } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { OperationAbortedError } from './errors';
import { getObjectStream } from './s3Download';

/** Result of {@link downloadToFile}. @public */
export interface DownloadResult {
  bytes: number;
  sha256: string;
  /** First bytes of the object (for format detection). */
  head: Buffer;
}

async function readAll(
  stream: AsyncIterable<unknown>,
  expected: number,
): Promise<Buffer> {
  const out = Buffer.allocUnsafe(expected);
  let at = 0;
  for await (const c of stream) {
    const chunk = c as Buffer;
    if (at + chunk.length > expected) {
      throw new Error(
        `object grew while downloading (more than ${expected} bytes in a range)`,
      );
    }
    chunk.copy(out, at);
    at += chunk.length;
  }
  if (at !== expected) {
    throw new Error(`short range read: ${at} of ${expected} bytes`);
  }
  return out;
}

/**
 * Downloads an object to a local file (mode 0600) with parallel ranged GETs, hashing the bytes in
 * order as they are written (SHA-256). `onHead` sees the first part before the rest is fetched and
 * may throw to stop early (e.g. wrong format).
 * @public
 */
export async function downloadToFile(options: {
  client: S3Client;
  bucket: string;
  key: string;
  sizeBytes: number;
  /** ETag the object must still have (guards against a concurrent overwrite between ranges). */
  etag?: string;
  path: string;
  signal?: AbortSignal;
  /** Parallel range requests (default 4). */
  concurrency?: number;
  /** Range size (default 16 MiB). */
  partSizeBytes?: number;
  onHead?: (head: Buffer) => void;
}): Promise<DownloadResult> {
  const { client, bucket, key, sizeBytes, signal } = options;
  const partSize = options.partSizeBytes ?? 16 * 1024 * 1024;
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const parts = Math.max(1, Math.ceil(sizeBytes / partSize));
  const hash = createHash('sha256');
  const file = await open(options.path, 'wx', 0o600);
  let head = Buffer.alloc(0);
  try {
    const results = new Map<number, Promise<Buffer>>();
    const fetchPart = (i: number): Promise<Buffer> => {
      const start = i * partSize;
      const end = Math.min(start + partSize, sizeBytes) - 1;
      if (sizeBytes === 0) {
        return Promise.resolve(Buffer.alloc(0));
      }
      return getObjectStream({
        client,
        bucket,
        key,
        signal,
        range: { start, end },
        ifMatch: options.etag,
      }).then(s => readAll(s, end - start + 1));
    };
    let next = 0;
    let written = 0;
    const launch = () => {
      while (
        next < parts &&
        results.size < concurrency * 2 &&
        next - written < concurrency * 2
      ) {
        const p = fetchPart(next);
        p.catch(() => {});
        results.set(next, p);
        next++;
      }
    };
    let bytes = 0;
    while (written < parts) {
      if (signal?.aborted) {
        throw new OperationAbortedError();
      }
      launch();
      const buf = await results.get(written)!;
      results.delete(written);
      if (written === 0) {
        head = Buffer.from(buf.subarray(0, 4096));
        options.onHead?.(head);
      }
      hash.update(buf);
      await file.write(buf, 0, buf.length, bytes);
      bytes += buf.length;
      written++;
    }
    return { bytes, sha256: hash.digest('hex'), head };
  } finally {
    await file.close();
  }
}
