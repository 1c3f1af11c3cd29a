import { randomUUID } from 'node:crypto';
import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import {
  CheckStatus,
  FleetPostureItem,
  FleetPostureQuery,
  PostureHistoryPoint,
  RecoveryRun,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import {
  BackupEvidenceSample,
  BackupPage,
  EvidenceStore,
  FleetPermissionFilter,
  IndexCursor,
  IndexedBackup,
  NewBackup,
  PgBackRestInfoSnapshot,
  PostureSnapshot,
  PreviousPosture,
  RecoveryRunQuery,
  ReplicationObservation,
  TargetLock,
  VerificationRecord,
} from './EvidenceStore';
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
import {
  applyFleetFilters,
  applyFleetSort,
  applyPermissionFilter,
  countsFromRows,
  DEFAULT_FLEET_LIMIT,
  emptyCounts,
  STATUS_RANK,
} from './fleetQuery';

const migrationsDir = resolvePackagePath(
  '@dr-portal/backstage-plugin-disaster-recovery-backend',
  'migrations',
);

/** Rows per insert statement (SQLite allows 32766 bound variables, PostgreSQL 65535). */
const INSERT_CHUNK = 500;
/** Newest backups handed to a posture evaluation. */
const NEWEST_BACKUPS = 20;

type Row = Record<string, any>;

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    out.push(items.slice(i, i + size));
  }
  return out;
}

function statusesOf(
  checks: Array<{ id: string; status: CheckStatus }>,
): Array<{ id: string; status: CheckStatus }> {
  return checks.map(c => ({ id: c.id, status: c.status }));
}

function sameStatuses(
  a: Array<{ id: string; status: CheckStatus }>,
  b: Array<{ id: string; status: CheckStatus }>,
): boolean {
  if (a.length !== b.length) return false;
  const byId = new Map(a.map(c => [c.id, c.status]));
  return b.every(c => byId.get(c.id) === c.status);
}

function countChecks(
  checks: Array<{ status: CheckStatus }>,
): Record<CheckStatus, number> {
  const counts = emptyCounts();
  for (const c of checks) counts[c.status] += 1;
  return counts;
}

/**
 * The knex implementation of the evidence store, on the plugin's own database (SQLite or
 * PostgreSQL).
 *
 * @public
 */
export class DatabaseEvidenceStore implements EvidenceStore {
  /** Connects to the plugin database and runs the migrations unless `database.migrations.skip`. */
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseEvidenceStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseEvidenceStore(client);
  }

  /** The directory holding the migrations (for tests that migrate up and down). */
  static readonly migrationsDirectory = migrationsDir;

  private constructor(private readonly db: Knex) {}

  // Backups

  async upsertBackups(backups: NewBackup[]): Promise<void> {
    const now = new Date();
    for (const chunk of chunks(backups, INSERT_CHUNK)) {
      await this.db('dr_backups')
        .insert(
          chunk.map(b => ({
            target: b.target,
            bucket: b.bucket,
            key: b.key,
            size_bytes: b.sizeBytes,
            etag: b.etag ?? null,
            sha256: b.sha256 ?? null,
            sse: b.serverSideEncryption ?? null,
            storage_class: b.storageClass ?? null,
            region: b.region ?? null,
            data_class: b.dataClass ?? null,
            taken_at: b.takenAt,
            last_modified: b.lastModified,
            duration_seconds: b.durationSeconds ?? null,
            indexed_at: now,
            seen_at: now,
            deleted_at: null,
          })),
        )
        .onConflict(['bucket', 'key'])
        .merge([
          'target',
          'size_bytes',
          'etag',
          'sha256',
          'sse',
          'storage_class',
          'region',
          'data_class',
          'taken_at',
          'last_modified',
          'duration_seconds',
          'seen_at',
          'deleted_at',
        ]);
    }
  }

  async markUnseenBackupsDeleted(
    target: string,
    scanStartedAt: Date,
  ): Promise<number> {
    return await this.db('dr_backups')
      .where('target', target)
      .whereNull('deleted_at')
      .where('seen_at', '<', scanStartedAt)
      .update({ deleted_at: new Date() });
  }

  async getIndexCursor(target: string): Promise<IndexCursor | undefined> {
    const row = await this.db('dr_index_cursors')
      .where('target', target)
      .first();
    if (!row) return undefined;
    return compact({
      target: row.target,
      bucket: row.bucket,
      prefix: row.prefix ?? '',
      lastKey: stringOrUndefined(row.last_key),
      updatedAt: new Date(iso(row.updated_at)),
      lastFullScanAt: row.last_full_scan_at
        ? new Date(iso(row.last_full_scan_at))
        : undefined,
    });
  }

  async setIndexCursor(cursor: IndexCursor): Promise<void> {
    await this.db('dr_index_cursors')
      .insert({
        target: cursor.target,
        bucket: cursor.bucket,
        prefix: cursor.prefix,
        last_key: cursor.lastKey ?? null,
        updated_at: cursor.updatedAt,
        last_full_scan_at: cursor.lastFullScanAt ?? null,
      })
      .onConflict('target')
      .merge();
  }

  async listBackups(options: {
    targets: string[];
    offset?: number;
    limit?: number;
  }): Promise<BackupPage> {
    if (!options.targets.length) return { items: [], totalItems: 0 };
    const base = this.db('dr_backups')
      .whereIn('target', options.targets)
      .whereNull('deleted_at');
    const [{ count }] = await base.clone().count({ count: '*' });
    const rows = await base
      .clone()
      .select('*')
      .orderBy('taken_at', 'desc')
      .orderBy('id', 'desc')
      .offset(options.offset ?? 0)
      .limit(options.limit ?? 50);
    return {
      items: await this.withVerifications(rows),
      totalItems: Number(count),
    };
  }

  async getBackupEvidence(target: string): Promise<BackupEvidenceSample> {
    const kept = () =>
      this.db('dr_backups').where('target', target).whereNull('deleted_at');
    const newest = await kept()
      .select('*')
      .orderBy('taken_at', 'desc')
      .orderBy('id', 'desc')
      .limit(NEWEST_BACKUPS);
    const groups: Row[] = await kept()
      .select('data_class')
      .min({ oldest: 'taken_at' })
      .count({ count: '*' })
      .groupBy('data_class');
    const oldest: Row[] = [];
    for (const group of groups) {
      const q = kept().select('*');
      if (group.data_class === null) q.whereNull('data_class');
      else q.where('data_class', group.data_class);
      const row = await q.orderBy('taken_at', 'asc').orderBy('id').first();
      if (row) oldest.push(row);
    }
    const [first] = await this.db('dr_backups')
      .where('target', target)
      .min({ first: 'taken_at' });
    const items = await this.withVerifications([...newest, ...oldest]);
    return compact({
      newest: items.slice(0, newest.length),
      oldest: items.slice(newest.length),
      firstBackupAt: isoOrUndefined(first?.first),
      count: groups.reduce((sum, g) => sum + Number(g.count), 0),
    });
  }

  private async withVerifications(rows: Row[]): Promise<IndexedBackup[]> {
    const ids = [...new Set(rows.map(r => String(r.id)))];
    const latest = new Map<string, Row>();
    if (ids.length) {
      const verifications = await this.db('dr_verification_runs')
        .whereIn('backup_id', ids)
        .orderBy('finished_at', 'asc');
      for (const v of verifications) latest.set(String(v.backup_id), v);
    }
    return rows.map(r => {
      const v = latest.get(String(r.id));
      return compact<IndexedBackup>({
        id: String(r.id),
        target: r.target,
        bucket: r.bucket,
        key: r.key,
        sizeBytes: Number(r.size_bytes),
        etag: stringOrUndefined(r.etag),
        sha256: stringOrUndefined(r.sha256),
        serverSideEncryption: stringOrUndefined(r.sse),
        storageClass: stringOrUndefined(r.storage_class),
        takenAt: iso(r.taken_at),
        lastModified: iso(r.last_modified),
        durationSeconds: numberOrUndefined(r.duration_seconds),
        verification: v
          ? {
              status: v.status,
              verifiedAt: iso(v.finished_at),
              mode: v.mode,
            }
          : undefined,
        region: stringOrUndefined(r.region),
        dataClass: stringOrUndefined(r.data_class),
      });
    });
  }

  // pgBackRest

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
    const row = await this.db('dr_pgbackrest_info')
      .where('target', target)
      .orderBy('observed_at', 'desc')
      .orderBy('id', 'desc')
      .first();
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

  // Replication

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
    const row = await this.db('dr_replication_status')
      .where('target', target)
      .orderBy('observed_at', 'desc')
      .orderBy('id', 'desc')
      .first();
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

  // Verification runs

  async recordVerification(record: VerificationRecord): Promise<void> {
    await this.db('dr_verification_runs')
      .insert({
        id: record.id,
        target: record.target,
        backup_id: record.backupId ?? null,
        status: record.status,
        mode: record.mode,
        started_at: dateOrNull(record.startedAt),
        finished_at: new Date(record.finishedAt),
        run_id: record.runId ?? null,
        detail: record.detail ? JSON.stringify(record.detail) : null,
      })
      .onConflict('id')
      .merge();
  }

  async listVerifications(options: {
    target?: string;
    since?: Date;
    limit?: number;
  }): Promise<VerificationRecord[]> {
    const q = this.db('dr_verification_runs')
      .orderBy('finished_at', 'desc')
      .limit(options.limit ?? 50);
    if (options.target) q.where('target', options.target);
    if (options.since) q.where('finished_at', '>=', options.since);
    const rows = await q;
    return rows.map(row =>
      compact<VerificationRecord>({
        id: row.id,
        target: row.target,
        backupId: stringOrUndefined(row.backup_id),
        status: row.status,
        mode: row.mode,
        startedAt: isoOrUndefined(row.started_at),
        finishedAt: iso(row.finished_at),
        runId: stringOrUndefined(row.run_id),
        detail: row.detail ? parseJson(row.detail, {}) : undefined,
      }),
    );
  }

  // Recovery runs

  async saveRecoveryRun(run: RecoveryRun): Promise<void> {
    await this.db('dr_recovery_runs')
      .insert({
        id: run.id,
        operation: run.operation,
        entity_ref: run.entityRef,
        target: run.target,
        initiated_by: run.initiatedBy,
        status: run.status,
        dry_run: run.dryRun,
        scenario: run.scenario ?? null,
        started_at: new Date(run.startedAt),
        finished_at: dateOrNull(run.finishedAt),
        steps: JSON.stringify(run.steps ?? []),
        achieved_rto_seconds: run.achievedRtoSeconds ?? null,
        data_loss_seconds: run.dataLossSeconds ?? null,
        restore_point: run.restorePoint ?? null,
        error: run.error ?? null,
        output: run.output ? JSON.stringify(run.output) : null,
      })
      .onConflict('id')
      .merge();
  }

  async getRecoveryRun(id: string): Promise<RecoveryRun | undefined> {
    const row = await this.db('dr_recovery_runs').where('id', id).first();
    return row ? this.toRun(row) : undefined;
  }

  async listRecoveryRuns(
    query: RecoveryRunQuery,
  ): Promise<{ items: RecoveryRun[]; totalItems: number }> {
    const base = this.db('dr_recovery_runs');
    if (query.matchEither && query.entityRef && query.target) {
      base.where(b =>
        b
          .where('entity_ref', query.entityRef!)
          .orWhere('target', query.target!),
      );
    } else {
      if (query.entityRef) base.where('entity_ref', query.entityRef);
      if (query.target) base.where('target', query.target);
    }
    if (query.operations?.length) base.whereIn('operation', query.operations);
    if (query.since) base.where('started_at', '>=', query.since);
    const [{ count }] = await base.clone().count({ count: '*' });
    const rows = await base
      .clone()
      .select('*')
      .orderBy('started_at', 'desc')
      .orderBy('id', 'asc')
      .offset(query.offset ?? 0)
      .limit(query.limit ?? 50);
    return { items: rows.map(r => this.toRun(r)), totalItems: Number(count) };
  }

  private toRun(row: Row): RecoveryRun {
    return compact<RecoveryRun>({
      id: row.id,
      operation: row.operation,
      entityRef: row.entity_ref,
      target: row.target,
      initiatedBy: row.initiated_by,
      status: row.status,
      dryRun: bool(row.dry_run),
      scenario: stringOrUndefined(row.scenario),
      startedAt: iso(row.started_at),
      finishedAt: isoOrUndefined(row.finished_at),
      steps: parseJson(row.steps, []),
      achievedRtoSeconds: numberOrUndefined(row.achieved_rto_seconds),
      dataLossSeconds: numberOrUndefined(row.data_loss_seconds),
      restorePoint: stringOrUndefined(row.restore_point),
      error: stringOrUndefined(row.error),
      output: row.output ? parseJson(row.output, {}) : undefined,
    });
  }

  // Locks

  async acquireLock(options: {
    target: string;
    owner: string;
    runId?: string;
    ttlMs: number;
  }): Promise<TargetLock | undefined> {
    const now = new Date();
    const token = randomUUID();
    // An expired lock belongs to nobody: its owner died without releasing it.
    await this.db('dr_locks')
      .where('target', options.target)
      .where('expires_at', '<', now)
      .delete();
    // The primary key on target makes this insert the arbiter between replicas.
    await this.db('dr_locks')
      .insert({
        target: options.target,
        owner: options.owner,
        run_id: options.runId ?? null,
        token,
        acquired_at: now,
        heartbeat_at: now,
        expires_at: new Date(now.getTime() + options.ttlMs),
      })
      .onConflict('target')
      .ignore();
    const row = await this.db('dr_locks')
      .where('target', options.target)
      .first();
    if (!row || row.token !== token) return undefined;
    return this.toLock(row);
  }

  async heartbeatLock(lock: TargetLock, ttlMs: number): Promise<boolean> {
    const now = new Date();
    const updated = await this.db('dr_locks')
      .where({ target: lock.target, token: lock.token })
      .update({
        heartbeat_at: now,
        expires_at: new Date(now.getTime() + ttlMs),
      });
    return updated > 0;
  }

  async releaseLock(lock: TargetLock): Promise<boolean> {
    const deleted = await this.db('dr_locks')
      .where({ target: lock.target, token: lock.token })
      .delete();
    return deleted > 0;
  }

  async getLock(target: string): Promise<TargetLock | undefined> {
    const row = await this.db('dr_locks')
      .where('target', target)
      .where('expires_at', '>=', new Date())
      .first();
    return row ? this.toLock(row) : undefined;
  }

  private toLock(row: Row): TargetLock {
    return compact<TargetLock>({
      target: row.target,
      owner: row.owner,
      runId: stringOrUndefined(row.run_id),
      token: row.token,
      acquiredAt: iso(row.acquired_at),
      heartbeatAt: iso(row.heartbeat_at),
      expiresAt: iso(row.expires_at),
    });
  }

  // Posture snapshots and history

  async getPreviousPostures(
    entityRefs: string[],
  ): Promise<Map<string, PreviousPosture>> {
    const result = new Map<string, PreviousPosture>();
    for (const chunk of chunks(entityRefs, INSERT_CHUNK)) {
      const rows = await this.db('dr_posture_snapshots')
        .select('entity_ref', 'overall', 'check_statuses')
        .whereIn('entity_ref', chunk);
      for (const row of rows) {
        result.set(row.entity_ref, {
          overall: row.overall,
          checks: parseJson(row.check_statuses, []),
        });
      }
    }
    return result;
  }

  async savePostureSnapshots(snapshots: PostureSnapshot[]): Promise<void> {
    for (const chunk of chunks(snapshots, 200)) {
      await this.db.transaction(async tx => {
        const refs = chunk.map(s => s.entityRef);
        const previous = new Map<
          string,
          Array<{ id: string; status: CheckStatus }>
        >();
        const rows = await tx('dr_posture_snapshots')
          .select('entity_ref', 'check_statuses')
          .whereIn('entity_ref', refs);
        for (const row of rows) {
          previous.set(row.entity_ref, parseJson(row.check_statuses, []));
        }
        await tx('dr_posture_snapshots')
          .insert(
            chunk.map(s => ({
              entity_ref: s.entityRef,
              title: s.title,
              tier: s.tier,
              owner: s.owner ?? null,
              target: s.target ?? null,
              overall: s.overall,
              overall_rank: STATUS_RANK[s.overall],
              checks: JSON.stringify(s.checks),
              check_statuses: JSON.stringify(statusesOf(s.checks)),
              next_breach_at: dateOrNull(s.nextBreachAt),
              evaluated_at: new Date(s.evaluatedAt),
            })),
          )
          .onConflict('entity_ref')
          .merge();
        await tx('dr_posture_checks').whereIn('entity_ref', refs).delete();
        const checkRows = chunk.flatMap(s =>
          s.checks.map(c => ({
            entity_ref: s.entityRef,
            check_id: c.id,
            status: c.status,
          })),
        );
        for (const part of chunks(checkRows, INSERT_CHUNK)) {
          await tx('dr_posture_checks').insert(part);
        }
        const changed = chunk.filter(s => {
          const before = previous.get(s.entityRef);
          return !before || !sameStatuses(before, statusesOf(s.checks));
        });
        for (const part of chunks(changed, INSERT_CHUNK)) {
          await tx('dr_posture_history').insert(
            part.map(s => ({
              entity_ref: s.entityRef,
              overall: s.overall,
              checks: JSON.stringify(statusesOf(s.checks)),
              evaluated_at: new Date(s.evaluatedAt),
            })),
          );
        }
      });
    }
  }

  async deleteStaleSnapshots(before: Date): Promise<number> {
    let deleted = 0;
    await this.db.transaction(async tx => {
      const stale = tx('dr_posture_snapshots')
        .select('entity_ref')
        .where('evaluated_at', '<', before);
      await tx('dr_posture_checks').whereIn('entity_ref', stale).delete();
      deleted = await tx('dr_posture_snapshots')
        .where('evaluated_at', '<', before)
        .delete();
    });
    return deleted;
  }

  async getPostureSnapshot(
    entityRef: string,
  ): Promise<PostureSnapshot | undefined> {
    const row = await this.db('dr_posture_snapshots')
      .where('entity_ref', entityRef)
      .first();
    if (!row) return undefined;
    return compact<PostureSnapshot>({
      entityRef: row.entity_ref,
      title: row.title,
      tier: row.tier,
      owner: stringOrUndefined(row.owner),
      target: stringOrUndefined(row.target),
      overall: row.overall,
      checks: parseJson(row.checks, []),
      nextBreachAt: isoOrUndefined(row.next_breach_at),
      evaluatedAt: iso(row.evaluated_at),
    });
  }

  async queryFleet(
    query: FleetPostureQuery,
    permissionFilter?: FleetPermissionFilter,
  ): Promise<{
    items: FleetPostureItem[];
    totalItems: number;
    counts: Record<CheckStatus, number>;
    tiers: string[];
  }> {
    const page = this.db('dr_posture_snapshots as s').select(
      's.entity_ref',
      's.title',
      's.tier',
      's.owner',
      's.overall',
      's.check_statuses',
      's.next_breach_at',
      's.evaluated_at',
    );
    applyFleetFilters(this.db, page, query, {
      includeStatus: true,
      permissionFilter,
    });
    applyFleetSort(page, query);
    page.offset(query.offset ?? 0).limit(query.limit ?? DEFAULT_FLEET_LIMIT);

    const countQuery = this.db('dr_posture_snapshots as s')
      .select('s.overall')
      .count({ count: '*' })
      .groupBy('s.overall');
    applyFleetFilters(this.db, countQuery, query, {
      includeStatus: false,
      permissionFilter,
    });

    // every tier the caller may see, whatever the other filters (the options of the tier filter)
    const tierQuery = this.db('dr_posture_snapshots as s')
      .distinct('s.tier')
      .orderBy('s.tier');
    applyFleetFilters(
      this.db,
      tierQuery,
      {},
      { includeStatus: false, permissionFilter },
    );

    const [rows, countRows, tierRows] = await Promise.all([
      page,
      countQuery,
      tierQuery,
    ]);
    const counts = countsFromRows(countRows as any);
    const statusFilter =
      !query.failingCheck && query.status?.length ? query.status : undefined;
    const totalItems = (Object.keys(counts) as CheckStatus[])
      .filter(s => !statusFilter || statusFilter.includes(s))
      .reduce((sum, s) => sum + counts[s], 0);
    return {
      items: rows.map((r: Row) =>
        compact<FleetPostureItem>({
          entityRef: r.entity_ref,
          title: r.title,
          tier: r.tier,
          owner: stringOrUndefined(r.owner),
          overall: r.overall,
          checks: parseJson(r.check_statuses, []),
          nextBreachAt: isoOrUndefined(r.next_breach_at),
          evaluatedAt: iso(r.evaluated_at),
        }),
      ),
      totalItems,
      counts,
      tiers: (tierRows as Array<{ tier: string | null }>)
        .map(r => r.tier)
        .filter((t): t is string => typeof t === 'string' && t !== ''),
    };
  }

  async countCheckStatuses(
    checkIdPrefixes: string[],
    permissionFilter?: FleetPermissionFilter,
  ): Promise<Map<string, Record<CheckStatus, number>>> {
    const result = new Map<string, Record<CheckStatus, number>>();
    if (!checkIdPrefixes.length) return result;
    const q = this.db('dr_posture_checks as c')
      .join('dr_posture_snapshots as s', 's.entity_ref', 'c.entity_ref')
      .select('c.check_id', 'c.status')
      .count({ count: '*' })
      .where(b => {
        for (const prefix of checkIdPrefixes) {
          b.orWhere('c.check_id', 'like', `${prefix}%`);
        }
      })
      .groupBy('c.check_id', 'c.status');
    if (permissionFilter) applyPermissionFilter(q, permissionFilter);
    for (const row of (await q) as Row[]) {
      const counts = result.get(row.check_id) ?? emptyCounts();
      counts[row.status as CheckStatus] = Number(row.count);
      result.set(row.check_id, counts);
    }
    return result;
  }

  async recordFleetHistory(
    at: Date,
    counts: Record<CheckStatus, number>,
  ): Promise<void> {
    await this.db('dr_fleet_history').insert({ evaluated_at: at, ...counts });
  }

  async getFleetHistory(options: {
    since: Date;
    limit?: number;
  }): Promise<PostureHistoryPoint[]> {
    const rows = await this.db('dr_fleet_history')
      .where('evaluated_at', '>=', options.since)
      .orderBy('evaluated_at', 'desc')
      .limit(options.limit ?? 500);
    return rows.reverse().map(r => ({
      at: iso(r.evaluated_at),
      counts: {
        pass: Number(r.pass),
        warn: Number(r.warn),
        fail: Number(r.fail),
        unknown: Number(r.unknown),
      },
    }));
  }

  async getEntityHistory(options: {
    entityRef: string;
    since: Date;
    limit?: number;
  }): Promise<PostureHistoryPoint[]> {
    const q = this.db('dr_posture_history')
      .where('entity_ref', options.entityRef)
      .orderBy('evaluated_at', 'desc')
      .limit(options.limit ?? 500);
    const rows = await q.clone().where('evaluated_at', '>=', options.since);
    // The state at the start of the window is the last change before it.
    const before = await q
      .clone()
      .where('evaluated_at', '<', options.since)
      .first();
    const all = before ? [...rows, before] : rows;
    return all.reverse().map(r => ({
      at: iso(r.evaluated_at),
      counts: countChecks(parseJson(r.checks, [])),
    }));
  }
}
