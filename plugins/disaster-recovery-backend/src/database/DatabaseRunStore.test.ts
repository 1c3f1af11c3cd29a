import { createStores, storeTestDatabases } from './__testUtils__/testStores';
import { mockServices } from '@backstage/backend-test-utils';
import { initializePersistenceContext } from './persistenceContext';

jest.setTimeout(120_000);

describe.each(storeTestDatabases.eachSupportedId())(
  'DatabaseRunStore on %p',
  databaseId => {
    it('gives a target lock to one owner at a time, also across store instances', async () => {
      const { stores, knex } = await createStores(databaseId);
      const { runs: other } = await initializePersistenceContext(
        mockServices.database({ knex, migrations: { skip: true } }),
      );
      const attempts = await Promise.all([
        stores.runs.acquireLock({ target: 'db1', owner: 'a', ttlMs: 60_000 }),
        other.acquireLock({ target: 'db1', owner: 'b', ttlMs: 60_000 }),
        other.acquireLock({ target: 'db1', owner: 'c', ttlMs: 60_000 }),
      ]);
      const held = attempts.filter(Boolean);
      expect(held).toHaveLength(1);
      const lock = held[0]!;
      expect(await stores.runs.getLock('db1')).toMatchObject({
        owner: lock.owner,
      });
      expect(await stores.runs.heartbeatLock(lock, 60_000)).toBe(true);
      // a stranger cannot release it
      expect(await stores.runs.releaseLock({ ...lock, token: 'forged' })).toBe(
        false,
      );
      expect(await stores.runs.releaseLock(lock)).toBe(true);
      expect(await stores.runs.heartbeatLock(lock, 60_000)).toBe(false);

      // an expired lock is taken over
      const short = await stores.runs.acquireLock({
        target: 'db2',
        owner: 'dead',
        ttlMs: 1,
      });
      expect(short).toBeDefined();
      await new Promise(r => setTimeout(r, 20));
      expect(await stores.runs.getLock('db2')).toBeUndefined();
      const next = await other.acquireLock({
        target: 'db2',
        owner: 'alive',
        ttlMs: 60_000,
      });
      expect(next?.owner).toBe('alive');
      expect(await stores.runs.heartbeatLock(short!, 60_000)).toBe(false);
    });

    it('stores recovery runs', async () => {
      const { stores } = await createStores(databaseId);
      await stores.runs.saveRecoveryRun({
        id: 'r1',
        operation: 'failover',
        entityRef: 'resource:default/db1',
        target: 'db1',
        initiatedBy: 'user:default/alice',
        status: 'running',
        dryRun: false,
        startedAt: '2026-01-01T00:00:00.000Z',
        steps: [{ id: 'fence', title: 'Fence', status: 'running' }],
      });
      await stores.runs.saveRecoveryRun({
        id: 'r1',
        operation: 'failover',
        entityRef: 'resource:default/db1',
        target: 'db1',
        initiatedBy: 'user:default/alice',
        status: 'succeeded',
        purpose: 'recovery',
        databaseRef: 'resource:default/db1',
        dryRun: false,
        startedAt: '2026-01-01T00:00:00.000Z',
        finishedAt: '2026-01-01T00:01:00.000Z',
        achievedRtoSeconds: 60,
        steps: [{ id: 'fence', title: 'Fence', status: 'succeeded' }],
        output: { promotedTo: 'standby' },
      });
      const { items, totalItems } = await stores.runs.listRecoveryRuns({
        entityRef: 'resource:default/db1',
      });
      expect(totalItems).toBe(1);
      expect(items[0]).toEqual({
        id: 'r1',
        operation: 'failover',
        entityRef: 'resource:default/db1',
        target: 'db1',
        initiatedBy: 'user:default/alice',
        status: 'succeeded',
        purpose: 'recovery',
        databaseRef: 'resource:default/db1',
        dryRun: false,
        startedAt: '2026-01-01T00:00:00.000Z',
        finishedAt: '2026-01-01T00:01:00.000Z',
        achievedRtoSeconds: 60,
        steps: [{ id: 'fence', title: 'Fence', status: 'succeeded' }],
        output: { promotedTo: 'standby' },
      });
    });

    it('filters runs by purpose; a run without one is never a recovery', async () => {
      const { stores } = await createStores(databaseId);
      const base = {
        entityRef: 'resource:default/tenant-a',
        databaseRef: 'resource:default/db1',
        target: 'db1',
        initiatedBy: 'user:default/alice',
        status: 'succeeded' as const,
        dryRun: false,
        startedAt: '2026-01-01T00:00:00.000Z',
        steps: [],
      };
      await stores.runs.saveRecoveryRun({
        ...base,
        id: 'test',
        operation: 'restore',
        purpose: 'test',
      });
      await stores.runs.saveRecoveryRun({
        ...base,
        id: 'real',
        operation: 'restore',
        purpose: 'recovery',
      });
      await stores.runs.saveRecoveryRun({
        ...base,
        id: 'backup',
        operation: 'backup',
      });
      const recoveries = await stores.runs.listRecoveryRuns({
        target: 'db1',
        purposes: ['recovery'],
      });
      expect(recoveries.items.map(r => [r.id, r.purpose])).toEqual([
        ['real', 'recovery'],
      ]);
      const all = await stores.runs.listRecoveryRuns({ target: 'db1' });
      expect(all.totalItems).toBe(3);
      expect(all.items.find(r => r.id === 'backup')?.purpose).toBeUndefined();
      expect(all.items.find(r => r.id === 'test')?.databaseRef).toBe(
        'resource:default/db1',
      );
    });
  },
);
