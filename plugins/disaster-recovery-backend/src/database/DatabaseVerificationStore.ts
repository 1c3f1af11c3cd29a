import { ConflictError } from '@backstage/errors';
import { Knex } from 'knex';
import {
  compact,
  dateOrNull,
  iso,
  isoOrUndefined,
  parseJson,
  stringOrUndefined,
} from './conversions';
import { VerificationRecord, VerificationStore } from './VerificationStore';

/**
 * The knex implementation of the verification store: table `dr_verification_runs`.
 *
 * @public
 */
export class DatabaseVerificationStore implements VerificationStore {
  /** A store over the plugin database's client; the persistence context has migrated it. */
  static create(options: { knex: Knex }): DatabaseVerificationStore {
    return new DatabaseVerificationStore(options.knex);
  }

  private constructor(private readonly db: Knex) {}

  async recordVerification(record: VerificationRecord): Promise<void> {
    await this.db.transaction(async tx => {
      if (record.backupId !== undefined) {
        // The backup must still be listed when its verification is written: a row the indexer
        // marked deleted (or never had) cannot be called verified.
        const backup = await tx('dr_backups')
          .where('id', record.backupId)
          .first('id', 'key', 'deleted_at');
        if (!backup || backup.deleted_at) {
          throw new ConflictError(
            `Backup ${record.backupId}${
              backup ? ` (${backup.key})` : ''
            } is gone: a verification of a deleted backup is not evidence`,
          );
        }
      }
      await this.insert(tx, record);
    });
  }

  private async insert(
    tx: Knex.Transaction,
    record: VerificationRecord,
  ): Promise<void> {
    await tx('dr_verification_runs')
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
}
