import { Client } from 'pg';
import { withPg } from '../postgres/pgTools';
import { scrubSecrets } from '../process/scrubSecrets';
import { PgConnection } from '../target/target';
import { ServerState } from './types';

/** Parses a PostgreSQL LSN (`16/B374D848`) into a byte position. @public */
export function parseLsn(lsn: string): bigint {
  const m = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(lsn);
  if (!m) {
    throw new Error(`Not a WAL position: ${JSON.stringify(lsn.slice(0, 40))}`);
  }
  return (BigInt(`0x${m[1]}`) << 32n) + BigInt(`0x${m[2]}`);
}

/** Bytes from `from` to `to` (negative when `to` is behind), or undefined when either is unknown. @public */
export function lsnDiff(
  to: string | undefined,
  from: string | undefined,
): number | undefined {
  if (!to || !from) return undefined;
  return Number(parseLsn(to) - parseLsn(from));
}

/** `host:port` of a connection, for messages. @public */
export function serverAddress(conn: PgConnection): string {
  return `${conn.host}:${conn.port}`;
}

const STATE_SQL = `
select pg_is_in_recovery() as in_recovery,
  (select system_identifier::text from pg_control_system()) as system_identifier,
  case when pg_is_in_recovery() then null else pg_current_wal_flush_lsn()::text end as flush_lsn,
  case when pg_is_in_recovery() then null
    else ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::int end as primary_tli,
  pg_last_wal_receive_lsn()::text as receive_lsn,
  pg_last_wal_replay_lsn()::text as replay_lsn,
  pg_last_xact_replay_timestamp() as last_replay_at,
  case when pg_is_in_recovery() then pg_get_wal_replay_pause_state() end as pause_state,
  (select timeline_id from pg_control_checkpoint()) as checkpoint_tli,
  (select status from pg_stat_wal_receiver limit 1) as receiver_status,
  (select received_tli from pg_stat_wal_receiver limit 1) as received_tli,
  current_setting('default_transaction_read_only') = 'on' as default_read_only,
  now() as now`;

/** Reads a server's role, timeline, WAL positions and replication status with an open client. @public */
export async function readServerStateWith(
  client: Client,
  conn: PgConnection,
): Promise<ServerState> {
  const { rows } = await client.query(STATE_SQL);
  const r = rows[0];
  const iso = (d: Date | null) => (d ? d.toISOString() : undefined);
  return {
    address: serverAddress(conn),
    reachable: true,
    inRecovery: r.in_recovery,
    systemIdentifier: r.system_identifier,
    timeline: r.in_recovery
      ? r.received_tli ?? r.checkpoint_tli
      : r.primary_tli ?? r.checkpoint_tli,
    flushLsn: r.flush_lsn ?? undefined,
    receiveLsn: r.receive_lsn ?? undefined,
    replayLsn: r.replay_lsn ?? undefined,
    lastReplayedCommitAt: iso(r.last_replay_at),
    replayPauseState: r.pause_state ?? undefined,
    walReceiverStatus: r.receiver_status ?? undefined,
    defaultReadOnly: r.default_read_only,
    readAt: iso(r.now),
  };
}

/**
 * Reads a server's state; an unreachable server gives `reachable: false` with the (scrubbed)
 * reason instead of an error.
 * @public
 */
export async function readServerState(
  conn: PgConnection,
  options: { signal?: AbortSignal; secrets?: readonly string[] } = {},
): Promise<ServerState> {
  try {
    return await withPg(
      { ...conn },
      { signal: options.signal, database: conn.database },
      client => readServerStateWith(client, conn),
    );
  } catch (error) {
    if (options.signal?.aborted) throw error;
    return {
      address: serverAddress(conn),
      reachable: false,
      error: scrubSecrets((error as Error)?.message ?? String(error), [
        conn.password ?? '',
        ...(options.secrets ?? []),
      ]).slice(0, 500),
    };
  }
}
