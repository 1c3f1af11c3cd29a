import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  LoadedBackupStats,
  loadBackupStats,
} from '../backup/backupStatsObject';
import { BackupObjectInfo } from '../backup/listBackups';
import { downloadToFile } from '../objectStore/downloadToFile';
import { isAbortError } from '../operation/errors';
import { OperationContext } from '../operation/runOperation';
import { pgProgram } from '../postgres/pgTools';
import { BackupStats } from '../postgres/tableStats';
import { runProcess } from '../process/processRunner';
import { VerificationCheck } from '../verify/checks';
import { loadExpectedShape, LoadedShape } from '../verify/loadExpectedShape';
import { DumpCheckList } from './dumpChecks';
import { detectDumpFormat } from './dumpFormat';
import { locateDump } from './locateDump';
import { DumpToc, parseTocList } from './toc';

/** A downloaded dump that passed its checks, ready to restore from a local file. @public */
export interface PreparedDump {
  info: BackupObjectInfo;
  /** Local file (mode 0600) holding the dump. */
  path: string;
  sha256: string;
  toc: DumpToc;
  stats?: BackupStats;
  statsProblem?: string;
  /** What the backup should contain (or why that is unknown). */
  shape: LoadedShape;
  checks: VerificationCheck[];
  /** Removes the local file. */
  cleanup(): Promise<void>;
}

/** Options of {@link prepareDump}. @public */
export interface PrepareDumpOptions {
  /** Backup to prepare; default the newest by time. */
  key?: string;
  /** Directory for the local file (default the OS temp dir). */
  tempDir?: string;
  /** Parallel range requests of the download (default 4). */
  downloadConcurrency?: number;
  /** Backup whose statistics are the expected shape when there are no others (see {@link loadExpectedShape}). */
  previousVerifiedKey?: string;
}

/**
 * Locates a backup (given key, else newest by time), downloads it to a private temp file with
 * parallel ranged GETs, and runs the `restore` checks of {@link DUMP_CHECK_TABLE} — throwing
 * {@link BackupCheckError} before anything is restored when one fails.
 * @public
 */
export async function prepareDump(
  ctx: OperationContext,
  options: PrepareDumpOptions = {},
): Promise<PreparedDump> {
  const { info, checks } = await locateDump(ctx, 'restore', options.key);
  checks.throwIfFailed();
  const statsLoad = loadStats(ctx, info);
  const dir = await mkdtemp(
    path.join(options.tempDir ?? os.tmpdir(), 'dr-restore-'),
  );
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    const file = path.join(dir, 'backup.dump');
    const sha256 = await downloadStep(ctx, info, file, checks, options);
    const toc = await tocStep(ctx, file, checks);
    const loaded = await statsLoad;
    const shape = await loadExpectedShape(ctx, {
      backupKey: info.key,
      stats: loaded,
      previousVerifiedKey: options.previousVerifiedKey,
    });
    if (!checks.shape(shape, toc)) throw checks.error();
    return {
      shape,
      info,
      path: file,
      sha256,
      toc,
      stats: loaded.status === 'ok' ? loaded.stats : undefined,
      statsProblem: loaded.status === 'ok' ? undefined : loaded.reason,
      checks: checks.checks,
      cleanup,
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

/** Starts reading the backup's statistics sidecar (awaited later; a failure is not unhandled). */
export function loadStats(
  ctx: OperationContext,
  info: BackupObjectInfo,
): Promise<LoadedBackupStats> {
  const load = loadBackupStats({
    target: ctx.target,
    key: info.key,
    expectedSha256: info.metadata.statsSha256,
    client: ctx.s3(),
    signal: ctx.signal,
  });
  load.catch(() => {});
  return load;
}

/** Downloads the dump to `file`, checking the format on its first bytes and the SHA-256 at the end. */
async function downloadStep(
  ctx: OperationContext,
  info: BackupObjectInfo,
  file: string,
  checks: DumpCheckList,
  options: PrepareDumpOptions,
): Promise<string> {
  return ctx.steps.run(
    'download',
    `Download ${info.key} (${info.sizeBytes} bytes)`,
    async setDetail => {
      const res = await downloadToFile({
        client: ctx.s3(),
        bucket: ctx.target.s3.bucket,
        key: info.key,
        etag: info.etag,
        sizeBytes: info.sizeBytes,
        path: file,
        signal: ctx.signal,
        concurrency: options.downloadConcurrency,
        onHead: head => {
          if (!checks.format(detectDumpFormat(head))) throw checks.error();
        },
      });
      setDetail(`${res.bytes} bytes, sha256 ${res.sha256}`);
      if (!checks.checksum(info.metadata.sha256, res.sha256)) {
        throw checks.error();
      }
      return res.sha256;
    },
  );
}

/** Reads the table of contents of the downloaded file and checks it names the target database. */
async function tocStep(
  ctx: OperationContext,
  file: string,
  checks: DumpCheckList,
): Promise<DumpToc> {
  return ctx.steps.run(
    'toc',
    'Read the table of contents (pg_restore --list)',
    async setDetail => {
      let toc: DumpToc | undefined;
      let error: string | undefined;
      try {
        const listed = await runProcess({
          command: pgProgram(ctx.target.pgBinDir, 'pg_restore'),
          args: ['--list', file],
          signal: ctx.signal,
          secrets: ctx.secrets,
          logger: ctx.logger,
        });
        toc = parseTocList(listed.stdout);
      } catch (e) {
        if (isAbortError(e)) throw e;
        error = (e as Error).message;
      }
      if (!checks.toc(toc, error)) throw checks.error();
      setDetail(
        `${toc!.entries.length} entries from database ${toc!.database}`,
      );
      return toc!;
    },
  );
}
