import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  defaultPolicy,
  RecoveryRun,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { initializePersistenceContext } from '../database/persistenceContext';
import { PostureAccess } from '../permissions/postureAccess';
import { cachedCatalogEvidence, DrServiceContext } from './context';
import { getFleetDrillCalendar } from './fleetDrillCalendar';
import { getFleetPosture } from './fleetPosture';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const NOW = new Date('2026-06-30T00:00:00.000Z');
const DAY = 86_400_000;
const QUARTER_MS = defaultPolicy.testCalendar.cadences.find(
  c => c.id === 'quarterly',
)!.interval.ms;

function drill(
  id: string,
  target: string,
  scenario: string,
  finishedAt: number,
  status: 'succeeded' | 'failed',
): RecoveryRun {
  return {
    id,
    operation: 'drill',
    purpose: 'drill',
    scenario,
    entityRef: `resource:default/${target}`,
    target,
    initiatedBy: 'user:default/alice',
    status,
    dryRun: false,
    startedAt: new Date(finishedAt - 60_000).toISOString(),
    finishedAt: new Date(finishedAt).toISOString(),
    achievedRtoSeconds: 30,
    dataLossSeconds: 0,
    steps: [],
  };
}

async function context(): Promise<DrServiceContext> {
  const knex = await databases.init('SQLITE_3');
  const stores = await initializePersistenceContext(
    mockServices.database({ knex }),
  );
  const tenants = [
    ...['a1', 'a2', 'a3'].map(n => ({ n, target: 'db-a' })),
    ...['b1', 'b2'].map(n => ({ n, target: 'db-b' })),
    { n: 'lone', target: undefined },
  ];
  await stores.postures.savePostureSnapshots(
    tenants.map(t => ({
      entityRef: `resource:default/tenant-${t.n}`,
      title: `Tenant ${t.n}`,
      tier: 'standard',
      target: t.target,
      overall: 'pass' as const,
      checks: [],
      evaluatedAt: NOW.toISOString(),
    })),
  );
  const now = NOW.getTime();
  for (const run of [
    drill('a-corr', 'db-a', 'database-corruption', now - 10 * DAY, 'succeeded'),
    // past the quarterly cadence by a day, within the grace: due
    drill(
      'a-dc',
      'db-a',
      'data-center-outage',
      now - QUARTER_MS - DAY,
      'succeeded',
    ),
    // past the cadence and the grace: overdue, and it failed
    drill(
      'b-corr',
      'db-b',
      'database-corruption',
      now - QUARTER_MS - 30 * DAY,
      'failed',
    ),
    // a dry run is not a drill on the calendar
    {
      ...drill('b-dc', 'db-b', 'data-center-outage', now - DAY, 'succeeded'),
      dryRun: true,
    },
  ]) {
    await stores.runs.saveRecoveryRun(run);
  }
  const catalog = catalogServiceMock({ entities: [] });
  const auth = mockServices.auth();
  const logger = mockServices.logger.mock();
  return {
    stores,
    catalog,
    auth,
    access: new PostureAccess(mockServices.permissions(), logger),
    policy: defaultPolicy,
    logger,
    catalogEvidence: cachedCatalogEvidence({
      catalog,
      auth,
      policy: defaultPolicy,
      now: () => NOW,
    }),
    now: () => NOW,
  };
}

describe('fleet drill calendar', () => {
  let ctx: DrServiceContext;
  const user = mockCredentials.user();
  beforeAll(async () => {
    ctx = await context();
  });

  it('counts the entities per scenario by their target calendar', async () => {
    const calendar = await getFleetDrillCalendar(ctx, user);
    expect(calendar.totalEntities).toBe(6);
    expect(calendar.at).toBe(NOW.toISOString());
    const of = (id: string) => calendar.scenarios.find(s => s.scenario === id)!;
    expect(of('database-corruption')).toMatchObject({
      kind: 'restore',
      cadence: 'quarterly',
      scheduled: true,
      counts: { current: 3, due: 0, overdue: 2, never: 1 },
      lastSucceeded: 3,
      lastFailed: 2,
      lastDrillAt: new Date(NOW.getTime() - 10 * DAY).toISOString(),
    });
    // db-b's only data-center-outage run was a dry run: never drilled
    expect(of('data-center-outage').counts).toEqual({
      current: 0,
      due: 3,
      overdue: 0,
      never: 3,
    });
    expect(of('cyber-attack').counts.never).toBe(6);
    expect(calendar.scenarios.map(s => s.scenario)).toEqual(
      defaultPolicy.scenarios.map(s => s.id),
    );
  });

  it('filters the fleet to the entities overdue for a scenario', async () => {
    const overdue = await getFleetPosture(
      ctx,
      { drill: 'database-corruption' },
      user,
    );
    expect(overdue.items.map(i => i.entityRef).sort()).toEqual([
      'resource:default/tenant-b1',
      'resource:default/tenant-b2',
    ]);
    expect(overdue.totalItems).toBe(2);
    const never = await getFleetPosture(
      ctx,
      { drill: 'database-corruption', drillStatus: ['never'] },
      user,
    );
    expect(never.items.map(i => i.entityRef)).toEqual([
      'resource:default/tenant-lone',
    ]);
    const due = await getFleetPosture(
      ctx,
      { drill: 'data-center-outage', drillStatus: ['due', 'overdue'] },
      user,
    );
    expect(due.totalItems).toBe(3);
    const none = await getFleetPosture(
      ctx,
      { drill: 'cyber-attack', drillStatus: ['overdue'] },
      user,
    );
    expect(none.items).toEqual([]);
  });

  it('refuses an unknown scenario and a drill status without a scenario', async () => {
    await expect(
      getFleetPosture(ctx, { drill: 'meteor' }, user),
    ).rejects.toThrow("unknown scenario 'meteor'");
    await expect(
      getFleetPosture(ctx, { drillStatus: ['overdue'] }, user),
    ).rejects.toThrow('drillStatus needs drill');
  });
});
