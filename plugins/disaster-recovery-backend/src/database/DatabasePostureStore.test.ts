import { createStores, storeTestDatabases } from './__testUtils__/testStores';
import {
  CheckResult,
  CheckStatus,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { FleetPermissionFilter, PostureSnapshot } from './PostureStore';

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

jest.setTimeout(120_000);

describe.each(storeTestDatabases.eachSupportedId())(
  'DatabasePostureStore on %p',
  databaseId => {
    it('pages, sorts, filters and counts the fleet on the database', async () => {
      const { stores } = await createStores(databaseId);
      const statuses: CheckStatus[] = ['pass', 'warn', 'fail', 'unknown'];
      await stores.postures.savePostureSnapshots(
        Array.from({ length: 40 }, (_, i) =>
          snapshot(i, statuses[i % 4], {
            nextBreachAt:
              i % 5
                ? new Date(Date.UTC(2026, 1, 40 - i)).toISOString()
                : undefined,
          }),
        ),
      );
      const all = await stores.postures.queryFleet({ limit: 5 });
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
        // every failing tenant fails rpo for the same reason: a platform finding
        worstCheck: {
          id: 'rpo',
          title: 'rpo',
          status: 'fail',
          reason: 'rpo is fail',
          platform: true,
        },
        platformFindings: 1,
      });

      const filtered = await stores.postures.queryFleet({
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

      const text = await stores.postures.queryFleet({ q: 'TENANT 1' });
      expect(text.totalItems).toBe(11); // 1, 10..19
      const underscore = await stores.postures.queryFleet({ q: '%' });
      expect(underscore.totalItems).toBe(0);

      const failingRpo = await stores.postures.queryFleet({
        failingCheck: 'rpo',
      });
      expect(failingRpo.totalItems).toBe(10);
      const lagFail = await stores.postures.queryFleet({
        failingCheck: 'replica-lag',
      });
      expect(lagFail.totalItems).toBe(0);
      const rpoUnknown = await stores.postures.queryFleet({
        failingCheck: 'rpo',
        status: ['unknown'],
      });
      expect(rpoUnknown.totalItems).toBe(10);

      const breachSoonest = await stores.postures.queryFleet({
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

      const owned = await stores.postures.queryFleet(
        { limit: 100 },
        { anyOf: [{ field: 'owner', values: ['group:default/team-b'] }] },
      );
      expect(owned.totalItems).toBe(14); // multiples of 3 in 0..39
      expect(owned.items.every(i => i.owner === 'group:default/team-b')).toBe(
        true,
      );
      const notOwned = await stores.postures.queryFleet(
        {},
        { not: { field: 'owner', values: ['group:default/team-b'] } },
      );
      expect(notOwned.totalItems).toBe(26);
      // a policy condition list can be empty at run time even though the type says otherwise
      const nothing = await stores.postures.queryFleet({}, {
        anyOf: [],
      } as unknown as FleetPermissionFilter);
      expect(nothing.totalItems).toBe(0);
      // tiers the caller cannot see are not offered
      expect(nothing.tiers).toEqual([]);
      const onlyTier = await stores.postures.queryFleet(
        {},
        { anyOf: [{ field: 'tier', values: ['standard'] }] },
      );
      expect(onlyTier.tiers).toEqual(['standard']);

      const checkCounts = await stores.postures.countCheckStatuses(['rpo']);
      expect(checkCounts.get('rpo')).toEqual({
        pass: 10,
        warn: 10,
        fail: 10,
        unknown: 10,
      });
    });

    it('writes history only when a status changes, and removes stale snapshots', async () => {
      const { stores } = await createStores(databaseId);
      const since = new Date('2025-01-01T00:00:00.000Z');
      await stores.postures.savePostureSnapshots([snapshot(1, 'fail')]);
      await stores.postures.savePostureSnapshots([
        snapshot(1, 'fail', { evaluatedAt: '2026-01-01T00:05:00.000Z' }),
      ]);
      await stores.postures.savePostureSnapshots([
        snapshot(1, 'pass', { evaluatedAt: '2026-01-01T00:10:00.000Z' }),
      ]);
      const history = await stores.postures.getEntityHistory({
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
      const previous = await stores.postures.getPreviousPostures([
        snapshot(1, 'pass').entityRef,
      ]);
      expect(previous.get(snapshot(1, 'pass').entityRef)?.overall).toBe('pass');

      await stores.postures.recordFleetHistory(
        new Date('2026-01-01T00:10:00.000Z'),
        {
          pass: 1,
          warn: 0,
          fail: 0,
          unknown: 0,
        },
      );
      expect(await stores.postures.getFleetHistory({ since })).toEqual([
        {
          at: '2026-01-01T00:10:00.000Z',
          counts: { pass: 1, warn: 0, fail: 0, unknown: 0 },
        },
      ]);

      await stores.postures.savePostureSnapshots([
        snapshot(2, 'warn', { evaluatedAt: '2026-01-02T00:00:00.000Z' }),
      ]);
      expect(
        await stores.postures.deleteStaleSnapshots(
          new Date('2026-01-01T12:00:00.000Z'),
        ),
      ).toBe(1);
      expect(
        (await stores.postures.queryFleet({})).items.map(i => i.entityRef),
      ).toEqual([snapshot(2, 'warn').entityRef]);
    });

    it('counts entities per target and keeps the entities of given targets (null: none)', async () => {
      const { stores } = await createStores(databaseId);
      await stores.postures.savePostureSnapshots(
        Array.from({ length: 7 }, (_, i) =>
          snapshot(i, i % 2 ? 'fail' : 'pass', {
            target: [undefined, 'db-a', 'db-b'][i % 3],
          }),
        ),
      );
      expect(await stores.postures.countEntitiesByTarget()).toEqual(
        expect.arrayContaining([
          { target: null, entities: 3 },
          { target: 'db-a', entities: 2 },
          { target: 'db-b', entities: 2 },
        ]),
      );
      expect(await stores.postures.countEntitiesByTarget()).toHaveLength(3);
      // within what a permission filter lets through
      expect(
        await stores.postures.countEntitiesByTarget({
          field: 'entityRef',
          values: [
            snapshot(0, 'pass').entityRef,
            snapshot(1, 'pass').entityRef,
          ],
        }),
      ).toEqual(
        expect.arrayContaining([
          { target: null, entities: 1 },
          { target: 'db-a', entities: 1 },
        ]),
      );

      const page = (targets: Array<string | null>) =>
        stores.postures.queryFleet({ sort: 'entityRef' }, undefined, targets);
      const ofA = await page(['db-a']);
      expect(ofA.items.map(i => i.entityRef)).toEqual([
        snapshot(1, 'pass').entityRef,
        snapshot(4, 'pass').entityRef,
      ]);
      expect(ofA.counts).toEqual({ pass: 1, warn: 0, fail: 1, unknown: 0 });
      const noneOrB = await page([null, 'db-b']);
      expect(noneOrB.totalItems).toBe(5);
      expect(noneOrB.items.map(i => i.entityRef)).toEqual(
        [0, 2, 3, 5, 6].map(n => snapshot(n, 'pass').entityRef),
      );
      // no target at all: nothing, not everything
      expect((await page([])).totalItems).toBe(0);
      // the other filters still apply with the targets'
      expect(
        (
          await stores.postures.queryFleet({ status: ['fail'] }, undefined, [
            null,
            'db-b',
          ])
        ).items.map(i => i.entityRef),
      ).toEqual([snapshot(3, 'fail').entityRef, snapshot(5, 'fail').entityRef]);
    });
  },
);
