import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { isAbortError } from '../operation/errors';
import { DrLogger } from '../operation/types';
import { pgProgram } from '../postgres/pgTools';
import { ProcessInput } from '../process/processInput';
import { RunningProcess, spawnProcess } from '../process/processRunner';
import {
  DetectedFormat,
  detectDumpFormat,
  FORMAT_SNIFF_BYTES,
} from './dumpFormat';
import { DumpToc, parseTocList } from './toc';

/** What {@link streamDump} saw of a dump. @public */
export interface StreamDumpResult {
  /** Bytes read from the body. */
  bytes: number;
  /** SHA-256 of the whole body; undefined when reading stopped early. */
  sha256?: string;
  /** Format from the first bytes. */
  format: DetectedFormat;
  /** Table of contents, when `pg_restore --list` could read it. */
  toc?: DumpToc;
  /** Why `pg_restore --list` failed, if it did. */
  tocError?: string;
  /** Whether the rest of the stream went to the consumer returned by `afterToc`. */
  consumed: boolean;
}

/** Options of {@link streamDump}. @public */
export interface StreamDumpOptions {
  body: Readable;
  pgBinDir?: string;
  signal?: AbortSignal;
  secrets: readonly string[];
  logger: DrLogger;
  /** Called once the format is known (before anything else is started). */
  onFormat?(format: DetectedFormat): void;
  /**
   * Called once the TOC is known (format is custom); returns where to send the whole dump,
   * `'continue'` to keep reading (hash) without a consumer, or undefined to stop.
   */
  afterToc(toc: DumpToc): Promise<ProcessInput | 'continue' | undefined>;
}

/** How much of a dump is held in memory while `pg_restore --list` reads its table of contents. */
const MAX_TOC_BUFFER_BYTES = 256 * 1024 * 1024;

type Phase = 'sniff' | 'toc' | 'consume' | 'stopped';

/** The state of one pass over a dump, one small method per phase. */
class DumpStream {
  private readonly hash = createHash('sha256');
  private bytes = 0;
  private phase: Phase = 'sniff';
  private head: Buffer[] = [];
  private headLen = 0;
  private format: DetectedFormat = 'empty';
  private toc?: DumpToc;
  private tocError?: string;
  private list?: RunningProcess;
  private listInput?: ProcessInput;
  private readonly listOut: Buffer[] = [];
  /** Everything read since the start, kept until a consumer takes it from byte 0. */
  private buffered: Buffer[] = [];
  private bufferedLen = 0;
  private consumer?: ProcessInput;

  constructor(private readonly options: StreamDumpOptions) {}

  async run(): Promise<StreamDumpResult> {
    try {
      for await (const chunk of this.options.body) {
        await this.take(chunk as Buffer);
        if (this.phase === 'stopped') break;
      }
      await this.endOfBody();
      return this.result();
    } finally {
      this.list?.kill();
    }
  }

  /** One chunk: hash it, then hand it to the current phase. */
  private async take(chunk: Buffer): Promise<void> {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    if (this.phase === 'sniff') {
      await this.sniff(chunk);
    } else if (this.phase === 'toc') {
      await this.feedList(chunk);
    } else if (this.phase === 'consume') {
      await this.consumer?.write(chunk);
    }
    if (this.phase === 'toc' && this.tocComplete()) {
      await this.finishToc();
    }
  }

  /** Collects the first bytes until the format can be told. */
  private async sniff(chunk: Buffer): Promise<void> {
    this.head.push(chunk);
    this.headLen += chunk.length;
    if (this.headLen >= FORMAT_SNIFF_BYTES) {
      await this.detectFormat();
    }
  }

  /** Tells the format from the first bytes; a custom archive goes on to `pg_restore --list`. */
  private async detectFormat(): Promise<void> {
    const first = Buffer.concat(this.head);
    this.head = [];
    this.format = detectDumpFormat(first);
    this.options.onFormat?.(this.format);
    if (this.format !== 'custom') {
      this.phase = 'stopped';
      return;
    }
    this.startList();
    this.phase = 'toc';
    await this.feedList(first);
  }

  private startList(): void {
    const { pgBinDir, signal, secrets, logger } = this.options;
    this.list = spawnProcess({
      command: pgProgram(pgBinDir, 'pg_restore'),
      args: ['--list'],
      stdin: 'pipe',
      stdout: 'pipe',
      signal,
      secrets,
      logger,
    });
    this.list.stdout!.on('data', (c: Buffer) => this.listOut.push(c));
    this.listInput = new ProcessInput(this.list.stdin!);
  }

  private async feedList(chunk: Buffer): Promise<void> {
    this.buffered.push(chunk);
    this.bufferedLen += chunk.length;
    await this.listInput!.write(chunk);
  }

  /** `pg_restore --list` stops reading once it has the TOC (or the buffer limit is reached). */
  private tocComplete(): boolean {
    return this.listInput!.closed || this.bufferedLen > MAX_TOC_BUFFER_BYTES;
  }

  /** Ends the TOC phase: parse it, ask `afterToc` where the dump goes, replay what was read. */
  private async finishToc(): Promise<void> {
    this.listInput!.end();
    try {
      await this.list!.done;
    } catch (error) {
      if (isAbortError(error)) throw error;
      this.tocError = (error as Error).message;
      this.phase = 'stopped';
      return;
    }
    this.toc = parseTocList(Buffer.concat(this.listOut).toString('utf8'));
    const next = await this.options.afterToc(this.toc);
    if (!next) {
      this.phase = 'stopped';
      return;
    }
    if (next !== 'continue') {
      this.consumer = next;
      for (const b of this.buffered) {
        await next.write(b);
      }
    }
    this.buffered = [];
    this.phase = 'consume';
  }

  /** The body ended: finish a format or TOC that was still waiting for more bytes. */
  private async endOfBody(): Promise<void> {
    if (this.phase === 'sniff') {
      await this.detectFormat();
    }
    if (this.phase === 'toc') {
      await this.finishToc();
    }
  }

  private result(): StreamDumpResult {
    const { bytes, format, toc, tocError } = this;
    if (this.phase === 'stopped') {
      this.options.body.destroy();
      return { bytes, format, toc, tocError, consumed: false };
    }
    this.consumer?.end();
    const sha256 = this.hash.digest('hex');
    return { bytes, sha256, format, toc, tocError, consumed: true };
  }
}

/**
 * Reads a dump body once: hashes every byte (SHA-256), sniffs the format, feeds the start to
 * `pg_restore --list` until it has the table of contents, then asks `afterToc` for a process to
 * feed everything (from byte 0) to — or stops reading when the format, the TOC or `afterToc` say
 * so. Backpressure is honoured all the way.
 * @public
 */
export async function streamDump(
  options: StreamDumpOptions,
): Promise<StreamDumpResult> {
  return new DumpStream(options).run();
}
