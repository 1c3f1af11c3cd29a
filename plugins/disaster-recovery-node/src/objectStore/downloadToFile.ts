import { S3Client } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { OperationAbortedError } from '../operation/errors';
import { getObjectStream } from './s3Download';

/** Result of {@link downloadToFile}. @public */
export interface DownloadResult {
  bytes: number;
  sha256: string;
  /** First bytes of the object (for format detection). */
  head: Buffer;
}

/** Bytes of the object kept for {@link DownloadResult.head} and `onHead`. */
const HEAD_BYTES = 4096;

/** Default range size of {@link downloadToFile}. */
export const DEFAULT_DOWNLOAD_RANGE_BYTES = 32 * 1024 * 1024;

/** Received chunks are written to the file in batches of about this size. */
const WRITE_BATCH_BYTES = 1024 * 1024;

/**
 * One byte range of the object. Its chunks are written to the file as they arrive; the ones
 * received before the hash reaches this range wait in memory (at most one range each).
 */
interface Range {
  index: number;
  start: number;
  length: number;
  received: number;
  /** Chunks received but not yet hashed. */
  pending: Buffer[];
  done: boolean;
}

/**
 * Downloads an object to a new local file (mode 0600) with parallel ranged GETs. Every chunk is
 * written at its offset as soon as it arrives and hashed (SHA-256) in object order while the other
 * ranges are still arriving, so the download costs about one pass over the bytes. `onHead` sees
 * the first bytes before the rest is awaited and may throw to stop early (e.g. wrong format).
 * Memory use is about `concurrency` x `partSizeBytes` in the worst case (ranges that arrive ahead
 * of the hash).
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
  /** Range size (default {@link DEFAULT_DOWNLOAD_RANGE_BYTES}). */
  partSizeBytes?: number;
  onHead?: (head: Buffer) => void;
}): Promise<DownloadResult> {
  const { client, bucket, key, sizeBytes, signal } = options;
  const partSize = options.partSizeBytes ?? DEFAULT_DOWNLOAD_RANGE_BYTES;
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const rangeCount = Math.ceil(sizeBytes / partSize);
  const hash = createHash('sha256');
  const file = await open(options.path, 'wx', 0o600);
  const internal = new AbortController();
  const onOuterAbort = () => internal.abort();
  signal?.addEventListener('abort', onOuterAbort, { once: true });

  let head = Buffer.alloc(0);
  let headSeen = false;
  let hashed = 0;
  let hashRange = 0;
  const ranges: Range[] = [];
  let writes = 0;
  let writeError: Error | undefined;
  let writesDrained: (() => void) | undefined;

  const takeHead = (chunk: Buffer) => {
    if (headSeen) return;
    const need = HEAD_BYTES - head.length;
    head = Buffer.concat([head, chunk.subarray(0, need)]);
    if (head.length >= Math.min(HEAD_BYTES, sizeBytes)) {
      headSeen = true;
      options.onHead?.(head);
    }
  };

  /** Hashes every chunk that is next in object order. */
  const advanceHash = () => {
    while (hashRange < ranges.length) {
      const r = ranges[hashRange];
      for (const c of r.pending) {
        hash.update(c);
        hashed += c.length;
        takeHead(c);
      }
      r.pending = [];
      if (!r.done) return;
      hashRange++;
    }
  };

  /** Writes chunks that follow each other in the object, at `position`, in one call. */
  const write = (chunks: Buffer[], position: number) => {
    writes++;
    const length = chunks.reduce((n, c) => n + c.length, 0);
    file
      .writev(chunks, position)
      .then(
        ({ bytesWritten }) => {
          if (bytesWritten !== length) {
            writeError ??= new Error(
              `short write: ${bytesWritten} of ${length} bytes`,
            );
          }
        },
        error => {
          writeError ??= error;
          internal.abort();
        },
      )
      .finally(() => {
        writes--;
        if (writes === 0) writesDrained?.();
      });
  };

  const fetchRange = async (r: Range) => {
    const body = await getObjectStream({
      client,
      bucket,
      key,
      signal: internal.signal,
      range: { start: r.start, end: r.start + r.length - 1 },
      ifMatch: options.etag,
    });
    // chunks are gathered into writes of WRITE_BATCH_BYTES (fewer system calls)
    let batch: Buffer[] = [];
    let batchBytes = 0;
    let batchAt = r.start;
    for await (const c of body) {
      const chunk = c as Buffer;
      if (r.received + chunk.length > r.length) {
        throw new Error(
          `object grew while downloading (more than ${r.length} bytes in a range)`,
        );
      }
      batch.push(chunk);
      batchBytes += chunk.length;
      r.received += chunk.length;
      if (batchBytes >= WRITE_BATCH_BYTES) {
        write(batch, batchAt);
        batchAt += batchBytes;
        batch = [];
        batchBytes = 0;
      }
      r.pending.push(chunk);
      if (r.index === hashRange) advanceHash();
      if (writeError) throw writeError;
    }
    if (batchBytes > 0) write(batch, batchAt);
    if (r.received !== r.length) {
      throw new Error(`short range read: ${r.received} of ${r.length} bytes`);
    }
    r.done = true;
    if (r.index === hashRange) advanceHash();
  };

  const running = new Set<Promise<void>>();
  let failure: unknown;
  const launch = (r: Range) => {
    const p: Promise<void> = fetchRange(r).then(
      () => {
        running.delete(p);
      },
      error => {
        running.delete(p);
        failure ??= error;
        internal.abort();
      },
    );
    running.add(p);
  };

  try {
    for (let i = 0; i < rangeCount && failure === undefined; i++) {
      if (signal?.aborted) throw new OperationAbortedError();
      // bound memory: never start a range more than `concurrency` ahead of the hash
      while (
        failure === undefined &&
        running.size > 0 &&
        (running.size >= concurrency || i - hashRange >= concurrency)
      ) {
        await Promise.race(running);
      }
      if (failure !== undefined) break;
      const start = i * partSize;
      const r: Range = {
        index: i,
        start,
        length: Math.min(partSize, sizeBytes - start),
        received: 0,
        pending: [],
        done: false,
      };
      ranges.push(r);
      launch(r);
    }
    await Promise.all(running);
    if (writes > 0) {
      await new Promise<void>(resolve => {
        writesDrained = resolve;
      });
    }
    if (failure !== undefined) {
      throw signal?.aborted ? new OperationAbortedError() : failure;
    }
    if (signal?.aborted) throw new OperationAbortedError();
    if (writeError) throw writeError;
    if (hashed !== sizeBytes) {
      throw new Error(`downloaded ${hashed} of ${sizeBytes} bytes`);
    }
    if (!headSeen) {
      headSeen = true;
      options.onHead?.(head);
    }
    return { bytes: hashed, sha256: hash.digest('hex'), head };
  } finally {
    signal?.removeEventListener('abort', onOuterAbort);
    internal.abort();
    if (writes > 0) {
      await new Promise<void>(resolve => {
        writesDrained = resolve;
      });
    }
    await file.close();
  }
}
