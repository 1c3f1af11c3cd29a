import { createHash } from 'node:crypto';
import { Transform, TransformCallback } from 'node:stream';

/** A pass-through stream that computes the SHA-256 and size of what flows through and keeps its first bytes. @public */
export class HashingStream extends Transform {
  private readonly hash = createHash('sha256');
  private headChunks: Buffer[] = [];
  private headSize = 0;
  private digestHex?: string;
  /** Bytes seen so far. */
  bytes = 0;

  constructor(private readonly headBytes = 512) {
    super();
  }

  _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback) {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    if (this.headSize < this.headBytes) {
      const part = chunk.subarray(0, this.headBytes - this.headSize);
      this.headChunks.push(Buffer.from(part));
      this.headSize += part.length;
    }
    cb(null, chunk);
  }

  _flush(cb: TransformCallback) {
    this.digestHex = this.hash.digest('hex');
    cb();
  }

  /** The first bytes seen (up to `headBytes`). */
  head(): Buffer {
    return Buffer.concat(this.headChunks);
  }

  /** Hex SHA-256 of everything, available once the stream has ended. */
  sha256(): string {
    if (!this.digestHex) {
      throw new Error('SHA-256 is not available before the stream ended');
    }
    return this.digestHex;
  }
}
