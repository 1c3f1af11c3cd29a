import { createStores, storeTestDatabases } from './__testUtils__/testStores';

jest.setTimeout(120_000);

describe.each(storeTestDatabases.eachSupportedId())(
  'DatabaseTopologyStore on %p',
  databaseId => {
    it('has no record for a target no run changed, then keeps the latest roles per target', async () => {
      const { stores } = await createStores(databaseId);
      expect(await stores.topology.getTopology('db1')).toBeUndefined();

      await stores.topology.setTopology({
        target: 'db1',
        primaryServer: 'standby',
        changedAt: '2026-01-01T00:00:00.000Z',
        runId: 'run-1',
      });
      await stores.topology.setTopology({
        target: 'db2',
        primaryServer: 'primary',
        standbyServer: 'standby',
        changedAt: '2026-01-01T00:01:00.000Z',
      });
      expect(await stores.topology.getTopology('db1')).toEqual({
        target: 'db1',
        primaryServer: 'standby',
        changedAt: '2026-01-01T00:00:00.000Z',
        runId: 'run-1',
      });

      await stores.topology.setTopology({
        target: 'db1',
        primaryServer: 'standby',
        standbyServer: 'primary',
        changedAt: '2026-01-01T00:05:00.000Z',
        runId: 'run-2',
      });
      expect(await stores.topology.getTopology('db1')).toEqual({
        target: 'db1',
        primaryServer: 'standby',
        standbyServer: 'primary',
        changedAt: '2026-01-01T00:05:00.000Z',
        runId: 'run-2',
      });
      expect(await stores.topology.getTopology('db2')).toEqual({
        target: 'db2',
        primaryServer: 'primary',
        standbyServer: 'standby',
        changedAt: '2026-01-01T00:01:00.000Z',
      });
    });
  },
);
