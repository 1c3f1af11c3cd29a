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
import { getMetrics } from './metrics';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const NOW = new Date('2026-06-30T00:00:00.000Z');

function run(id: string, extra: Partial<RecoveryRun>): RecoveryRun {
  return {
    id,
    operation: 'restore',
    entityRef: 'resource:default/db',
    target: 'db',
    initiatedBy: 'user:default/alice',
    status: 'succeeded',
    dryRun: false,
    startedAt: '2026-06-01T00:00:00.000Z',
    steps: [],
    ...extra,
  };
}

async function context(entities: any[] = []): Promise<DrServiceContext> {
  const knex = await databases.init('SQLITE_3');
  const stores = await initializePersistenceContext(
    mockServices.database({ knex }),
  );
  const catalog = catalogServiceMock({ entities });
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

/** Declares an incident started at `startedAt` and resolves it `seconds` later. */
async function declareResolved(
  ctx: DrServiceContext,
  startedAt: string,
  seconds: number,
  tenants: string[] = [],
  drill = false,
) {
  const start = new Date(startedAt);
  const { id } = await ctx.stores.incidents.declare({
    severity: 'SEV-1',
    title: 'Outage',
    impact: 'Checkout down',
    affected: { tenants, systems: [], databases: [] },
    startedAt: start,
    declaredAt: start,
    declaredBy: 'user:default/alice',
    roles: {},
    drill,
  });
  await ctx.stores.incidents.resolve(id, {
    rootCause: 'Disk full',
    actor: 'user:default/alice',
    at: new Date(start.getTime() + seconds * 1000),
  });
}

describe('getMetrics', () => {
  it('is null everywhere without evidence', async () => {
    const ctx = await context();
    expect(
      await getMetrics(ctx, { windowDays: 90 }, mockCredentials.user()),
    ).toEqual({
      mttrSeconds: null,
      mtbfSeconds: null,
      incidents: {
        incidents: 0,
        resolved: 0,
        mttrSeconds: null,
        mtbfSeconds: null,
        byTier: [],
        byTenant: [],
        moreTenants: 0,
      },
      backupSuccessRate: null,
      testCompletionRate: null,
      documentationCurrency: null,
      windowDays: 90,
    });
  });

  it('computes the metrics from recorded runs and runbooks', async () => {
    const runbook = (name: string, lastReviewed: string) => ({
      apiVersion: 'dr.platform.io/v1alpha1',
      kind: 'Runbook',
      metadata: { name, namespace: 'default' },
      spec: {
        owner: 'group:default/sre',
        scenarios: ['database-corruption'],
        steps: [],
        appliesTo: ['system:default/shop'],
        lastReviewed,
      },
    });
    const ctx = await context([
      runbook('fresh', '2026-06-20'),
      runbook('stale', '2025-01-01'),
    ]);
    // two real incidents: 600 s and 1200 s to recover
    await declareResolved(ctx, '2026-06-01T00:00:00.000Z', 600);
    await declareResolved(ctx, '2026-06-10T00:00:00.000Z', 1200);
    const runs = [
      // recoveries are evidence of the recovery, not incidents of their own
      run('r1', { purpose: 'recovery', achievedRtoSeconds: 5 }),
      // a drill: a test of the calendar, neither a recovery time nor a failure
      run('d1', {
        operation: 'drill',
        purpose: 'drill',
        scenario: 'database-corruption',
        achievedRtoSeconds: 300,
      }),
      // a plan is never evidence
      run('p1', {
        purpose: 'recovery',
        dryRun: true,
        achievedRtoSeconds: 99999,
      }),
      // backups: 3 of 4 succeeded
      run('b1', { operation: 'backup' }),
      run('b2', { operation: 'backup' }),
      run('b3', { operation: 'backup' }),
      run('b4', { operation: 'backup', status: 'failed' }),
      // outside the window
      run('old', {
        purpose: 'recovery',
        startedAt: '2025-01-01T00:00:00.000Z',
        achievedRtoSeconds: 1,
      }),
    ];
    for (const r of runs) await ctx.stores.runs.saveRecoveryRun(r);

    const metrics = await getMetrics(
      ctx,
      { windowDays: 90 },
      mockCredentials.user(),
    );
    expect(metrics.mttrSeconds).toBe((600 + 1200) / 2);
    expect(metrics.mtbfSeconds).toBe((90 * 86400) / 2);
    expect(metrics.backupSuccessRate).toBe(0.75);
    expect(metrics.documentationCurrency).toBe(0.5);
    expect(metrics.testCompletionRate).toBeGreaterThan(0);
    expect(metrics.testCompletionRate).toBeLessThan(1);
  });

  it('takes MTTR and MTBF from real incidents, per tier and tenant, never from runs or drills', async () => {
    const ctx = await context();
    await ctx.stores.postures.savePostureSnapshots([
      {
        entityRef: 'resource:default/acme',
        title: 'Acme',
        tier: 'critical',
        overall: 'pass',
        checks: [],
        evaluatedAt: NOW.toISOString(),
      },
    ]);
    await declareResolved(ctx, '2026-06-20T00:00:00.000Z', 900, [
      'resource:default/acme',
      'resource:default/globex',
    ]);
    await declareResolved(ctx, '2026-06-25T00:00:00.000Z', 300, [
      'resource:default/globex',
    ]);
    // a drill and a recovery run move nothing
    await declareResolved(
      ctx,
      '2026-06-26T00:00:00.000Z',
      1,
      ['resource:default/acme'],
      true,
    );
    await ctx.stores.runs.saveRecoveryRun(
      run('cut-over', { purpose: 'recovery', achievedRtoSeconds: 100 }),
    );
    const metrics = await getMetrics(
      ctx,
      { windowDays: 30 },
      mockCredentials.user(),
    );
    expect(metrics.mttrSeconds).toBe(600);
    expect(metrics.mtbfSeconds).toBe((30 * 86400) / 2);
    expect(metrics.incidents?.byTier).toEqual([
      {
        tier: 'critical',
        incidents: 1,
        resolved: 1,
        mttrSeconds: 900,
        mtbfSeconds: 30 * 86400,
      },
      {
        tier: 'standard',
        incidents: 2,
        resolved: 2,
        mttrSeconds: 600,
        mtbfSeconds: 15 * 86400,
      },
    ]);
    expect(
      metrics.incidents?.byTenant.map(t => [t.entityRef, t.incidents]),
    ).toEqual([
      ['resource:default/globex', 2],
      ['resource:default/acme', 1],
    ]);
  });
});
