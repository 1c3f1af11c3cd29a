import { WalExposureEvidence } from '@dr-portal/backstage-plugin-disaster-recovery-common';

/** One pgBackRest backup as recorded from `pgbackrest info`. @public */
export interface PgBackRestBackupRecord {
  label: string;
  type: string;
  startedAt: string;
  stoppedAt: string;
  sizeBytes?: number;
  archiveStart?: string;
  archiveStop?: string;
}

/** One observation of `pgbackrest info` for one target. @public */
export interface PgBackRestInfoSnapshot {
  id?: string;
  target: string;
  stanza: string;
  statusCode?: number;
  statusMessage?: string;
  backups: PgBackRestBackupRecord[];
  archiveMin?: string;
  archiveMax?: string;
  /** When the newest WAL segment was archived (ISO 8601). */
  lastArchivedAt?: string;
  /** Earliest restorable point in time (ISO 8601). */
  pitrStart?: string;
  /** Latest restorable point in time (ISO 8601). */
  pitrEnd?: string;
  /** The primary's WAL position against the archive, when the primary could be read. */
  walExposure?: WalExposureEvidence;
  observedAt: string;
}

/** One observation of streaming replication for one target. @public */
export interface ReplicationObservation {
  id?: string;
  target: string;
  observedAt: string;
  standbyConnected: boolean;
  replayLagSeconds?: number;
  lagBytes?: number;
  detail?: Record<string, unknown>;
}

/**
 * Observations of the platform's continuous protection: `pgbackrest info` (WAL archive, PITR
 * window) and streaming replication, written by their collectors, read by the posture evaluation.
 *
 * @public
 */
export interface ObservationStore {
  /** Records one observation of `pgbackrest info`. */
  insertPgBackRestInfo(snapshot: PgBackRestInfoSnapshot): Promise<void>;
  /** The newest `pgbackrest info` observation of a target. */
  getLatestPgBackRestInfo(
    target: string,
  ): Promise<PgBackRestInfoSnapshot | undefined>;
  /** Records one observation of replication. */
  insertReplicationObservation(
    observation: ReplicationObservation,
  ): Promise<void>;
  /** The newest replication observation of a target. */
  getLatestReplicationObservation(
    target: string,
  ): Promise<ReplicationObservation | undefined>;
}
