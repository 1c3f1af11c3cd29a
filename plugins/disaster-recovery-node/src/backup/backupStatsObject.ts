import { createHash } from 'node:crypto';
import { S3Client } from '@aws-sdk/client-s3';
import { assertKeyInPrefix, statsKeyFor } from './backupKey';
import { getObjectStream } from '../objectStore/s3Download';
import { BackupStats } from '../postgres/tableStats';
import { DatabaseTarget } from '../target/target';

/** Result of reading a backup's statistics sidecar. @public */
export type LoadedBackupStats =
  | { status: 'ok'; stats: BackupStats }
  | { status: 'missing' | 'invalid'; reason: string };

/** Reads and checks (against the dump's `stats-sha256` metadata) the statistics sidecar of a backup. @public */
export async function loadBackupStats(options: {
  target: DatabaseTarget;
  key: string;
  expectedSha256?: string;
  client: S3Client;
  signal?: AbortSignal;
}): Promise<LoadedBackupStats> {
  const statsKey = assertKeyInPrefix(options.target, statsKeyFor(options.key));
  if (!options.expectedSha256) {
    return { status: 'missing', reason: 'the backup records no statistics' };
  }
  let body: Buffer;
  try {
    const stream = await getObjectStream({
      client: options.client,
      bucket: options.target.s3.bucket,
      key: statsKey,
      signal: options.signal,
    });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of stream) {
      size += (chunk as Buffer).length;
      if (size > 256 * 1024 * 1024) {
        return { status: 'invalid', reason: 'statistics sidecar is too large' };
      }
      chunks.push(chunk as Buffer);
    }
    body = Buffer.concat(chunks);
  } catch (error) {
    const e = error as { name?: string };
    if (e.name === 'NoSuchKey' || e.name === 'NotFound') {
      return {
        status: 'invalid',
        reason: `statistics sidecar ${statsKey} is missing`,
      };
    }
    throw error;
  }
  const sha = createHash('sha256').update(body).digest('hex');
  if (sha !== options.expectedSha256) {
    return {
      status: 'invalid',
      reason: `statistics sidecar checksum ${sha} does not match the recorded ${options.expectedSha256}`,
    };
  }
  try {
    const stats = JSON.parse(body.toString('utf8')) as BackupStats;
    if (stats.version !== 1 || !Array.isArray(stats.tables)) {
      return {
        status: 'invalid',
        reason: 'statistics sidecar has an unknown format',
      };
    }
    return { status: 'ok', stats };
  } catch {
    return {
      status: 'invalid',
      reason: 'statistics sidecar is not valid JSON',
    };
  }
}
