import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';

/** Opens a GET of an object (optionally a byte range) as a Node stream; an abort destroys it. @public */
export async function getObjectStream(options: {
  client: S3Client;
  bucket: string;
  key: string;
  signal?: AbortSignal;
  /** Inclusive byte range. */
  range?: { start: number; end: number };
  /** Fails (412) if the object's ETag changed. */
  ifMatch?: string;
}): Promise<Readable> {
  const res = await options.client.send(
    new GetObjectCommand({
      Bucket: options.bucket,
      Key: options.key,
      Range: options.range
        ? `bytes=${options.range.start}-${options.range.end}`
        : undefined,
      IfMatch: options.ifMatch,
    }),
    { abortSignal: options.signal },
  );
  const body = res.Body as Readable | undefined;
  if (!body) {
    return Readable.from([]);
  }
  if (options.signal) {
    const signal = options.signal;
    const onAbort = () => body.destroy(new Error('aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    body.once('close', () => signal.removeEventListener('abort', onAbort));
  }
  return body;
}
