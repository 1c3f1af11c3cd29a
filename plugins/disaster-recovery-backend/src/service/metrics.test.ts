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

describe('getMetrics', () => {
  it('is null everywhere without evidence', async () => {
    const ctx = await context();
    expect(
      await getMetrics(ctx, { windowDays: 90 }, mockCredentials.user()),
    ).toEqual({
      mttrSeconds: null,
      mtbfSeconds: null,
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
    const runs = [
      // two real recoveries: 600 s and 1200 s to recover
      run('r1', { purpose: 'recovery', achievedRtoSeconds: 600 }),
      run('r2', {
        purpose: 'recovery',
        startedAt: '2026-06-10T00:00:00.000Z',
        finishedAt: '2026-06-10T00:20:00.000Z',
      }),
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

  it('leaves MTTR and MTBF unchanged after a test restore', async () => {
    const ctx = await context();
    await ctx.stores.runs.saveRecoveryRun(
      run('real', { purpose: 'recovery', achievedRtoSeconds: 900 }),
    );
    const before = await getMetrics(
      ctx,
      { windowDays: 30 },
      mockCredentials.user(),
    );
    expect(before.mttrSeconds).toBe(900);
    expect(before.mtbfSeconds).toBe(30 * 86400);

    // A restore into a new database without cut-over, recorded the way the executor records it.
    await ctx.stores.runs.saveRecoveryRun(
      run('test', {
        purpose: 'test',
        startedAt: '2026-06-20T00:00:00.000Z',
        finishedAt: '2026-06-20T00:00:01.000Z',
        achievedRtoSeconds: 1,
        dataLossSeconds: 86400,
        output: { cutOver: false },
      }),
    );
    const after = await getMetrics(
      ctx,
      { windowDays: 30 },
      mockCredentials.user(),
    );
    expect(after.mttrSeconds).toBe(before.mttrSeconds);
    expect(after.mtbfSeconds).toBe(before.mtbfSeconds);

    // The same restore with a cut-over is a recovery and does move MTTR.
    await ctx.stores.runs.saveRecoveryRun(
      run('cut-over', { purpose: 'recovery', achievedRtoSeconds: 100 }),
    );
    const recovered = await getMetrics(
      ctx,
      { windowDays: 30 },
      mockCredentials.user(),
    );
    expect(recovered.mttrSeconds).toBe(500);
  });
});
