import { Knex } from 'knex';
import {
  ObservationStore,
  PgBackRestInfoSnapshot,
  ReplicationObservation,
} from './ObservationStore';
import {
  bool,
  compact,
  dateOrNull,
  iso,
  isoOrUndefined,
  numberOrUndefined,
  parseJson,
  stringOrUndefined,
} from './conversions';

/**
 * The knex implementation of the observation store: tables `dr_pgbackrest_info` and
 * `dr_replication_status`.
 *
 * @public
 */
export class DatabaseObservationStore implements ObservationStore {
  /** A store over the plugin database's client; the persistence context has migrated it. */
  static create(options: { knex: Knex }): DatabaseObservationStore {
    return new DatabaseObservationStore(options.knex);
  }

  private constructor(private readonly db: Knex) {}

  async insertPgBackRestInfo(snapshot: PgBackRestInfoSnapshot): Promise<void> {
    await this.db('dr_pgbackrest_info').insert({
      target: snapshot.target,
      stanza: snapshot.stanza,
      status_code: snapshot.statusCode ?? null,
      status_message: snapshot.statusMessage ?? null,
      backups: JSON.stringify(snapshot.backups),
      archive_min: snapshot.archiveMin ?? null,
      archive_max: snapshot.archiveMax ?? null,
      last_archived_at: dateOrNull(snapshot.lastArchivedAt),
      pitr_start: dateOrNull(snapshot.pitrStart),
      pitr_end: dateOrNull(snapshot.pitrEnd),
      wal_exposure: snapshot.walExposure
        ? JSON.stringify(snapshot.walExposure)
        : null,
      observed_at: new Date(snapshot.observedAt),
    });
  }

  async getLatestPgBackRestInfo(
    target: string,
  ): Promise<PgBackRestInfoSnapshot | undefined> {
    const row = await this.latestRow('dr_pgbackrest_info', target);
    if (!row) return undefined;
    return compact({
      id: String(row.id),
      target: row.target,
      stanza: row.stanza,
      statusCode: numberOrUndefined(row.status_code),
      statusMessage: stringOrUndefined(row.status_message),
      backups: parseJson(row.backups, []),
      archiveMin: stringOrUndefined(row.archive_min),
      archiveMax: stringOrUndefined(row.archive_max),
      lastArchivedAt: isoOrUndefined(row.last_archived_at),
      pitrStart: isoOrUndefined(row.pitr_start),
      pitrEnd: isoOrUndefined(row.pitr_end),
      walExposure: row.wal_exposure
        ? parseJson(row.wal_exposure, undefined)
        : undefined,
      observedAt: iso(row.observed_at),
    });
  }

  async insertReplicationObservation(o: ReplicationObservation): Promise<void> {
    await this.db('dr_replication_status').insert({
      target: o.target,
      observed_at: new Date(o.observedAt),
      standby_connected: o.standbyConnected,
      replay_lag_seconds: o.replayLagSeconds ?? null,
      lag_bytes: o.lagBytes ?? null,
      detail: o.detail ? JSON.stringify(o.detail) : null,
    });
  }

  async getLatestReplicationObservation(
    target: string,
  ): Promise<ReplicationObservation | undefined> {
    const row = await this.latestRow('dr_replication_status', target);
    if (!row) return undefined;
    return compact({
      id: String(row.id),
      target: row.target,
      observedAt: iso(row.observed_at),
      standbyConnected: bool(row.standby_connected),
      replayLagSeconds: numberOrUndefined(row.replay_lag_seconds),
      lagBytes: numberOrUndefined(row.lag_bytes),
      detail: row.detail ? parseJson(row.detail, {}) : undefined,
    });
  }

  /** The newest observation of a target in a table (by time observed, then by insertion). */
  private latestRow(table: string, target: string) {
    return this.db(table)
      .where('target', target)
      .orderBy('observed_at', 'desc')
      .orderBy('id', 'desc')
      .first();
  }
}
