import { assertKeyInPrefix } from '../backup/backupKey';
import {
  LoadedBackupStats,
  loadBackupStats,
} from '../backup/backupStatsObject';
import { headBackupObject } from '../backup/listBackups';
import { isAbortError } from '../operation/errors';
import { OperationContext } from '../operation/runOperation';
import { withPg } from '../postgres/pgTools';
import { approximateRowCounts } from '../postgres/tableStats';
import { scrubSecrets } from '../process/scrubSecrets';
import { targetDatabaseName } from '../target/target';
import { ExpectedShape, shapeFromStats } from './expectedShape';

/** An expected shape, or why there is none. @public */
export interface LoadedShape {
  shape?: ExpectedShape;
  /** Why no shape (or a better one) could be had, for the check's detail. */
  reason?: string;
}

/** The live database's tables with approximate row counts; undefined (and why) when it cannot be read. */
async function liveShape(
  ctx: OperationContext,
): Promise<{ shape?: ExpectedShape; problem?: string }> {
  const database = targetDatabaseName(ctx.target);
  try {
    const tables = await withPg(
      ctx.target.primary,
      { database, signal: ctx.signal },
      approximateRowCounts,
    );
    return {
      shape: {
        source: 'live-catalog',
        from: `live database ${database} (approximate row counts)`,
        schemas: [...new Set(tables.map(t => t.schema))].sort(),
        tables,
      },
    };
  } catch (error) {
    if (isAbortError(error) || ctx.signal?.aborted) throw error;
    return {
      problem: `the live database ${database} is unreachable: ${scrubSecrets(
        (error as Error).message,
        ctx.secrets,
      )}`,
    };
  }
}

/** The statistics of the previous verified backup (named by the caller, who keeps the verification record). */
async function previousVerifiedShape(
  ctx: OperationContext,
  key: string,
): Promise<{ shape?: ExpectedShape; problem?: string }> {
  assertKeyInPrefix(ctx.target, key);
  const client = ctx.s3();
  const info = await headBackupObject(ctx.target, key, {
    client,
    signal: ctx.signal,
  });
  const loaded = await loadBackupStats({
    target: ctx.target,
    key,
    expectedSha256: info.metadata.statsSha256,
    client,
    signal: ctx.signal,
  });
  return loaded.status === 'ok'
    ? {
        shape: shapeFromStats(
          loaded.stats,
          'previous-verified-backup',
          `statistics of the previous verified backup ${key}`,
        ),
      }
    : { problem: `the previous verified backup ${key}: ${loaded.reason}` };
}

/**
 * The expected shape of a backup: its own statistics sidecar when there is one, else the live
 * database's catalog, else (live database unreachable) the statistics of the previous verified
 * backup `previousVerifiedKey`.
 * @public
 */
export async function loadExpectedShape(
  ctx: OperationContext,
  options: {
    backupKey: string;
    stats: LoadedBackupStats;
    previousVerifiedKey?: string;
  },
): Promise<LoadedShape> {
  if (options.stats.status === 'ok') {
    return {
      shape: shapeFromStats(
        options.stats.stats,
        'stats-sidecar',
        `statistics recorded with ${options.backupKey}`,
      ),
    };
  }
  const reasons = [options.stats.reason];
  const live = await liveShape(ctx);
  if (live.shape) {
    return { shape: live.shape, reason: reasons.join('; ') };
  }
  reasons.push(live.problem!);
  if (options.previousVerifiedKey) {
    const previous = await previousVerifiedShape(
      ctx,
      options.previousVerifiedKey,
    );
    if (previous.shape) {
      return { shape: previous.shape, reason: reasons.join('; ') };
    }
    reasons.push(previous.problem!);
  } else {
    reasons.push('no previous verified backup was named');
  }
  return { reason: reasons.join('; ') };
}
