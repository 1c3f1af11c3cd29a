import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';

/**
 * A file that is still being written (a download in progress), which readers can follow from
 * the start: a reader that catches up with the writer waits for more instead of seeing EOF,
 * and ends only once the writer said the file is complete.
 * @public
 */
export class GrowingFile {
  private written = 0;
  private complete = false;
  private failure?: Error;
  private waiters: Array<() => void> = [];

  constructor(readonly path: string) {}

  /** Bytes known to be on disk. */
  get size(): number {
    return this.written;
  }

  /** The writer reports bytes that are now on disk. */
  grew(totalBytes: number): void {
    this.written = totalBytes;
    this.wake();
  }

  /** The writer is done: readers end at the current size. */
  finish(): void {
    this.complete = true;
    this.wake();
  }

  /** The writer failed: readers fail too. */
  fail(error: Error): void {
    this.failure = error;
    this.wake();
  }

  private wake() {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private waitForMore(position: number): Promise<void> {
    if (position < this.written || this.complete || this.failure) {
      return Promise.resolve();
    }
    return new Promise(resolve => this.waiters.push(resolve));
  }

  /** A stream of the file from byte 0 that follows the writer to the end. */
  follow(chunkSize = 256 * 1024): Readable {
    let position = 0;
    let handle: Awaited<ReturnType<typeof open>> | undefined;
    const close = () => {
      const h = handle;
      handle = undefined;
      return h?.close().catch(() => {});
    };
    const pump = async (stream: Readable) => {
      try {
        for (;;) {
          await this.waitForMore(position);
          if (this.failure) throw this.failure;
          if (position < this.written) break;
          if (this.complete) {
            await close();
            stream.push(null);
            return;
          }
        }
        handle ??= await open(this.path, 'r');
        const length = Math.min(chunkSize, this.written - position);
        const buffer = Buffer.allocUnsafe(length);
        const { bytesRead } = await handle.read(buffer, 0, length, position);
        position += bytesRead;
        stream.push(
          bytesRead === length ? buffer : buffer.subarray(0, bytesRead),
        );
      } catch (error) {
        await close();
        stream.destroy(error as Error);
      }
    };
    return new Readable({
      read() {
        pump(this);
      },
      destroy(error, callback) {
        close();
        callback(error);
      },
    });
  }
}
