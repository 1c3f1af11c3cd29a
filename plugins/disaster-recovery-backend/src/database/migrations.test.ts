import { TestDatabases } from '@backstage/backend-test-utils';
import { MIGRATIONS_DIRECTORY } from './persistenceContext';

jest.setTimeout(120_000);

const TABLES = [
  'dr_backups',
  'dr_index_cursors',
  'dr_pgbackrest_info',
  'dr_replication_status',
  'dr_verification_runs',
  'dr_recovery_runs',
  'dr_locks',
  'dr_posture_snapshots',
  'dr_posture_checks',
  'dr_posture_history',
  'dr_fleet_history',
];

describe('migrations', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  it.each(databases.eachSupportedId())(
    'migrates up and down on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const directory = MIGRATIONS_DIRECTORY;

      await knex.migrate.latest({ directory });
      for (const table of TABLES) {
        expect(await knex.schema.hasTable(table)).toBe(true);
      }

      // The schema holds what the store writes: a backup with a 1 KiB key and a bigint size.
      const key = `tenant-1/${'k'.repeat(1000)}.dump`;
      const now = new Date();
      await knex('dr_backups').insert({
        target: 't',
        bucket: 'b',
        key,
        size_bytes: 5_000_000_000,
        taken_at: now,
        last_modified: now,
        indexed_at: now,
        seen_at: now,
      });
      const [row] = await knex('dr_backups').where({ key });
      expect(Number(row.size_bytes)).toBe(5_000_000_000);
      // (bucket, key) is unique
      const duplicate = await knex('dr_backups')
        .insert({
          target: 't2',
          bucket: 'b',
          key,
          size_bytes: 1,
          taken_at: now,
          last_modified: now,
          indexed_at: now,
          seen_at: now,
        })
        .then(
          () => 'inserted',
          (error: unknown) => String((error as Error)?.message ?? error),
        );
      expect(duplicate).toMatch(/unique|duplicate/i);

      await knex.migrate.rollback({ directory }, true);
      for (const table of TABLES) {
        expect(await knex.schema.hasTable(table)).toBe(false);
      }

      // and up again after a full rollback
      await knex.migrate.latest({ directory });
      expect(await knex.schema.hasTable('dr_backups')).toBe(true);
      expect(await knex('dr_backups').count({ c: '*' })).toEqual([
        { c: expect.anything() },
      ]);
      await knex.migrate.rollback({ directory }, true);
    },
  );
});
