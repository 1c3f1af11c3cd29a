import { createStores, storeTestDatabases } from './__testUtils__/testStores';

jest.setTimeout(120_000);

describe.each(storeTestDatabases.eachSupportedId())(
  'DatabaseObservationStore on %p',
  databaseId => {
    it('keeps pgBackRest and replication observations, newest first', async () => {
      const { stores } = await createStores(databaseId);
      await stores.observations.insertReplicationObservation({
        target: 'db1',
        observedAt: '2026-01-01T00:00:00.000Z',
        standbyConnected: true,
        replayLagSeconds: 0.5,
        lagBytes: 0,
      });
      await stores.observations.insertReplicationObservation({
        target: 'db1',
        observedAt: '2026-01-01T00:05:00.000Z',
        standbyConnected: false,
      });
      expect(
        await stores.observations.getLatestReplicationObservation('db1'),
      ).toMatchObject({
        standbyConnected: false,
        observedAt: '2026-01-01T00:05:00.000Z',
      });

      await stores.observations.insertPgBackRestInfo({
        target: 'db1',
        stanza: 'main',
        backups: [
          { label: 'F1', type: 'full', startedAt: 'a', stoppedAt: 'b' },
        ],
        lastArchivedAt: '2026-01-01T00:04:00.000Z',
        pitrStart: '2026-01-01T00:00:00.000Z',
        pitrEnd: '2026-01-01T00:04:00.000Z',
        observedAt: '2026-01-01T00:05:00.000Z',
      });
      expect(
        await stores.observations.getLatestPgBackRestInfo('db1'),
      ).toMatchObject({
        stanza: 'main',
        backups: [{ label: 'F1' }],
        lastArchivedAt: '2026-01-01T00:04:00.000Z',
      });
    });
  },
);
