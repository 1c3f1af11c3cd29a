import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  defaultPolicy,
  drillCalendar,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import {
  listDrillArtefacts,
  readTargetsFromConfig,
} from '@dr-portal/backstage-plugin-disaster-recovery-node';
import { mkdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadTargetEvidence } from '../posture/storeEvidence';
import {
  targetConfig,
  testEntities,
} from './__testUtils__/operationsTestBackend';
import {
  DB_REF,
  PREFIX,
  setUpOperationsSuite,
  TENANT_REF,
} from './__testUtils__/operationsSuite';
import { cleanUpDrillLeftovers } from './drillCleanup';
import { runDueDrills, ScheduledDrillDeps } from './scheduleDrills';

jest.setTimeout(300_000);

const workBase = path.join(os.tmpdir(), `drills-sched-${process.pid}`);

describe('scheduled drills (real PostgreSQL and object store)', () => {
  const suite = setUpOperationsSuite({ drillWorkDirectory: workBase });
  let deps: ScheduledDrillDeps;

  beforeAll(async () => {
    await mkdir(workBase, { recursive: true });
    await suite.takeBackup();
    deps = {
      executor: suite.ctx.executor,
      catalog: catalogServiceMock({ entities: testEntities() }),
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      policy: defaultPolicy,
      stores: suite.ctx.stores,
      targets: readTargetsFromConfig(
        new ConfigReader({
          disasterRecovery: {
            targets: { ecommerce: targetConfig(suite.platform, PREFIX) },
          },
        }),
      ),
      workBase,
    };
  });

  afterAll(async () => {
    await rm(workBase, { recursive: true, force: true });
  });

  const target = () => deps.targets.get('ecommerce')!;

  /** Leftovers of drills that died: a drill database, a work directory and a throwaway server's directory. */
  async function leaveLeftovers() {
    await suite.sql(
      'CREATE DATABASE ecommerce_drill_20200101000000_abcd TEMPLATE template0',
    );
    await mkdir(path.join(workBase, 'dr-drill-ecommerce-20200101000000-abcd'));
    await mkdir(
      path.join(
        target().isolatedFailover!.scratchDirectory,
        'dr-failover-drill-ecommerce-20200101000000-abcd',
        'data',
      ),
      { recursive: true },
    );
  }

  it('cleans up leftovers only while it holds the target lock', async () => {
    await leaveLeftovers();
    const { runs } = suite.ctx.stores;
    const held = await runs.acquireLock({
      target: 'ecommerce',
      owner: 'someone-else',
      ttlMs: 60_000,
    });
    const cleanUp = () =>
      cleanUpDrillLeftovers({
        runs,
        targets: deps.targets.values(),
        logger: deps.logger,
        workBase,
      });
    const busy = await cleanUp();
    expect(busy.busy).toEqual(['ecommerce']);
    expect(await listDrillArtefacts(target(), { workBase })).toHaveLength(3);

    await runs.releaseLock(held!);
    const done = await cleanUp();
    expect(done.removed.ecommerce.map(a => a.name).sort()).toEqual([
      'dr-drill-ecommerce-20200101000000-abcd',
      'dr-failover-drill-ecommerce-20200101000000-abcd',
      'ecommerce_drill_20200101000000_abcd',
    ]);
    expect(await listDrillArtefacts(target(), { workBase })).toEqual([]);
    expect(await runs.getLock('ecommerce')).toBeUndefined();
  });

  it('runs the due non-destructive drills after the clean-up, then none until they are due again', async () => {
    await leaveLeftovers();
    const first = await runDueDrills(deps, { period: 'p1', concurrency: 2 });
    expect(first.cleanup.removed.ecommerce).toHaveLength(3);
    expect(first.failed).toEqual([]);
    // every scenario of the plan, the isolated test failovers included
    expect([...first.passed, ...first.missed].sort()).toEqual([
      `${DB_REF} cyber-attack`,
      `${DB_REF} data-center-outage`,
      `${DB_REF} database-corruption`,
      `${DB_REF} natural-disaster`,
      `${DB_REF} third-party-failure`,
      `${TENANT_REF} human-error`,
    ]);
    expect(first.skipped).toEqual([]);

    const evidence = await loadTargetEvidence(suite.ctx.stores, 'ecommerce');
    const calendar = drillCalendar(defaultPolicy, evidence.drills!, Date.now());
    for (const scenario of [
      'cyber-attack',
      'data-center-outage',
      'database-corruption',
      'human-error',
      'natural-disaster',
      'third-party-failure',
    ]) {
      expect(calendar.find(e => e.scenario === scenario)!.status).toBe(
        'current',
      );
    }
    expect(await listDrillArtefacts(target(), { workBase })).toEqual([]);

    const second = await runDueDrills(deps, { period: 'p2', concurrency: 2 });
    expect([...second.passed, ...second.missed, ...second.failed]).toEqual([]);
  });
});
