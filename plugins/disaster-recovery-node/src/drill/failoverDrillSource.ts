import { connectPg } from '../postgres/pgTools';
import { BackupStats, collectTableStats } from '../postgres/tableStats';
import { PgConnection } from '../target/target';

/** The source's state the copy is judged against: its row counts and WAL position at one instant. @public */
export interface FailoverDrillSourcePoint {
  /** The primary's WAL insert position when its counts were read; the copy replays up to it. */
  lsn: string;
  /** When it was read (ISO 8601). */
  at: string;
  /** Whether no write committed between the counts' snapshot and reading `lsn` (the comparison is exact). */
  consistent: boolean;
  /** Tables counted. */
  tables: number;
  /** Rows counted in them. */
  rows: number;
}

/**
 * Reads the primary's row counts and WAL position at one instant, then writes a WAL record after
 * that position (so that the copy's replay reaches it). The counts come from a snapshot taken
 * before the position is read on a second session; a transaction that was running at the snapshot
 * or began after it and committed by then is on the copy but not in the counts, so such a reading
 * is retried (ten times at most; after that `consistent` is false).
 */
export async function readSourcePoint(
  primary: PgConnection,
  tenantColumn: string,
  marker: string,
  signal?: AbortSignal,
): Promise<{
  point: FailoverDrillSourcePoint;
  stats: BackupStats;
  nextXid: bigint;
}> {
  const counts = await connectPg(primary, { signal });
  const position = await connectPg(primary, { signal }).catch(async e => {
    await counts.end().catch(() => {});
    throw e;
  });
  try {
    for (let attempt = 1; ; attempt++) {
      await counts.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      try {
        // the first statement takes the transaction's snapshot
        const snap = (
          await counts.query(
            `SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS xmax,
                    ARRAY(SELECT pg_snapshot_xip(pg_current_snapshot())::text) AS xip`,
          )
        ).rows[0];
        const now = (
          await position.query(
            `SELECT pg_current_wal_insert_lsn()::text AS lsn,
                    pg_snapshot_xmax(pg_current_snapshot())::text AS next,
                    clock_timestamp() AS at`,
          )
        ).rows[0];
        const committed = (
          await position.query(
            `SELECT count(*)::int AS n
               FROM unnest($1::text[] || ARRAY(
                      SELECT x::text FROM generate_series($2::bigint, $3::bigint - 1) x)) AS t(xid)
              WHERE pg_xact_status(xid::xid8) = 'committed'`,
            [snap.xip, snap.xmax, now.next],
          )
        ).rows[0].n as number;
        if (committed > 0 && attempt < 10) continue;
        const tables = await collectTableStats(counts, { tenantColumn });
        await position.query(
          `SELECT pg_logical_emit_message(false, 'backstage-disaster-recovery', $1)`,
          [marker],
        );
        const at = (now.at as Date).toISOString();
        return {
          point: {
            lsn: now.lsn,
            at,
            consistent: committed === 0,
            tables: tables.length,
            rows: tables.reduce((n, t) => n + t.rows, 0),
          },
          stats: {
            version: 1,
            database: primary.database,
            takenAt: at,
            tenantColumn,
            tables,
          },
          nextXid: BigInt(now.next),
        };
      } finally {
        await counts.query('COMMIT').catch(() => {});
      }
    }
  } finally {
    await counts.end().catch(() => {});
    await position.end().catch(() => {});
  }
}
