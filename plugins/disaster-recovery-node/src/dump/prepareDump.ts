import { S3Client } from '@aws-sdk/client-s3';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadBackupStats } from '../backup/backupStatsObject';
import { VerificationCheck } from '../verify/checks';
import { downloadToFile } from '../objectStore/downloadToFile';
import { detectDumpFormat, formatProblem } from './dumpFormat';
import { BackupCheckError } from '../operation/errors';
import {
  BackupObjectInfo,
  findNewestBackup,
  headBackupObject,
} from '../backup/listBackups';
import { pgProgram } from '../postgres/pgTools';
import { runProcess } from '../process/processRunner';
import { StepRunner } from '../operation/steps';
import { BackupStats } from '../postgres/tableStats';
import { DatabaseTarget, targetDatabaseName } from '../target/target';
import { DumpToc, parseTocList } from './toc';
import { DrLogger } from '../operation/types';

/** A downloaded dump that passed its checks, ready to restore from a local file. @public */
export interface PreparedDump {
  info: BackupObjectInfo;
  /** Local file (mode 0600) holding the dump. */
  path: string;
  sha256: string;
  toc: DumpToc;
  stats?: BackupStats;
  statsProblem?: string;
  checks: VerificationCheck[];
  /** Removes the local file. */
  cleanup(): Promise<void>;
}

function failed(checks: VerificationCheck[], key: string): BackupCheckError {
  const reasons = checks
    .filter(c => c.status === 'fail')
    .map(c => `${c.id}: ${c.detail}`);
  return new BackupCheckError(
    `Backup ${key} failed its checks (${reasons.join('; ')})`,
    checks,
  );
}

/**
 * Locates a backup (given key, else newest by time), downloads it to a private temp file with
 * parallel ranged GETs, and checks size, format, SHA-256, table of contents and database name —
 * throwing {@link BackupCheckError} before anything is restored when a check fails.
 * @public
 */
export async function prepareDump(options: {
  target: DatabaseTarget;
  key?: string;
  client: S3Client;
  steps: StepRunner;
  logger: DrLogger;
  secrets: readonly string[];
  signal?: AbortSignal;
  tempDir?: string;
  /** Refuse backups without a recorded SHA-256 (default true). */
  requireChecksum?: boolean;
  /** Accept a dump whose table of contents names another database (default false). */
  allowOtherDatabase?: boolean;
  downloadConcurrency?: number;
}): Promise<PreparedDump> {
  const { target, client, steps, signal, secrets, logger } = options;
  const expectedDb = targetDatabaseName(target);
  const checks: VerificationCheck[] = [];
  const info = await steps.run(
    'locate',
    options.key
      ? `Read metadata of ${options.key}`
      : 'Find the newest backup by time',
    async setDetail => {
      const found = options.key
        ? await headBackupObject(target, options.key, { client, signal })
        : await findNewestBackup(target, { client, signal });
      setDetail(
        `${found.key}, taken ${found.takenAt.toISOString()} (${
          found.takenAtSource
        })`,
      );
      return found;
    },
  );
  if (info.sizeBytes <= 0) {
    checks.push({
      id: 'size',
      status: 'fail',
      detail: 'the backup object is empty (0 bytes)',
    });
    throw failed(checks, info.key);
  }
  checks.push({
    id: 'size',
    status: 'pass',
    detail: `${info.sizeBytes} bytes`,
  });
  const expectedSha = info.metadata.sha256;
  if (!expectedSha && options.requireChecksum !== false) {
    checks.push({
      id: 'checksum',
      status: 'fail',
      detail:
        'no SHA-256 recorded in metadata: refusing to restore an unverifiable backup',
    });
    throw failed(checks, info.key);
  }
  const statsLoad = loadBackupStats({
    target,
    key: info.key,
    expectedSha256: info.metadata.statsSha256,
    client,
    signal,
  });
  statsLoad.catch(() => {});

  const dir = await mkdtemp(
    path.join(options.tempDir ?? os.tmpdir(), 'dr-restore-'),
  );
  const file = path.join(dir, 'backup.dump');
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    const downloaded = await steps.run(
      'download',
      `Download ${info.key} (${info.sizeBytes} bytes)`,
      async setDetail => {
        const res = await downloadToFile({
          client,
          bucket: target.s3.bucket,
          key: info.key,
          etag: info.etag,
          sizeBytes: info.sizeBytes,
          path: file,
          signal,
          concurrency: options.downloadConcurrency,
          onHead: head => {
            const problem = formatProblem(detectDumpFormat(head));
            if (problem) {
              checks.push({ id: 'format', status: 'fail', detail: problem });
              throw failed(checks, info.key);
            }
          },
        });
        setDetail(`${res.bytes} bytes, sha256 ${res.sha256}`);
        return res;
      },
    );
    checks.push({
      id: 'format',
      status: 'pass',
      detail: 'pg_dump custom archive (PGDMP)',
    });
    if (!expectedSha) {
      checks.push({
        id: 'checksum',
        status: 'warn',
        detail: 'no SHA-256 recorded in metadata',
      });
    } else if (expectedSha !== downloaded.sha256) {
      checks.push({
        id: 'checksum',
        status: 'fail',
        detail: `SHA-256 ${downloaded.sha256} does not match the recorded ${expectedSha}`,
      });
      throw failed(checks, info.key);
    } else {
      checks.push({
        id: 'checksum',
        status: 'pass',
        detail: `SHA-256 ${downloaded.sha256} matches metadata`,
      });
    }

    const toc = await steps.run(
      'toc',
      'Read the table of contents (pg_restore --list)',
      async setDetail => {
        let listed: string;
        try {
          listed = (
            await runProcess({
              command: pgProgram(target.pgBinDir, 'pg_restore'),
              args: ['--list', file],
              signal,
              secrets,
              logger,
            })
          ).stdout;
        } catch (error) {
          if ((error as Error).name === 'AbortError') throw error;
          checks.push({
            id: 'toc',
            status: 'fail',
            detail: `pg_restore --list failed: ${(error as Error).message}`,
          });
          throw failed(checks, info.key);
        }
        const parsed = parseTocList(listed);
        if (parsed.entries.length === 0) {
          checks.push({
            id: 'toc',
            status: 'fail',
            detail: 'the table of contents has no entries',
          });
          throw failed(checks, info.key);
        }
        checks.push({
          id: 'toc',
          status: 'pass',
          detail: `${parsed.entries.length} entries`,
        });
        if (parsed.database !== expectedDb && !options.allowOtherDatabase) {
          checks.push({
            id: 'database',
            status: 'fail',
            detail: `dump of database ${
              parsed.database ?? '(unknown)'
            }, expected ${expectedDb}`,
          });
          throw failed(checks, info.key);
        }
        checks.push({
          id: 'database',
          status: 'pass',
          detail: `dump of database ${parsed.database}`,
        });
        setDetail(
          `${parsed.entries.length} entries from database ${parsed.database}`,
        );
        return parsed;
      },
    );
    const loaded = await statsLoad;
    return {
      info,
      path: file,
      sha256: downloaded.sha256,
      toc,
      stats: loaded.status === 'ok' ? loaded.stats : undefined,
      statsProblem: loaded.status === 'ok' ? undefined : loaded.reason,
      checks,
      cleanup,
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
