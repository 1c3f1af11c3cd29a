import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import {
  DetectedFormat,
  detectDumpFormat,
  FORMAT_SNIFF_BYTES,
} from './dumpFormat';
import { isAbortError } from '../operation/errors';
import { pgProgram } from '../postgres/pgTools';
import { ProcessInput } from '../process/processInput';
import { RunningProcess, spawnProcess } from '../process/processRunner';
import { DumpToc, parseTocList } from './toc';
import { DrLogger } from '../operation/types';

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

/** How much of a dump is held in memory while `pg_restore --list` reads its table of contents. */
const MAX_TOC_BUFFER_BYTES = 256 * 1024 * 1024;

/**
 * Reads a dump body once: hashes every byte (SHA-256), optionally copies it to a private file,
 * sniffs the format, feeds the start to `pg_restore --list` until it has the table of contents,
 * then asks `afterToc` for a process to feed everything (from byte 0) to — or stops reading when
 * the format, the TOC or `afterToc` say so. Backpressure is honoured all the way.
 * @public
 */
export async function streamDump(options: {
  body: Readable;
  pgBinDir?: string;
  signal?: AbortSignal;
  secrets: readonly string[];
  logger: DrLogger;
  /** Also write every byte to this new file (mode 0600). */
  file?: string;
  /** Called once the format is known (before anything else is started). */
  onFormat?(format: DetectedFormat): void;
  /** Called after every write to `file`, with the bytes now in it. */
  onWrite?(bytes: number): void;
  /**
   * Called once the TOC is known (format is custom); returns where to send the whole dump,
   * `'continue'` to keep reading (hash, file) without a consumer, or undefined to stop.
   */
  afterToc(toc: DumpToc): Promise<ProcessInput | 'continue' | undefined>;
}): Promise<StreamDumpResult> {
  const { body, signal, secrets, logger } = options;
  const hash = createHash('sha256');
  let bytes = 0;
  let head: Buffer[] = [];
  let headLen = 0;
  let format: DetectedFormat = 'empty';
  let toc: DumpToc | undefined;
  let tocError: string | undefined;
  let phase = 'sniff' as 'sniff' | 'toc' | 'consume' | 'stopped';
  let list: RunningProcess | undefined;
  let listInput: ProcessInput | undefined;
  const listOut: Buffer[] = [];
  let consumer: ProcessInput | undefined;
  let buffered: Buffer[] = [];
  let bufferedLen = 0;
  // awaited positional writes: once a write resolves its bytes are in the file for readers
  const fh = options.file ? await open(options.file, 'wx', 0o600) : undefined;

  const startList = async (first: Buffer) => {
    list = spawnProcess({
      command: pgProgram(options.pgBinDir, 'pg_restore'),
      args: ['--list'],
      stdin: 'pipe',
      stdout: 'pipe',
      signal,
      secrets,
      logger,
    });
    list.stdout!.on('data', (c: Buffer) => listOut.push(c));
    listInput = new ProcessInput(list.stdin!);
    buffered = [first];
    bufferedLen = first.length;
    await listInput.write(first);
  };

  /** Ends the TOC phase; returns false when reading should stop. */
  const finishToc = async (): Promise<boolean> => {
    listInput!.end();
    try {
      await list!.done;
    } catch (error) {
      if (isAbortError(error)) throw error;
      tocError = (error as Error).message;
      return false;
    }
    toc = parseTocList(Buffer.concat(listOut).toString('utf8'));
    const next = await options.afterToc(toc);
    if (!next) {
      return false;
    }
    if (next !== 'continue') {
      consumer = next;
      for (const b of buffered) {
        await consumer.write(b);
      }
    }
    buffered = [];
    return true;
  };

  try {
    for await (const raw of body) {
      const chunk = raw as Buffer;
      hash.update(chunk);
      bytes += chunk.length;
      if (fh) {
        let done = 0;
        while (done < chunk.length) {
          const { bytesWritten } = await fh.write(
            chunk,
            done,
            chunk.length - done,
            bytes - chunk.length + done,
          );
          done += bytesWritten;
        }
        options.onWrite?.(bytes);
      }
      if (phase === 'sniff') {
        head.push(chunk);
        headLen += chunk.length;
        if (headLen < FORMAT_SNIFF_BYTES) continue;
        const all = Buffer.concat(head);
        head = [];
        format = detectDumpFormat(all);
        options.onFormat?.(format);
        if (format !== 'custom') {
          phase = 'stopped';
          break;
        }
        await startList(all);
        phase = 'toc';
      } else if (phase === 'toc') {
        buffered.push(chunk);
        bufferedLen += chunk.length;
        await listInput!.write(chunk);
      } else if (phase === 'consume' && consumer) {
        await consumer.write(chunk);
      }
      if (
        phase === 'toc' &&
        (listInput!.closed || bufferedLen > MAX_TOC_BUFFER_BYTES)
      ) {
        if (!(await finishToc())) {
          phase = 'stopped';
          break;
        }
        phase = 'consume';
      }
    }
    if (phase === 'sniff') {
      const all = Buffer.concat(head);
      format = detectDumpFormat(all);
      options.onFormat?.(format);
      if (format === 'custom') {
        await startList(all);
        phase = 'toc';
      } else {
        phase = 'stopped';
      }
    }
    if (phase === 'toc') {
      phase = (await finishToc()) ? 'consume' : 'stopped';
    }
    if (phase === 'stopped') {
      body.destroy();
      return { bytes, format, toc, tocError, consumed: false };
    }
    consumer?.end();
    return {
      bytes,
      sha256: hash.digest('hex'),
      format,
      toc,
      tocError,
      consumed: true,
    };
  } finally {
    await fh?.close();
    list?.kill();
  }
}
