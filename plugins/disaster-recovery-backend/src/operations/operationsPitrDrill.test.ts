import { ConfigReader } from '@backstage/config';
import {
  defaultPolicy,
  DrillReport,
  RecoveryRun,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import {
  listDrillArtefacts,
  readTargetsFromConfig,
  removeDrillArtefacts,
} from '@dr-portal/backstage-plugin-disaster-recovery-node';
import { mkdir, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import {
  Platform,
  seedDemoData,
  startPlatform,
} from '../__testUtils__/platformHarness';
import { drillChecks } from './__testUtils__/drillChecks';
import { ALICE, DB_REF } from './__testUtils__/operationsSuite';
import {
  OperationsTestBackend,
  startOperationsBackend,
  targetConfig,
} from './__testUtils__/operationsTestBackend';
import { queryNode, runPgBackRest } from './__testUtils__/pitrPlatform';

jest.setTimeout(300_000);

const PREFIX = 'pitr-drill-test';

describe('point-in-time restore drill through the executor (real pgBackRest)', () => {
  let platform: Platform;
  let ctx: OperationsTestBackend;
  const pitrDirs = async () =>
    (await readdir(os.tmpdir()))
      .filter(d => d.startsWith('dr-pitr-drill-ecommerce-'))
      .sort();
  const suite = {
    get ctx() {
      return ctx;
    },
    post: (body: unknown) =>
      request(ctx.server)
        .post('/api/disaster-recovery/operations')
        .set('Authorization', ALICE)
        .send(body as object),
    async waitForEnd(id: string): Promise<RecoveryRun> {
      for (let i = 0; i < 1200; i++) {
        const res = await request(ctx.server)
          .get(`/api/disaster-recovery/runs/${id}`)
          .set('Authorization', ALICE);
        if (res.body.status !== 'running') return res.body;
        await new Promise(r => setTimeout(r, 250));
      }
      throw new Error(`run ${id} did not end`);
    },
    async sideEffectState() {
      const { runs } = ctx.stores;
      return {
        databases: await queryNode(
          platform.primary,
          'select datname from pg_database order by 1',
        ),
        pitrDirs: await pitrDirs(),
        lock: await runs.getLock('ecommerce'),
        runs: (await runs.listRecoveryRuns({ target: 'ecommerce' })).totalItems,
      };
    },
  };
  const checks = drillChecks(suite, defaultPolicy);
  const target = () =>
    readTargetsFromConfig(
      new ConfigReader({
        disasterRecovery: {
          targets: { ecommerce: targetConfig(platform, PREFIX) },
        },
      }),
    ).get('ecommerce')!;

  beforeAll(async () => {
    platform = await startPlatform({ standby: false, pgbouncer: false });
    await seedDemoData(platform.primary, { tenants: 5, ordersPerTenant: 20 });
    runPgBackRest(platform, ['--type=full', 'backup']);
    ctx = await startOperationsBackend({ platform, prefix: PREFIX });
  });

  afterAll(async () => {
    await ctx?.backend.stop();
    await platform?.stop();
  });

  it('plans a restore drill to a point in time: its steps, targets and the server it creates and removes, creating nothing', async () => {
    const run = await checks.planDrill(
      {
        entityRef: DB_REF,
        parameters: { scenario: 'database-corruption', pointInTime: true },
      },
      {
        steps: [
          'source',
          'archive',
          'window',
          'prepare',
          'restore',
          'start',
          'promote',
          'verify',
          'compare',
          'cleanup',
          'report',
        ],
        kind: 'restore',
        targets: { rto: '2h', rpo: '5m' },
      },
    );
    expect(run.output!.pointInTime).toBe(true);
    expect((run.output!.creates as string[])[0]).toMatch(
      /^server directory \/.+\/dr-pitr-drill-ecommerce-\d{14}-[0-9a-f]{4} /,
    );
  });

  it('refuses a backup key or another drill kind with a point in time, starting nothing', async () => {
    const before = await suite.sideEffectState();
    for (const [parameters, message] of [
      [
        { scenario: 'database-corruption', pointInTime: true, key: 'x/y' },
        /key: a point-in-time restore drill recovers from the pgBackRest stanza/,
      ],
      [
        {
          scenario: 'database-corruption',
          pointInTime: true,
          kind: 'isolated-failover',
        },
        /pointInTime: only a restore drill recovers to a point in time/,
      ],
    ] as const) {
      const res = await suite.post({
        operation: 'drill',
        entityRef: DB_REF,
        parameters,
      });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(message);
    }
    expect(await suite.sideEffectState()).toEqual(before);
  });

  it("recovers to the drill's moment, matches the primary's counts then, removes the server, and the drill check passes", async () => {
    const run = await checks.runDrill({
      entityRef: DB_REF,
      parameters: { scenario: 'database-corruption', pointInTime: true },
    });
    expect(run.error).toBeUndefined();
    // RTO: the run's start to the restored copy compared with the primary
    const report: DrillReport = checks.expectRtoUntil(run, 'compare');
    expect(report.result).toBe('pass');
    expect(report.results.find(r => r.id === 'validation')).toMatchObject({
      result: 'pass',
      target: expect.stringContaining(
        "the primary's at the moment recovered to",
      ),
      achieved: expect.stringContaining('tenant-row-counts: pass'),
    });
    expect(report.results.find(r => r.id === 'cleanup')!.result).toBe('pass');
    expect(run.output).toMatchObject({ pointInTime: true });
    expect(run.restorePoint).toBe((run.output!.source as { at: string }).at);
    expect(run.output!.recoveryStop).toMatch(/recovery stopping before/);
    expect(await pitrDirs()).toEqual([]);
    await checks.expectPassingEvidence(run, 'restore');
  });

  it("the clean-up pass removes a dead PITR drill's directory, and nothing else", async () => {
    const dead = path.join(
      os.tmpdir(),
      'dr-pitr-drill-ecommerce-20200101000000-abcd',
    );
    const other = path.join(
      os.tmpdir(),
      'dr-pitr-drill-other-20200101000000-abcd',
    );
    await mkdir(path.join(dead, 'data'), { recursive: true });
    await mkdir(other, { recursive: true });
    expect(
      (await listDrillArtefacts(target())).filter(a => a.kind === 'server'),
    ).toEqual([
      {
        kind: 'server',
        name: 'dr-pitr-drill-ecommerce-20200101000000-abcd',
        in: os.tmpdir(),
      },
    ]);
    await removeDrillArtefacts(target());
    expect(await pitrDirs()).toEqual([]);
    expect(await readdir(os.tmpdir())).toContain(path.basename(other));
    await rm(other, { recursive: true });
  });
});
