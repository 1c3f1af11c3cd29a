import {
  CheckResult,
  CheckStatus,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { createStores, storeTestDatabases } from './__testUtils__/testStores';
import { PostureSnapshot } from './PostureStore';
import { causeOf } from './postureCauses';

jest.setTimeout(120_000);

function check(id: string, status: CheckStatus, reason: string): CheckResult {
  return { id, title: `Check ${id}`, status, reason, evidence: [] };
}

/**
 * 30 tenants: all share a runbook review overdue (fail) and a vendor without alternative (warn);
 * tenants 0..9 live in region eu-1 whose cross-region copy fails; tenant 7 alone has an old backup.
 */
function fleet(): PostureSnapshot[] {
  return Array.from({ length: 30 }, (_, i) => {
    const checks = [
      check('runbook-review', 'fail', 'Review overdue: Database corruption.'),
      check('vendor-alternatives', 'warn', 'No alternative for Acme Cloud.'),
      check(
        'cross-region',
        i < 10 ? 'fail' : 'pass',
        i < 10 ? 'No copy outside eu-1.' : 'Copies in eu-2.',
      ),
      check(
        'rpo',
        i === 7 ? 'warn' : 'pass',
        i === 7 ? 'The newest backup is 14m old.' : `Backup ${i} is fresh.`,
      ),
    ];
    return {
      entityRef: `resource:default/tenant-${String(i).padStart(2, '0')}`,
      title: `Tenant ${i}`,
      tier: 'standard',
      owner: i % 2 ? 'group:default/team-odd' : 'group:default/team-even',
      database:
        i < 20 ? 'resource:default/orders-db' : 'resource:default/eu-db',
      system: i < 25 ? 'system:default/shop' : undefined,
      overall: 'fail',
      checks,
      evaluatedAt: '2026-01-01T00:00:00.000Z',
    };
  });
}

describe.each(storeTestDatabases.eachSupportedId())(
  'platform findings on %p',
  id => {
    async function store() {
      const { stores } = await createStores(id);
      await stores.postures.savePostureSnapshots(fleet());
      return stores.postures;
    }

    it('shows a cause many tenants share once, with how many it affects, paged', async () => {
      const s = await store();
      const all = await s.queryPlatformFindings({});
      expect(all.totalItems).toBe(3);
      expect(all.affectedEntities).toBe(30);
      // worst status first, then the widest
      expect(
        all.items.map(f => [f.checkId, f.status, f.entityCount, f.reason]),
      ).toEqual([
        ['runbook-review', 'fail', 30, 'Review overdue: Database corruption.'],
        ['cross-region', 'fail', 10, 'No copy outside eu-1.'],
        ['vendor-alternatives', 'warn', 30, 'No alternative for Acme Cloud.'],
      ]);
      // a cause of one tenant alone is not a platform finding
      expect(all.items.some(f => f.checkId === 'rpo')).toBe(false);
      expect(all.items[1].title).toBe('Check cross-region');

      const second = await s.queryPlatformFindings({ offset: 1, limit: 1 });
      expect(second.items.map(f => f.checkId)).toEqual(['cross-region']);
      expect(second.totalItems).toBe(3);

      const wide = await s.queryPlatformFindings({ minEntities: 11 });
      expect(wide.items.map(f => f.checkId)).toEqual([
        'runbook-review',
        'vendor-alternatives',
      ]);

      // what the caller may not read is neither counted nor shown
      const odd = await s.queryPlatformFindings(
        {},
        { anyOf: [{ field: 'owner', values: ['group:default/team-odd'] }] },
      );
      expect(odd.items.map(f => f.entityCount)).toEqual([15, 5, 15]);
      expect(odd.affectedEntities).toBe(15);
    });

    it('lists the tenants of one finding, and rows name their own worst check first', async () => {
      const s = await store();
      const region = (await s.queryPlatformFindings({})).items[1];
      expect(region.cause).toBe(
        causeOf({
          id: 'cross-region',
          status: 'fail',
          reason: 'No copy outside eu-1.',
        }),
      );
      const affected = await s.queryFleet({
        cause: region.cause,
        sort: 'entityRef',
        limit: 4,
      });
      expect(affected.totalItems).toBe(10);
      expect(affected.items.map(i => i.title)).toEqual([
        'Tenant 0',
        'Tenant 1',
        'Tenant 2',
        'Tenant 3',
      ]);

      const rows = await s.queryFleet({ sort: 'entityRef', limit: 30 });
      const t7 = rows.items.find(i => i.title === 'Tenant 7')!;
      // its own warn is shown before the failing platform findings it shares
      expect(t7.worstCheck).toEqual({
        id: 'rpo',
        title: 'Check rpo',
        status: 'warn',
        reason: 'The newest backup is 14m old.',
        platform: false,
      });
      expect(t7.platformFindings).toBe(3);
      expect(t7.database).toBe('resource:default/orders-db');
      const t20 = rows.items.find(i => i.title === 'Tenant 20')!;
      expect(t20.worstCheck).toMatchObject({
        id: 'runbook-review',
        status: 'fail',
        platform: true,
      });
      expect(t20.platformFindings).toBe(2);
    });

    it('finds tenants by typing their owning team, and offers every owner', async () => {
      const s = await store();
      const odd = await s.queryFleet({ q: 'TEAM-ODD' });
      expect(odd.totalItems).toBe(15);
      expect(odd.owners).toEqual([
        'group:default/team-even',
        'group:default/team-odd',
      ]);
      const stored = await s.getPostureSnapshot('resource:default/tenant-07');
      expect(stored?.database).toBe('resource:default/orders-db');
      expect(stored?.system).toBe('system:default/shop');
    });

    it("pages a database's tenants and a system's", async () => {
      const s = await store();
      const onDb = await s.queryFleet({
        database: 'resource:default/eu-db',
        sort: 'entityRef',
        limit: 3,
      });
      expect(onDb.totalItems).toBe(10);
      expect(onDb.items.map(i => i.title)).toEqual([
        'Tenant 20',
        'Tenant 21',
        'Tenant 22',
      ]);
      const ofSystem = await s.queryFleet({ system: 'system:default/shop' });
      expect(ofSystem.totalItems).toBe(25);
      expect(ofSystem.counts).toEqual({
        fail: 25,
        warn: 0,
        unknown: 0,
        pass: 0,
      });
    });
  },
);
