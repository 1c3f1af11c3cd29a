import {
  describePgError,
  PgConnection,
  withPg,
} from '@dr-portal/backstage-plugin-disaster-recovery-node';
import { COLLECTOR_PG_OPTIONS } from './collectorSettings';
import {
  ObservationStore,
  ReplicationObservation,
} from '../database/ObservationStore';

/** The servers of one target whose streaming replication is observed. @public */
export interface ReplicationSource {
  target: string;
  primary: PgConnection;
  standby?: PgConnection;
}

interface PrimaryView {
  connected: boolean;
  lagBytes?: number;
  replayLagSeconds?: number;
  applicationName?: string;
  state?: string;
}

interface StandbyView {
  inRecovery: boolean;
  lastReplayAt?: Date;
  receiveReplayGapBytes?: number;
  now: Date;
}

async function readPrimary(primary: PgConnection): Promise<PrimaryView> {
  return withPg(primary, COLLECTOR_PG_OPTIONS, async client => {
    const { rows } = await client.query(
      `SELECT application_name, state,
              pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn) AS lag_bytes,
              EXTRACT(EPOCH FROM replay_lag) AS replay_lag_seconds
         FROM pg_stat_replication
        WHERE state = 'streaming'
        ORDER BY replay_lsn DESC NULLS LAST
        LIMIT 1`,
    );
    if (!rows.length) return { connected: false };
    const row = rows[0];
    return {
      connected: true,
      applicationName: row.application_name,
      state: row.state,
      lagBytes: row.lag_bytes === null ? undefined : Number(row.lag_bytes),
      replayLagSeconds:
        row.replay_lag_seconds === null
          ? undefined
          : Number(row.replay_lag_seconds),
    };
  });
}

async function readStandby(standby: PgConnection): Promise<StandbyView> {
  return withPg(standby, COLLECTOR_PG_OPTIONS, async client => {
    const { rows } = await client.query(
      `SELECT pg_is_in_recovery() AS in_recovery,
              pg_last_xact_replay_timestamp() AS last_replay_at,
              pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()) AS gap_bytes,
              now() AS now`,
    );
    const row = rows[0];
    return {
      inRecovery: row.in_recovery === true,
      lastReplayAt: row.last_replay_at ?? undefined,
      receiveReplayGapBytes:
        row.gap_bytes === null ? undefined : Number(row.gap_bytes),
      now: row.now,
    };
  });
}

/**
 * Observes streaming replication of one target: on the primary, the streaming standby in
 * `pg_stat_replication` (bytes behind and replay lag); on the standby, the last replayed
 * transaction time and the received-but-not-replayed WAL. A standby missing from
 * `pg_stat_replication` is recorded as not connected, whatever the standby itself says.
 *
 * Replay lag is the primary's `replay_lag` when it reports one; 0 when the standby has replayed
 * everything (an idle primary writes no transactions, so "now minus last replay" would grow
 * without any lag); otherwise now minus the standby's last replayed transaction.
 *
 * @public
 */
export async function observeReplication(
  source: ReplicationSource,
  now: () => Date = () => new Date(),
): Promise<ReplicationObservation> {
  const detail: Record<string, unknown> = {};
  let primary: PrimaryView = { connected: false };
  try {
    primary = await readPrimary(source.primary);
    if (primary.applicationName)
      detail.applicationName = primary.applicationName;
  } catch (error) {
    detail.primaryError = describePgError(error);
  }
  let standby: StandbyView | undefined;
  if (source.standby) {
    try {
      standby = await readStandby(source.standby);
      detail.standbyInRecovery = standby.inRecovery;
      if (standby.lastReplayAt) {
        detail.lastReplayAt = standby.lastReplayAt.toISOString();
      }
    } catch (error) {
      detail.standbyError = describePgError(error);
    }
  }

  const observation: ReplicationObservation = {
    target: source.target,
    observedAt: now().toISOString(),
    standbyConnected: primary.connected,
    detail,
  };
  if (!primary.connected) return observation;

  const lagBytes = primary.lagBytes ?? standby?.receiveReplayGapBytes;
  if (lagBytes !== undefined) observation.lagBytes = Math.max(0, lagBytes);
  if (primary.replayLagSeconds !== undefined) {
    observation.replayLagSeconds = primary.replayLagSeconds;
  } else if (lagBytes === 0) {
    observation.replayLagSeconds = 0;
  } else if (standby?.lastReplayAt) {
    observation.replayLagSeconds = Math.max(
      0,
      (standby.now.getTime() - standby.lastReplayAt.getTime()) / 1000,
    );
  }
  return observation;
}

/** Observes replication of one target and records it in the store. @public */
export async function collectReplication(
  source: ReplicationSource,
  store: ObservationStore,
): Promise<ReplicationObservation> {
  const observation = await observeReplication(source);
  await store.insertReplicationObservation(observation);
  return observation;
}
