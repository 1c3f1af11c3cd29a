import path from 'node:path';
import { OperationAbortedError } from '../operation/errors';
import { OperationContext } from '../operation/runOperation';
import { MAINTENANCE_DATABASE } from '../postgres/databases';
import { connectPg, withPg } from '../postgres/pgTools';
import { RestoredServer, serverLogTail } from '../pitr/restoredServer';
import { PgConnection } from '../target/target';

/** Settings of the copy: its own port and socket, local only, a hot standby of the primary that stops at `lsn`, touching nothing of production. */
export function copySettings(server: RestoredServer, lsn: string): string {
  return [
    '',
    '# set by the disaster-recovery isolated test failover drill',
    `port = ${server.port}`,
    `unix_socket_directories = '${server.socketDir}'`,
    `listen_addresses = '127.0.0.1'`,
    // never archives into, restores from or holds back anything of production
    `archive_mode = 'off'`,
    `restore_command = ''`,
    `primary_slot_name = ''`,
    `hot_standby = 'on'`,
    `hot_standby_feedback = 'off'`,
    `max_logical_replication_workers = 0`,
    `synchronous_standby_names = ''`,
    `cluster_name = '${path.basename(path.dirname(server.dataDir))}'`,
    // replays exactly what the source's counts saw, then waits to be promoted
    `recovery_target_lsn = '${lsn}'`,
    `recovery_target_inclusive = 'off'`,
    `recovery_target_action = 'pause'`,
    '',
  ].join('\n');
}

/** Waits until the copy paused at the recovery target (it replayed everything before the source's position). */
export async function waitForPause(
  ctx: OperationContext,
  server: RestoredServer,
  copy: PgConnection,
  timeoutMs: number,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  const client = await connectPg(copy, {
    database: MAINTENANCE_DATABASE,
    signal: ctx.signal,
  });
  try {
    for (;;) {
      const { rows } = await client.query(
        `SELECT pg_get_wal_replay_pause_state() AS state, pg_last_wal_replay_lsn()::text AS replay`,
      );
      if (rows[0].state === 'paused') return rows[0].replay;
      if (Date.now() > deadline) {
        throw new Error(
          `the copy replayed up to ${
            rows[0].replay
          } but did not reach the source's position within ${timeoutMs} ms; server log: ${await serverLogTail(
            server,
            ctx.secrets,
          )}`,
        );
      }
      if (ctx.signal?.aborted) throw new OperationAbortedError();
      await new Promise(r => setTimeout(r, 20));
    }
  } finally {
    await client.end().catch(() => {});
  }
}

/** A write on a new session of the promoted copy: it answers and accepts writes. */
export async function answersWrites(copy: PgConnection): Promise<number> {
  return withPg(copy, { database: MAINTENANCE_DATABASE }, async client => {
    const { rows } = await client.query(
      `SELECT pg_is_in_recovery() AS recovery, txid_current() AS xid,
              (SELECT timeline_id FROM pg_control_checkpoint()) AS tli`,
    );
    if (rows[0].recovery) throw new Error('the copy is still in recovery');
    return rows[0].tli;
  });
}
