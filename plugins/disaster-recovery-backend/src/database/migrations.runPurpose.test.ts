import { TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { MIGRATIONS_DIRECTORY } from './persistenceContext';

jest.setTimeout(120_000);

function run(id: string, operation: string, extra: Record<string, unknown>) {
  return {
    id,
    operation,
    entity_ref: 'resource:default/tenant-a',
    target: 'ecommerce',
    initiated_by: 'user:default/jane',
    status: 'succeeded',
    dry_run: false,
    started_at: new Date('2026-12-01T10:00:00Z'),
    steps: '[]',
    ...extra,
  };
}

const MIGRATION = '20261203110000_run_purpose.js';

/** Rolls back the migrations that came after this one, then this one (later ones may exist). */
async function downThrough(knex: Knex, directory: string) {
  for (;;) {
    const [completed] = await knex.migrate.list({ directory });
    const names = (completed as Array<string | { name: string }>).map(m =>
      typeof m === 'string' ? m : m.name,
    );
    if (!names.includes(MIGRATION)) return;
    await knex.migrate.down({ directory });
  }
}

describe('migration 20261203110000_run_purpose', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  it.each(databases.eachSupportedId())(
    'derives the purpose of existing runs and rolls back on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const directory = MIGRATIONS_DIRECTORY;
      await knex.migrate.latest({ directory });
      // Back to the schema before the purpose, with runs recorded then.
      await downThrough(knex, directory);
      expect(await knex.schema.hasColumn('dr_recovery_runs', 'purpose')).toBe(
        false,
      );
      const db = JSON.stringify({ databaseRef: 'resource:default/ecommerce' });
      await knex('dr_recovery_runs').insert([
        run('r1', 'restore', { output: JSON.stringify({ cutOver: false }) }),
        run('r2', 'restore', {
          output: JSON.stringify({
            cutOver: true,
            databaseRef: 'resource:default/ecommerce',
          }),
        }),
        run('r3', 'restore-pitr', { output: db }),
        run('r4', 'restore-tenant', { output: 'not json' }),
        run('r5', 'restore', { scenario: 'region-loss', output: null }),
        run('r6', 'verify', { output: db }),
        run('r7', 'backup', { output: db }),
        run('r8', 'failover', { output: null }),
      ]);

      await knex.migrate.latest({ directory });
      const rows = await knex('dr_recovery_runs')
        .select('id', 'purpose', 'database_ref')
        .orderBy('id');
      expect(
        Object.fromEntries(rows.map(r => [r.id, [r.purpose, r.database_ref]])),
      ).toEqual({
        r1: ['test', null],
        r2: ['recovery', 'resource:default/ecommerce'],
        r3: ['test', 'resource:default/ecommerce'],
        r4: ['test', null],
        r5: ['drill', null],
        r6: ['test', 'resource:default/ecommerce'],
        r7: [null, 'resource:default/ecommerce'],
        r8: ['recovery', null],
      });

      await downThrough(knex, directory);
      expect(await knex.schema.hasColumn('dr_recovery_runs', 'purpose')).toBe(
        false,
      );
      expect(
        await knex.schema.hasColumn('dr_recovery_runs', 'database_ref'),
      ).toBe(false);
      const [{ c }] = await knex('dr_recovery_runs').count({ c: '*' });
      expect(Number(c)).toBe(8);
      await knex.migrate.rollback({ directory }, true);
    },
  );
});
