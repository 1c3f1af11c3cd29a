import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import {
  CheckResult,
  CheckStatus,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { DatabaseEvidenceStore } from './DatabaseEvidenceStore';
import { FleetPermissionFilter, PostureSnapshot } from './EvidenceStore';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

async function createStore(databaseId: any) {
  const knex = await databases.init(databaseId);
  const store = await DatabaseEvidenceStore.create({
    database: mockServices.database({ knex }),
  });
  return { knex, store };
}

function check(id: string, status: CheckStatus): CheckResult {
  return { id, title: id, status, reason: `${id} is ${status}`, evidence: [] };
}

function snapshot(
  n: number,
  overall: CheckStatus,
  extra: Partial<PostureSnapshot> = {},
): PostureSnapshot {
  return {
    entityRef: `resource:default/tenant-${String(n).padStart(3, '0')}`,
    title: `Tenant ${n}`,
    tier: n % 2 ? 'critical' : 'standard',
    owner: n % 3 ? 'group:default/team-a' : 'group:default/team-b',
    overall,
    checks: [check('rpo', overall), check('replica-lag', 'pass')],
    evaluatedAt: '2026-01-01T00:00:00.000Z',
    ...extra,
  };
}

describe.each(databases.eachSupportedId())(
  'DatabaseEvidenceStore on %p',
  databaseId => {
    it('pages backups newest by time taken, not by key, and keeps deleted ones out', async () => {
      const { store } = await createStore(databaseId);
      // Keys sort in the opposite order of their times.
      await store.upsertBackups(
        ['a', 'b', 'c'].map((letter, i) => ({
          target: 'db1',
          bucket: 'backups',
          key: `db1/${letter}.dump`,
          sizeBytes: 100 + i,
          takenAt: new Date(Date.UTC(2026, 0, 10 - i)),
          lastModified: new Date(Date.UTC(2026, 0, 10 - i)),
        })),
      );
      const page = await store.listBackups({ targets: ['db1'], limit: 2 });
      expect(page.totalItems).toBe(3);
      expect(page.items.map(b => b.key)).toEqual(['db1/a.dump', 'db1/b.dump']);
      expect(page.items[0].takenAt).toBe('2026-01-10T00:00:00.000Z');

      // upsert by (bucket, key) updates in place
      await store.upsertBackups([
        {
          target: 'db1',
          bucket: 'backups',
          key: 'db1/a.dump',
          sizeBytes: 999,
          sha256: 'abc',
          takenAt: new Date(Date.UTC(2026, 0, 10)),
          lastModified: new Date(Date.UTC(2026, 0, 10)),
        },
      ]);
      const evidence = await store.getBackupEvidence('db1');
      expect(evidence.count).toBe(3);
      expect(evidence.newest[0]).toMatchObject({
        key: 'db1/a.dump',
        sizeBytes: 999,
        sha256: 'abc',
      });
      expect(evidence.oldest.map(b => b.key)).toEqual(['db1/c.dump']);
      expect(evidence.firstBackupAt).toBe('2026-01-08T00:00:00.000Z');

      // a full rescan that only saw a.dump marks the others deleted; history keeps the first one
      const scanStart = new Date(Date.now() + 1000);
      await new Promise(r => setTimeout(r, 5));
      await store.upsertBackups([
        {
          target: 'db1',
          bucket: 'backups',
          key: 'db1/a.dump',
          sizeBytes: 999,
          takenAt: new Date(Date.UTC(2026, 0, 10)),
          lastModified: new Date(Date.UTC(2026, 0, 10)),
        },
      ]);
      expect(
        await store.markUnseenBackupsDeleted(
          'db1',
          new Date(scanStart.getTime() - 1000),
        ),
      ).toBe(2);
      const after = await store.getBackupEvidence('db1');
      expect(after.count).toBe(1);
      expect(after.firstBackupAt).toBe('2026-01-08T00:00:00.000Z');
      expect((await store.listBackups({ targets: ['db1'] })).totalItems).toBe(
        1,
      );

      // verification results are attached to their backup
      await store.recordVerification({
        id: 'v1',
        target: 'db1',
        backupId: after.newest[0].id,
        status: 'pass',
        mode: 'quick',
        finishedAt: '2026-01-11T00:00:00.000Z',
      });
      const verified = await store.listBackups({ targets: ['db1'] });
      expect(verified.items[0].verification).toEqual({
        status: 'pass',
        mode: 'quick',
        verifiedAt: '2026-01-11T00:00:00.000Z',
      });
    });

    it('keeps index cursors, pgBackRest and replication observations', async () => {
      const { store } = await createStore(databaseId);
      expect(await store.getIndexCursor('db1')).toBeUndefined();
      await store.setIndexCursor({
        target: 'db1',
        bucket: 'b',
        prefix: 'db1/',
        lastKey: 'db1/x',
        updatedAt: new Date(),
      });
      await store.setIndexCursor({
        target: 'db1',
        bucket: 'b',
        prefix: 'db1/',
        lastKey: 'db1/y',
        updatedAt: new Date(),
      });
      expect(await store.getIndexCursor('db1')).toMatchObject({
        lastKey: 'db1/y',
      });

      await store.insertReplicationObservation({
        target: 'db1',
        observedAt: '2026-01-01T00:00:00.000Z',
        standbyConnected: true,
        replayLagSeconds: 0.5,
        lagBytes: 0,
      });
      await store.insertReplicationObservation({
        target: 'db1',
        observedAt: '2026-01-01T00:05:00.000Z',
        standbyConnected: false,
      });
      expect(await store.getLatestReplicationObservation('db1')).toMatchObject({
        standbyConnected: false,
        observedAt: '2026-01-01T00:05:00.000Z',
      });

      await store.insertPgBackRestInfo({
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
      expect(await store.getLatestPgBackRestInfo('db1')).toMatchObject({
        stanza: 'main',
        backups: [{ label: 'F1' }],
        lastArchivedAt: '2026-01-01T00:04:00.000Z',
      });
    });

    it('gives a target lock to one owner at a time, also across store instances', async () => {
      const { store, knex } = await createStore(databaseId);
      const other = await DatabaseEvidenceStore.create({
        database: mockServices.database({ knex, migrations: { skip: true } }),
      });
      const attempts = await Promise.all([
        store.acquireLock({ target: 'db1', owner: 'a', ttlMs: 60_000 }),
        other.acquireLock({ target: 'db1', owner: 'b', ttlMs: 60_000 }),
        other.acquireLock({ target: 'db1', owner: 'c', ttlMs: 60_000 }),
      ]);
      const held = attempts.filter(Boolean);
      expect(held).toHaveLength(1);
      const lock = held[0]!;
      expect(await store.getLock('db1')).toMatchObject({ owner: lock.owner });
      expect(await store.heartbeatLock(lock, 60_000)).toBe(true);
      // a stranger cannot release it
      expect(await store.releaseLock({ ...lock, token: 'forged' })).toBe(false);
      expect(await store.releaseLock(lock)).toBe(true);
      expect(await store.heartbeatLock(lock, 60_000)).toBe(false);

      // an expired lock is taken over
      const short = await store.acquireLock({
        target: 'db2',
        owner: 'dead',
        ttlMs: 1,
      });
      expect(short).toBeDefined();
      await new Promise(r => setTimeout(r, 20));
      expect(await store.getLock('db2')).toBeUndefined();
      const next = await other.acquireLock({
        target: 'db2',
        owner: 'alive',
        ttlMs: 60_000,
      });
      expect(next?.owner).toBe('alive');
      expect(await store.heartbeatLock(short!, 60_000)).toBe(false);
    });

    it('stores recovery runs', async () => {
      const { store } = await createStore(databaseId);
      await store.saveRecoveryRun({
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
      await store.saveRecoveryRun({
        id: 'r1',
        operation: 'failover',
        entityRef: 'resource:default/db1',
        target: 'db1',
        initiatedBy: 'user:default/alice',
        status: 'succeeded',
        dryRun: false,
        startedAt: '2026-01-01T00:00:00.000Z',
        finishedAt: '2026-01-01T00:01:00.000Z',
        achievedRtoSeconds: 60,
        steps: [{ id: 'fence', title: 'Fence', status: 'succeeded' }],
        output: { promotedTo: 'standby' },
      });
      const { items, totalItems } = await store.listRecoveryRuns({
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
        dryRun: false,
        startedAt: '2026-01-01T00:00:00.000Z',
        finishedAt: '2026-01-01T00:01:00.000Z',
        achievedRtoSeconds: 60,
        steps: [{ id: 'fence', title: 'Fence', status: 'succeeded' }],
        output: { promotedTo: 'standby' },
      });
    });

    it('pages, sorts, filters and counts the fleet on the database', async () => {
      const { store } = await createStore(databaseId);
      const statuses: CheckStatus[] = ['pass', 'warn', 'fail', 'unknown'];
      await store.savePostureSnapshots(
        Array.from({ length: 40 }, (_, i) =>
          snapshot(i, statuses[i % 4], {
            nextBreachAt:
              i % 5
                ? new Date(Date.UTC(2026, 1, 40 - i)).toISOString()
                : undefined,
          }),
        ),
      );
      const all = await store.queryFleet({ limit: 5 });
      expect(all.totalItems).toBe(40);
      expect(all.counts).toEqual({ pass: 10, warn: 10, fail: 10, unknown: 10 });
      // default sort: worst first
      expect(all.items.map(i => i.overall)).toEqual([
        'fail',
        'fail',
        'fail',
        'fail',
        'fail',
      ]);
      expect(all.items[0]).toEqual({
        entityRef: 'resource:default/tenant-002',
        title: 'Tenant 2',
        tier: 'standard',
        owner: 'group:default/team-a',
        overall: 'fail',
        checks: [
          { id: 'rpo', status: 'fail' },
          { id: 'replica-lag', status: 'pass' },
        ],
        nextBreachAt: new Date(Date.UTC(2026, 1, 38)).toISOString(),
        evaluatedAt: '2026-01-01T00:00:00.000Z',
      });

      const filtered = await store.queryFleet({
        status: ['fail', 'warn'],
        tier: ['critical'],
        sort: 'entityRef',
        order: 'desc',
        offset: 1,
        limit: 3,
      });
      // odd numbers are critical; warn = 1 mod 4 (all odd), fail = 2 mod 4 (all even)
      expect(filtered.totalItems).toBe(10);
      expect(filtered.counts).toEqual({
        pass: 0,
        warn: 10,
        fail: 0,
        unknown: 10,
      });
      expect(filtered.items.map(i => i.entityRef)).toEqual([
        'resource:default/tenant-033',
        'resource:default/tenant-029',
        'resource:default/tenant-025',
      ]);
      // the tier filter's options: every tier, not only those of the filtered page
      expect(all.tiers).toEqual(['critical', 'standard']);
      expect(filtered.tiers).toEqual(['critical', 'standard']);

      const text = await store.queryFleet({ q: 'TENANT 1' });
      expect(text.totalItems).toBe(11); // 1, 10..19
      const underscore = await store.queryFleet({ q: '%' });
      expect(underscore.totalItems).toBe(0);

      const failingRpo = await store.queryFleet({ failingCheck: 'rpo' });
      expect(failingRpo.totalItems).toBe(10);
      const lagFail = await store.queryFleet({ failingCheck: 'replica-lag' });
      expect(lagFail.totalItems).toBe(0);
      const rpoUnknown = await store.queryFleet({
        failingCheck: 'rpo',
        status: ['unknown'],
      });
      expect(rpoUnknown.totalItems).toBe(10);

      const breachSoonest = await store.queryFleet({
        sort: 'nextBreachAt',
        limit: 40,
      });
      expect(breachSoonest.items[0].entityRef).toBe(
        'resource:default/tenant-039',
      );
      // entities without a breach moment come last
      expect(breachSoonest.items.slice(-8).every(i => !i.nextBreachAt)).toBe(
        true,
      );

      const owned = await store.queryFleet(
        { limit: 100 },
        { anyOf: [{ field: 'owner', values: ['group:default/team-b'] }] },
      );
      expect(owned.totalItems).toBe(14); // multiples of 3 in 0..39
      expect(owned.items.every(i => i.owner === 'group:default/team-b')).toBe(
        true,
      );
      const notOwned = await store.queryFleet(
        {},
        { not: { field: 'owner', values: ['group:default/team-b'] } },
      );
      expect(notOwned.totalItems).toBe(26);
      // a policy condition list can be empty at run time even though the type says otherwise
      const nothing = await store.queryFleet({}, {
        anyOf: [],
      } as unknown as FleetPermissionFilter);
      expect(nothing.totalItems).toBe(0);
      // tiers the caller cannot see are not offered
      expect(nothing.tiers).toEqual([]);
      const onlyTier = await store.queryFleet(
        {},
        { anyOf: [{ field: 'tier', values: ['standard'] }] },
      );
      expect(onlyTier.tiers).toEqual(['standard']);

      const checkCounts = await store.countCheckStatuses(['rpo']);
      expect(checkCounts.get('rpo')).toEqual({
        pass: 10,
        warn: 10,
        fail: 10,
        unknown: 10,
      });
    });

    it('writes history only when a status changes, and removes stale snapshots', async () => {
      const { store } = await createStore(databaseId);
      const since = new Date('2025-01-01T00:00:00.000Z');
      await store.savePostureSnapshots([snapshot(1, 'fail')]);
      await store.savePostureSnapshots([
        snapshot(1, 'fail', { evaluatedAt: '2026-01-01T00:05:00.000Z' }),
      ]);
      await store.savePostureSnapshots([
        snapshot(1, 'pass', { evaluatedAt: '2026-01-01T00:10:00.000Z' }),
      ]);
      const history = await store.getEntityHistory({
        entityRef: snapshot(1, 'pass').entityRef,
        since,
      });
      expect(history).toEqual([
        {
          at: '2026-01-01T00:00:00.000Z',
          counts: { pass: 1, warn: 0, fail: 1, unknown: 0 },
        },
        {
          at: '2026-01-01T00:10:00.000Z',
          counts: { pass: 2, warn: 0, fail: 0, unknown: 0 },
        },
      ]);
      const previous = await store.getPreviousPostures([
        snapshot(1, 'pass').entityRef,
      ]);
      expect(previous.get(snapshot(1, 'pass').entityRef)?.overall).toBe('pass');

      await store.recordFleetHistory(new Date('2026-01-01T00:10:00.000Z'), {
        pass: 1,
        warn: 0,
        fail: 0,
        unknown: 0,
      });
      expect(await store.getFleetHistory({ since })).toEqual([
        {
          at: '2026-01-01T00:10:00.000Z',
          counts: { pass: 1, warn: 0, fail: 0, unknown: 0 },
        },
      ]);

      await store.savePostureSnapshots([
        snapshot(2, 'warn', { evaluatedAt: '2026-01-02T00:00:00.000Z' }),
      ]);
      expect(
        await store.deleteStaleSnapshots(new Date('2026-01-01T12:00:00.000Z')),
      ).toBe(1);
      expect((await store.queryFleet({})).items.map(i => i.entityRef)).toEqual([
        snapshot(2, 'warn').entityRef,
      ]);
    });
  },
);
