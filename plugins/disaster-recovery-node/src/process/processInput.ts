import { Writable } from 'node:stream';

/**
 * Feeds chunks to a process's stdin with backpressure. When the process stops reading (e.g.
 * `pg_restore --list` exits after the table of contents) further writes are dropped quietly.
 * @public
 */
export class ProcessInput {
  private isClosed = false;

  constructor(private readonly stdin: Writable) {
    const markClosed = () => {
      this.isClosed = true;
    };
    stdin.on('error', markClosed);
    stdin.on('close', markClosed);
  }

  /** Whether the process no longer accepts input. */
  get closed(): boolean {
    return this.isClosed || this.stdin.destroyed || this.stdin.writableEnded;
  }

  /** Writes a chunk, resolving once the process can take more (or has stopped reading). */
  write(chunk: Buffer): Promise<void> {
    if (this.closed) {
      return Promise.resolve();
    }
    if (this.stdin.write(chunk)) {
      return Promise.resolve();
    }
    return new Promise(resolve => {
      const done = () => {
        this.stdin.off('drain', done);
        this.stdin.off('close', done);
        this.stdin.off('error', done);
        resolve();
      };
      this.stdin.on('drain', done);
      this.stdin.on('close', done);
      this.stdin.on('error', done);
    });
  }

  /** Ends the input (EOF). */
  end(): void {
    if (!this.closed) {
      this.stdin.end();
    }
  }
}
