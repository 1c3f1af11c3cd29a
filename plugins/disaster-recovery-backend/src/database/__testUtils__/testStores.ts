import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import {
  initializePersistenceContext,
  PersistenceContext,
} from '../persistenceContext';

/** The databases the store tests run on: SQLite, and PostgreSQL 15 where the test command has one. */
export const storeTestDatabases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
});

/** A fresh, migrated database of the given engine and every store on it. */
export async function createStores(
  databaseId: Parameters<typeof storeTestDatabases.init>[0],
): Promise<{
  knex: Awaited<ReturnType<typeof storeTestDatabases.init>>;
  stores: PersistenceContext;
}> {
  const knex = await storeTestDatabases.init(databaseId);
  const stores = await initializePersistenceContext(
    mockServices.database({ knex }),
  );
  return { knex, stores };
}
