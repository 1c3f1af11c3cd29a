import {
  createStores,
  storeTestDatabases,
} from '../../database/__testUtils__/testStores';
import { PostureSnapshot } from '../../database/PostureStore';
import { DrEntityResource } from '../resource';
import { hasTier } from './hasTier';

jest.setTimeout(120_000);

const TIERS = ['critical', 'standard', 'bronze'];

function snapshot(n: number): PostureSnapshot {
  return {
    entityRef: `resource:default/tenant-${n}`,
    title: `Tenant ${n}`,
    tier: TIERS[n % 3],
    owner: 'group:default/team-a',
    overall: 'pass',
    checks: [],
    evaluatedAt: '2026-01-01T00:00:00.000Z',
  };
}

const SNAPSHOTS = Array.from({ length: 9 }, (_, n) => snapshot(n));

describe.each(storeTestDatabases.eachSupportedId())(
  'hasTier on %p',
  databaseId => {
    it.each([
      [['critical']],
      [['critical', 'standard']],
      [['gold']],
      [[] as string[]],
    ])(
      'lets the same entities through one by one (apply) and in the fleet query (toQuery): %j',
      async tiers => {
        const { stores, knex } = await createStores(databaseId);
        await stores.postures.savePostureSnapshots(SNAPSHOTS);
        const params = { tiers };

        const applied = SNAPSHOTS.filter(s =>
          hasTier.apply(
            { entityRef: s.entityRef, owner: s.owner, tier: s.tier },
            params,
          ),
        ).map(s => s.entityRef);
        const queried = await stores.postures.queryFleet(
          { limit: 500, sort: 'entityRef', order: 'asc' },
          hasTier.toQuery(params),
        );

        expect(queried.items.map(i => i.entityRef).sort()).toEqual(
          applied.sort(),
        );
        expect(queried.totalItems).toBe(applied.length);
        await knex.destroy();
      },
    );
  },
);

describe('hasTier.apply', () => {
  const entity = (tier?: string): DrEntityResource => ({
    entityRef: 'resource:default/tenant-1',
    tier,
  });

  it('allows an entity whose tier is listed, and no entity without a tier', () => {
    expect(hasTier.apply(entity('critical'), { tiers: ['critical'] })).toBe(
      true,
    );
    expect(hasTier.apply(entity('standard'), { tiers: ['critical'] })).toBe(
      false,
    );
    expect(hasTier.apply(entity(undefined), { tiers: ['critical'] })).toBe(
      false,
    );
    expect(hasTier.apply(entity('critical'), { tiers: [] })).toBe(false);
  });

  it('translates to a tier filter of the fleet query', () => {
    expect(hasTier.toQuery({ tiers: ['critical', 'standard'] })).toEqual({
      field: 'tier',
      values: ['critical', 'standard'],
    });
  });
});
