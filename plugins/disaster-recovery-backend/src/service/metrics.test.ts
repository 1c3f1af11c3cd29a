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
      // two incidents (restores without a scenario): 600 s and 1200 s to recover
      run('r1', { achievedRtoSeconds: 600 }),
      run('r2', {
        startedAt: '2026-06-10T00:00:00.000Z',
        finishedAt: '2026-06-10T00:20:00.000Z',
      }),
      // a drill: counts for MTTR, not as a failure
      run('d1', {
        operation: 'drill',
        scenario: 'database-corruption',
        achievedRtoSeconds: 300,
      }),
      // a plan is never evidence
      run('p1', { dryRun: true, achievedRtoSeconds: 99999 }),
      // backups: 3 of 4 succeeded
      run('b1', { operation: 'backup' }),
      run('b2', { operation: 'backup' }),
      run('b3', { operation: 'backup' }),
      run('b4', { operation: 'backup', status: 'failed' }),
      // outside the window
      run('old', {
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
    expect(metrics.mttrSeconds).toBe((600 + 1200 + 300) / 3);
    expect(metrics.mtbfSeconds).toBe((90 * 86400) / 2);
    expect(metrics.backupSuccessRate).toBe(0.75);
    expect(metrics.documentationCurrency).toBe(0.5);
    expect(metrics.testCompletionRate).toBeGreaterThan(0);
    expect(metrics.testCompletionRate).toBeLessThan(1);
  });
});
