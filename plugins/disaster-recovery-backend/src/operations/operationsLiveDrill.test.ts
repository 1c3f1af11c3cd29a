import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { NotificationService } from '@backstage/plugin-notifications-node';
import {
  policyFromConfig,
  RecoveryRun,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { readTargetsFromConfig } from '@dr-portal/backstage-plugin-disaster-recovery-node';
import { writeFile } from 'node:fs/promises';
import request from 'supertest';
import { Platform, startPlatform } from '../__testUtils__/platformHarness';
import { drillChecks } from './__testUtils__/drillChecks';
import {
  failoverTarget,
  inRecovery,
  writeThroughBouncer,
} from './__testUtils__/failoverPair';
import { ALICE, DB_REF, TENANT_REF } from './__testUtils__/operationsSuite';
import {
  OperationsTestBackend,
  startOperationsBackend,
  testEntities,
} from './__testUtils__/operationsTestBackend';
import { LiveDrillNotifier } from './liveDrillNotifier';
import { runDueDrills } from './scheduleDrills';

jest.setTimeout(300_000);

// The plan's annual full simulation, rehearsed by a live switchover.
const policy = policyFromConfig({
  scenarios: {
    'full-simulation': {
      title: 'Full DR simulation',
      likelihood: 'low',
      impact: 'critical',
      rto: '1h',
      rpo: '15m',
      mitigation: 'Standby in a second site',
      drillCadence: 'annual',
      drillKind: 'live-switchover',
    },
  },
});

const SWITCHOVER = [
  'preflight',
  'pause-switch',
  'fence',
  'wait-replay',
  'promote',
  'release-fence',
  'repoint-switch',
  'resume-switch',
  'verify-write',
];
const REPROTECT = [
  'check',
  'slot',
  'stop',
  'rewind',
  'configure',
  'start',
  'wait-streaming',
  'drop-keep-slot',
];

describe('live switchover drill through the executor (real primary, standby and PgBouncer)', () => {
  let platform: Platform;
  let ctx: OperationsTestBackend;
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
      for (let i = 0; i < 2400; i++) {
        const res = await request(ctx.server)
          .get(`/api/disaster-recovery/runs/${id}`)
          .set('Authorization', ALICE);
        if (res.status !== 200) {
          throw new Error(`GET run ${id} answered ${res.status}`);
        }
        if (res.body.status !== 'running') return res.body;
        await new Promise(r => setTimeout(r, 100));
      }
      throw new Error(`run ${id} did not end`);
    },
    /** The roles, where writes land, the lock and the runs: what a refused drill must not change. */
    async sideEffectState() {
      const { runs, topology } = ctx.stores;
      return {
        topology: await topology.getTopology('ecommerce'),
        standbyInRecovery: await inRecovery(platform.standby!),
        writesLandOn: await writeThroughBouncer(platform),
        lock: await runs.getLock('ecommerce'),
        runs: (await runs.listRecoveryRuns({ target: 'ecommerce' })).totalItems,
      };
    },
  };
  const checks = drillChecks(suite, policy);

  beforeAll(async () => {
    platform = await startPlatform({ s3: false, pgbackrest: false });
    ctx = await startOperationsBackend({
      platform,
      prefix: 'unused',
      target: failoverTarget(platform),
      policy,
    });
  });

  afterAll(async () => {
    await ctx?.backend.stop();
    await platform?.stop();
  });

  it('plans the switchover, reprotect, switch back and reprotect with their targets and what they change, changing nothing', async () => {
    const run = await checks.planDrill(
      { entityRef: DB_REF, parameters: { scenario: 'full-simulation' } },
      {
        steps: [
          ...SWITCHOVER.map(s => `switchover.${s}`),
          ...REPROTECT.map(s => `reprotect.${s}`),
          ...SWITCHOVER.map(s => `switchback.${s}`),
          ...REPROTECT.map(s => `reprotect-back.${s}`),
          'cleanup',
          'report',
        ],
        kind: 'live-switchover',
        targets: { rto: '1h', rpo: '15m' },
      },
    );
    const changes = run.output!.changes as string[];
    expect(changes[0]).toContain(
      `127.0.0.1:${platform.standby!.port} promoted to primary`,
    );
    expect(changes[2]).toMatch(/^the traffic switch .+: paused, repointed/);
    expect(run.steps[0].title).toBe(
      'Switchover to the standby: Preflight checks',
    );
  });

  it('refuses to run without the acknowledgement, on a tenant, or with a backup key, and changes nothing', async () => {
    const before = await suite.sideEffectState();
    const cases: Array<[object, RegExp]> = [
      [
        { entityRef: DB_REF, parameters: { scenario: 'full-simulation' } },
        /acknowledgeLiveSwitchover: a live switchover drill switches production/,
      ],
      [
        {
          entityRef: DB_REF,
          parameters: {
            scenario: 'full-simulation',
            acknowledgeLiveSwitchover: false,
          },
        },
        /acknowledgeLiveSwitchover/,
      ],
      [
        {
          entityRef: TENANT_REF,
          parameters: {
            scenario: 'full-simulation',
            acknowledgeLiveSwitchover: true,
          },
        },
        /run it on the database Resource/,
      ],
      [
        {
          entityRef: DB_REF,
          parameters: {
            scenario: 'full-simulation',
            acknowledgeLiveSwitchover: true,
            key: 'unused/x',
          },
        },
        /key: a live switchover drill switches the servers/,
      ],
    ];
    for (const [body, message] of cases) {
      const res = await suite.post({ operation: 'drill', ...body });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(message);
    }
    // the drill permission alone is not enough: it runs a switchover and a reprotect
    for (const withheld of [
      'disaster-recovery.database.failover',
      'disaster-recovery.database.failback',
    ]) {
      ctx.setDecision(p => p !== withheld);
      const denied = await suite.post({
        operation: 'drill',
        entityRef: DB_REF,
        parameters: {
          scenario: 'full-simulation',
          acknowledgeLiveSwitchover: true,
        },
      });
      expect(denied.status).toBe(403);
      expect(denied.body.error.message).toContain(withheld);
    }
    ctx.setDecision(() => true);
    expect(await suite.sideEffectState()).toEqual(before);
  });

  it('is never run by the scheduler: skipped as opt-in, and the owner is notified once per cycle', async () => {
    const sent: Parameters<NotificationService['send']>[0][] = [];
    const notifications: NotificationService = {
      async send(n) {
        sent.push(n);
      },
    };
    const deps = {
      executor: ctx.executor,
      catalog: catalogServiceMock({ entities: testEntities() }),
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      policy,
      stores: ctx.stores,
      targets: readTargetsFromConfig(
        new ConfigReader({
          disasterRecovery: {
            targets: { ecommerce: failoverTarget(platform) },
          },
        }),
      ),
    };
    const before = await suite.sideEffectState();
    const liveDrills = new LiveDrillNotifier({
      notifications,
      logger: deps.logger,
    });
    const round = await runDueDrills(deps, {
      period: 'p1',
      concurrency: 1,
      liveDrills,
    });
    const label = `${DB_REF} full-simulation`;
    expect(round.passed).toEqual([]);
    expect(round.skipped).toContain(label);
    expect(round.reasons[label]).toMatch(/opt-in, never scheduled/);
    expect(round.notified).toEqual([label]);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      recipients: { type: 'entity', entityRef: 'group:default/team-platform' },
      payload: {
        title: 'Live drill due: Full DR simulation on ecommerce-db',
        topic: 'disaster-recovery-live-drill',
        link: '/catalog/default/resource/ecommerce-db/disaster-recovery',
      },
    });
    expect(sent[0].payload.description).toMatch(/has never been run/);
    // the next round: still skipped, not notified again
    const again = await runDueDrills(deps, {
      period: 'p2',
      concurrency: 1,
      liveDrills,
    });
    expect(again.notified).toEqual([]);
    expect(sent).toHaveLength(1);
    expect(await suite.sideEffectState()).toEqual(before);
  });

  it('switches over to the standby and back: RTO to the first write through PgBouncer, no data lost, the roles as they were, the drill check passes', async () => {
    expect(await writeThroughBouncer(platform)).toBe(platform.primary.port);
    const run = await checks.runDrill({
      entityRef: DB_REF,
      parameters: {
        scenario: 'full-simulation',
        acknowledgeLiveSwitchover: true,
        participants: ['user:default/bob'],
      },
    });
    expect(run.error).toBeUndefined();
    // RTO: the run's start to the promoted standby answering a write through the switch
    const report = checks.expectRtoUntil(run, 'switchover.verify-write');
    expect(report.type).toBe('live-switchover');
    expect(report.result).toBe('pass');
    expect(report.results.find(r => r.id === 'rpo')!.achievedMs).toBe(0);
    expect(run.dataLossSeconds).toBe(0);
    expect(report.results.find(r => r.id === 'validation')).toMatchObject({
      result: 'pass',
      achieved: expect.stringContaining('no-data-loss: pass, 0 bytes'),
    });
    expect(report.results.find(r => r.id === 'cleanup')).toMatchObject({
      result: 'pass',
      target:
        'the original primary is the primary again and the standby streams from it',
      achieved: expect.stringMatching(/is the primary .+ streams from it$/),
    });
    const output = run.output!;
    expect(output.lostBytes).toBe(0);
    expect(output.switchover).toMatchObject({ verifiedThrough: 'switch' });
    expect((output.switchback as { newTimeline: number }).newTimeline).toBe(
      (output.switchover as { newTimeline: number }).newTimeline + 1,
    );
    for (const id of [
      'switchover.promote',
      'reprotect.wait-streaming',
      'switchback.promote',
      'reprotect-back.wait-streaming',
      'cleanup',
    ]) {
      expect(run.steps.find(s => s.id === id)!.status).toBe('succeeded');
    }
    // the roles are back as they were
    expect(await inRecovery(platform.standby!)).toBe(true);
    expect(await inRecovery(platform.primary)).toBe(false);
    expect(await writeThroughBouncer(platform)).toBe(platform.primary.port);
    const topology = await ctx.stores.topology.getTopology('ecommerce');
    expect(topology).toMatchObject({
      primaryServer: 'primary',
      standbyServer: 'standby',
    });
    const md = await checks.expectPassingEvidence(run, 'live-switchover');
    if (process.env.DR_DRILL_REPORT_OUT) {
      await writeFile(process.env.DR_DRILL_REPORT_OUT, md);
    }
  });
});
