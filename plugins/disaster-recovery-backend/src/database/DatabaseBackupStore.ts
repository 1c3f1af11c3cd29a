import { Knex } from 'knex';
import {
  BackupEvidenceSample,
  BackupPage,
  BackupRowState,
  BackupStore,
  IndexCursor,
  IndexedBackup,
  IndexedBackupVersion,
  NewBackup,
} from './BackupStore';
import { chunks, INSERT_CHUNK, Row } from './batches';
import {
  compact,
  iso,
  isoOrUndefined,
  numberOrUndefined,
  stringOrUndefined,
} from './conversions';

/** `key LIKE '<prefix>%'` with the prefix's own `%` and `_` taken literally. */
function keyLike(prefix: string): [string, string[]] {
  return [
    '?? LIKE ? ESCAPE ?',
    ['key', `${prefix.replace(/[!%_]/g, c => `!${c}`)}%`, '!'],
  ];
}

/** Newest backups handed to a posture evaluation. */
const NEWEST_BACKUPS = 20;

/**
 * The knex implementation of the backup store: tables `dr_backups` (with the latest verification
 * of each backup from `dr_verification_runs`) and `dr_index_cursors`.
 *
 * @public
 */
export class DatabaseBackupStore implements BackupStore {
  /** A store over the plugin database's client; the persistence context has migrated it. */
  static create(options: { knex: Knex }): DatabaseBackupStore {
    return new DatabaseBackupStore(options.knex);
  }

  private readonly isPostgres: boolean;

  private constructor(private readonly db: Knex) {
    this.isPostgres = ['pg', 'postgres', 'postgresql'].includes(
      String(db.client.config.client),
    );
  }

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

  async findBackup(
    bucket: string,
    key: string,
  ): Promise<BackupRowState | undefined> {
    const row = await this.db('dr_backups')
      .where({ bucket, key })
      .first('id', 'etag', 'deleted_at');
    return row
      ? compact<BackupRowState>({
          id: String(row.id),
          etag: stringOrUndefined(row.etag),
          deletedAt: isoOrUndefined(row.deleted_at),
        })
      : undefined;
  }

  async listIndexedBackupVersions(
    target: string,
    within?: {
      bucket: string;
      scopes: Array<{ prefix: string; except?: string[] }>;
    },
  ): Promise<IndexedBackupVersion[]> {
    // A full rescan reads every kept row of the target (100,000 and more): PostgreSQL hands the
    // modification time over as epoch milliseconds, which costs far less than parsing timestamps.
    const epochMs = this.isPostgres
      ? this.db.raw('(extract(epoch from ??) * 1000)::float8 as ??', [
          'last_modified',
          'last_modified_ms',
        ])
      : 'last_modified';
    const kept = () =>
      this.db('dr_backups')
        .select('bucket', 'key', 'etag', epochMs)
        .where('target', target)
        .whereNull('deleted_at');
    const versions: IndexedBackupVersion[] = [];
    const add = (rows: Row[], seen?: Set<string>) => {
      for (const r of rows) {
        if (seen) {
          const id = `${r.bucket}/${r.key}`;
          if (seen.has(id)) continue;
          seen.add(id);
        }
        const version: IndexedBackupVersion = {
          bucket: r.bucket,
          key: r.key,
          lastModified:
            r.last_modified_ms !== undefined
              ? new Date(Number(r.last_modified_ms))
              : new Date(iso(r.last_modified)),
        };
        if (r.etag !== null && r.etag !== undefined) version.etag = r.etag;
        versions.push(version);
      }
    };
    if (!within) {
      // (bucket, key) is unique: nothing to de-duplicate.
      add(await kept());
      return versions;
    }
    // Scopes can overlap, so a row can come back more than once.
    const seen = new Set<string>();
    for (const chunk of chunks(within.scopes, 50)) {
      add(
        await kept()
          .where('bucket', within.bucket)
          .where(q => {
            for (const scope of chunk) {
              q.orWhere(one => {
                one.whereRaw(...keyLike(scope.prefix));
                // Past a few hundred exclusions, the superset is cheaper than the query.
                if ((scope.except?.length ?? 0) <= 200) {
                  for (const except of scope.except ?? []) {
                    one.whereNot(not => not.whereRaw(...keyLike(except)));
                  }
                }
              });
            }
          }),
        seen,
      );
    }
    return versions;
  }

  async markBackupsDeleted(
    target: string,
    backups: Array<{ bucket: string; key: string }>,
  ): Promise<number> {
    const byBucket = new Map<string, string[]>();
    for (const b of backups) {
      byBucket.set(b.bucket, [...(byBucket.get(b.bucket) ?? []), b.key]);
    }
    const now = new Date();
    let marked = 0;
    for (const [bucket, keys] of byBucket) {
      for (const chunk of chunks(keys, INSERT_CHUNK)) {
        marked += await this.db('dr_backups')
          .where({ target, bucket })
          .whereIn('key', chunk)
          .whereNull('deleted_at')
          .update({ deleted_at: now });
      }
    }
    return marked;
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
}
