import { randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import { RecoveryRun } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { Row } from './batches';
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
import { RecoveryRunQuery, RunStore, TargetLock } from './RunStore';

/**
 * The knex implementation of the run store: tables `dr_recovery_runs` and `dr_locks` (whose
 * primary key on the target arbitrates between backend replicas).
 *
 * @public
 */
export class DatabaseRunStore implements RunStore {
  /** A store over the plugin database's client; the persistence context has migrated it. */
  static create(options: { knex: Knex }): DatabaseRunStore {
    return new DatabaseRunStore(options.knex);
  }

  private constructor(private readonly db: Knex) {}

  async saveRecoveryRun(run: RecoveryRun): Promise<void> {
    await this.db('dr_recovery_runs')
      .insert({
        id: run.id,
        operation: run.operation,
        entity_ref: run.entityRef,
        database_ref: run.databaseRef ?? null,
        target: run.target,
        purpose: run.purpose ?? null,
        incident_id: run.incidentId ?? null,
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
    if (query.purposes?.length) base.whereIn('purpose', query.purposes);
    if (query.incidentId) base.where('incident_id', query.incidentId);
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
      databaseRef: stringOrUndefined(row.database_ref),
      target: row.target,
      purpose: stringOrUndefined(row.purpose) as RecoveryRun['purpose'],
      incidentId: stringOrUndefined(row.incident_id),
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
}
