import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { TRAINING_TEST_DATABASES } from '../training/__testUtils__/trainingFixtures';
import {
  initializePersistenceContext,
  MIGRATIONS_DIRECTORY,
} from './persistenceContext';

jest.setTimeout(120_000);

describe.each(TRAINING_TEST_DATABASES)('DatabaseTrainingStore on %s', id => {
  const databases = TestDatabases.create({ ids: [id] });

  it('migrates the training table up and down', async () => {
    const knex = await databases.init(id);
    const directory = MIGRATIONS_DIRECTORY;
    await knex.migrate.latest({ directory });
    expect(await knex.schema.hasTable('dr_training_records')).toBe(true);
    await knex.migrate.rollback({ directory }, true);
    expect(await knex.schema.hasTable('dr_training_records')).toBe(false);
    await knex.migrate.latest({ directory });
    expect(await knex.schema.hasTable('dr_training_records')).toBe(true);
    await knex.destroy();
  });

  it('stores one record when the same completion arrives twice at once', async () => {
    const knex = await databases.init(id);
    const { training: store } = await initializePersistenceContext(
      mockServices.database({ knex }),
    );
    const completion = {
      person: 'user:default/jane.doe',
      course: 'annual-simulation',
      completed: '2026-04-15',
      expires: '2027-04-15',
      recordedBy: 'user:default/coach',
    };
    const results = await Promise.all([
      store.addRecord(completion),
      store.addRecord(completion),
      store.addRecord({ ...completion, completed: '2026-04-16' }),
    ]);
    expect(results.map(r => r.created).sort()).toEqual([false, true, true]);
    expect(results[0].record.id).toBe(results[1].record.id);
    const { items, totalItems } = await store.listRecords({
      person: 'user:default/jane.doe',
    });
    expect(totalItems).toBe(2);
    expect(items.find(r => r.completed === '2026-04-15')).toEqual({
      id: results[0].record.id,
      person: 'user:default/jane.doe',
      course: 'annual-simulation',
      completed: '2026-04-15',
      expires: '2027-04-15',
      recordedBy: 'user:default/coach',
      recordedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
    await knex.destroy();
  });
});
