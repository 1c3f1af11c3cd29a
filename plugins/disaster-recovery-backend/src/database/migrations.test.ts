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
  'dr_target_topology',
  'dr_incident_sequences',
  'dr_incidents',
  'dr_incident_entities',
  'dr_incident_events',
  'dr_incident_notices',
  'dr_incident_reviews',
  'dr_incident_action_items',
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

  it.each(databases.eachSupportedId())(
    'adds posture causes over existing snapshots and removes them again on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const directory = MIGRATIONS_DIRECTORY;
      const causes = '20261203100000_posture_causes.js';
      const migrations = (await knex.migrate.list({ directory }))[1] as Array<{
        file: string;
      }>;
      const before = migrations.map(m => m.file).filter(f => f < causes);
      for (let i = 0; i < before.length; i++) {
        await knex.migrate.up({ directory });
      }
      const evaluatedAt = new Date('2026-12-01T00:00:00.000Z');
      await knex('dr_posture_snapshots').insert({
        entity_ref: 'resource:default/tenant-1',
        title: 'Tenant 1',
        tier: 'standard',
        overall: 'fail',
        overall_rank: 0,
        checks: '[]',
        check_statuses: '[{"id":"rpo","status":"fail"}]',
        evaluated_at: evaluatedAt,
      });
      await knex('dr_posture_checks').insert({
        entity_ref: 'resource:default/tenant-1',
        check_id: 'rpo',
        status: 'fail',
      });

      await knex.migrate.up({ directory, name: causes });
      // existing rows stay, with no cause until the next evaluation writes one
      expect(await knex('dr_posture_checks').select()).toEqual([
        expect.objectContaining({ check_id: 'rpo', cause: null, reason: null }),
      ]);
      await knex('dr_posture_checks').update({ cause: 'c1', reason: 'r' });
      await knex('dr_posture_snapshots').update({
        database_ref: 'resource:default/orders-db',
        system_ref: 'system:default/shop',
      });
      expect(
        await knex('dr_posture_snapshots')
          .where({ database_ref: 'resource:default/orders-db' })
          .pluck('entity_ref'),
      ).toEqual(['resource:default/tenant-1']);

      await knex.migrate.down({ directory, name: causes });
      // the snapshot and its checks survive the rollback (no cascade on SQLite's table rebuild)
      const [snapshot] = await knex('dr_posture_snapshots').select();
      expect(snapshot.entity_ref).toBe('resource:default/tenant-1');
      expect(snapshot).not.toHaveProperty('database_ref');
      const checks = await knex('dr_posture_checks').select();
      expect(checks).toHaveLength(1);
      expect(checks[0]).not.toHaveProperty('cause');
      await knex.migrate.rollback({ directory }, true);
    },
  );
});
