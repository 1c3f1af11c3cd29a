import { mockCredentials } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { ConfigReader } from '@backstage/config';
import {
  evaluate,
  readPolicy,
  RecoveryRun,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { readTargetsFromConfig } from '@dr-portal/backstage-plugin-disaster-recovery-node';
import { Platform, startPlatform } from '../__testUtils__/platformHarness';
import request from 'supertest';
import { replicationSource } from '../collectors/collectorTargets';
import { collectReplication } from '../collectors/replicationCollector';
import { currentTarget } from '../failover/targetTopology';
import { loadTargetEvidence } from '../posture/storeEvidence';
import {
  failoverTarget,
  inRecovery,
  writeThroughBouncer,
} from './__testUtils__/failoverPair';
import { ALICE, DB_REF } from './__testUtils__/operationsSuite';
import { registerOperationActions } from './registerOperationActions';
import {
  OperationsTestBackend,
  startOperationsBackend,
} from './__testUtils__/operationsTestBackend';

jest.setTimeout(240_000);

describe('switchover, reprotect and failback through the executor (real primary, standby and PgBouncer)', () => {
  let platform: Platform;
  let ctx: OperationsTestBackend;

  beforeAll(async () => {
    platform = await startPlatform({ s3: false, pgbackrest: false });
    ctx = await startOperationsBackend({
      platform,
      prefix: 'unused',
      target: failoverTarget(platform),
    });
  });

  afterAll(async () => {
    await ctx?.backend.stop();
    await platform?.stop();
  });

  afterEach(() => ctx.setDecision(() => true));

  const post = (body: object) =>
    request(ctx.server)
      .post('/api/disaster-recovery/operations')
      .set('Authorization', ALICE)
      .send(body);

  async function waitForEnd(id: string): Promise<RecoveryRun> {
    for (let i = 0; i < 1200; i++) {
      const res = await request(ctx.server)
        .get(`/api/disaster-recovery/runs/${id}`)
        .set('Authorization', ALICE);
      expect(res.status).toBe(200);
      if (res.body.status !== 'running') return res.body;
      await new Promise(r => setTimeout(r, 100));
    }
    throw new Error(`run ${id} did not end`);
  }

  /** The replica-lag posture check of the target, after the replication collector ran once. */
  async function replicaPosture() {
    const configured = readTargetsFromConfig(
      new ConfigReader({
        disasterRecovery: { targets: { ecommerce: failoverTarget(platform) } },
      }),
    ).get('ecommerce')!;
    const source = replicationSource(
      await currentTarget(ctx.stores.topology, configured),
    );
    await collectReplication(source, ctx.stores.observations);
    const evidence = await loadTargetEvidence(ctx.stores, 'ecommerce');
    const posture = evaluate(readPolicy(new ConfigReader({})), {
      entityRef: DB_REF,
      ...evidence,
    });
    return {
      polledPrimaryPort: source.primary.port,
      check: posture.checks.find(c => c.id === 'replica-lag')!,
    };
  }

  it('plans a switchover with its preflight as the dry run, changing nothing', async () => {
    const res = await post({
      operation: 'switchover',
      entityRef: DB_REF,
      dryRun: true,
    });
    expect(res.status).toBe(200);
    const run: RecoveryRun = res.body.run;
    expect(run.status).toBe('planned');
    expect(run.steps.map(s => s.id)).toEqual([
      'preflight',
      'pause-switch',
      'fence',
      'wait-replay',
      'promote',
      'release-fence',
      'repoint-switch',
      'resume-switch',
      'verify-write',
    ]);
    const preflight = run.output!.preflight as {
      ok: boolean;
      checks: Array<{ id: string; status: string }>;
      primaryTimeline: number;
      standbyTimeline: number;
    };
    expect(preflight.ok).toBe(true);
    expect(preflight.checks.filter(c => c.status === 'fail')).toEqual([]);
    expect(preflight.checks.map(c => c.id)).toContain('target-free');
    expect(preflight.primaryTimeline).toBe(preflight.standbyTimeline);
    expect(await inRecovery(platform.standby!)).toBe(true);
    expect(await writeThroughBouncer(platform)).toBe(platform.primary.port);
    expect(await ctx.stores.topology.getTopology('ecommerce')).toBeUndefined();
  });

  it("runs the preflight through the actions registry, read-only, with the caller's permission", async () => {
    const registry = actionsRegistryServiceMock();
    registerOperationActions(registry, { executor: ctx.executor });
    expect(registry.actions.get('test:failover-preflight')!.attributes).toEqual(
      { readOnly: true, destructive: false, idempotent: true },
    );
    const credentials = mockCredentials.user('user:default/agent-owner');
    const plan = await registry.invoke({
      id: 'test:failover-preflight',
      input: { entityRef: DB_REF, mode: 'failover' },
      credentials,
    });
    expect(plan.output).toMatchObject({
      status: 'planned',
      operation: 'failover',
      evidence: { preflight: { ok: true } },
    });
    expect(
      (plan.output as { steps: Array<{ id: string }> }).steps.map(s => s.id),
    ).not.toContain('wait-replay');
    await expect(
      registry.invoke({
        id: 'test:database-switchover',
        input: { entityRef: DB_REF, acceptRisks: ['two-primaries'] },
        credentials,
      }),
    ).rejects.toThrow(/acceptRisks/);
    ctx.setDecision(p => p !== 'disaster-recovery.database.failover');
    await expect(
      registry.invoke({
        id: 'test:failover-preflight',
        input: { entityRef: DB_REF },
        credentials,
      }),
    ).rejects.toThrow(/Not allowed/);
    expect(await inRecovery(platform.standby!)).toBe(true);
  });

  it('refuses a caller without the failover permission, and unknown risks, before any side effect', async () => {
    ctx.setDecision(p => p !== 'disaster-recovery.database.failover');
    const denied = await post({ operation: 'switchover', entityRef: DB_REF });
    expect(denied.status).toBe(403);
    ctx.setDecision(() => true);
    const bad = await post({
      operation: 'failover',
      entityRef: DB_REF,
      parameters: { acceptRisks: ['two-primaries'] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/acceptRisks/);
    expect(await inRecovery(platform.standby!)).toBe(true);
  });

  it('switches over once when two runs start together (the other gets 409), then reports no standby', async () => {
    const responses = await Promise.all([
      post({ operation: 'switchover', entityRef: DB_REF }),
      post({ operation: 'switchover', entityRef: DB_REF }),
    ]);
    expect(responses.map(r => r.status).sort()).toEqual([202, 409]);
    const started = responses.find(r => r.status === 202)!;
    const refused = responses.find(r => r.status === 409)!;
    expect(refused.body.error.message).toMatch(/held by|holds|running/i);

    const run = await waitForEnd(started.body.run.id);
    expect(run.error).toBeUndefined();
    expect(run.status).toBe('succeeded');
    for (const id of ['fence', 'wait-replay', 'promote', 'verify-write']) {
      const step = run.steps.find(s => s.id === id)!;
      expect(step.status).toBe('succeeded');
      expect(Date.parse(step.finishedAt!)).toBeGreaterThanOrEqual(
        Date.parse(step.startedAt!),
      );
    }
    const output = run.output!;
    expect(output.newTimeline).toBe((output.oldTimeline as number) + 1);
    expect(output.verifiedThrough).toBe('switch');
    expect(run.dataLossSeconds).toBe(0);
    expect(run.achievedRtoSeconds).toBeGreaterThan(0);
    expect(Date.parse(output.firstWriteAt as string)).toBeLessThanOrEqual(
      Date.parse(run.finishedAt!),
    );
    expect(output.topology).toEqual({
      primaryServer: 'standby',
      standbyServer: null,
      standbyStreaming: false,
    });

    // the roles changed: PgBouncer sends writes to the promoted server
    expect(await inRecovery(platform.standby!)).toBe(false);
    expect(await writeThroughBouncer(platform)).toBe(platform.standby!.port);
    const topology = await request(ctx.server)
      .get(
        '/api/disaster-recovery/entities/resource/default/ecommerce-db/topology',
      )
      .set('Authorization', ALICE);
    expect(topology.body).toMatchObject({
      primary: { configured: 'standby', port: platform.standby!.port },
      standby: null,
      reprotectNeeded: true,
      change: { runId: run.id, operation: 'switchover' },
      replication: { standbyConnected: false },
    });
    const posture = await replicaPosture();
    expect(posture.polledPrimaryPort).toBe(platform.standby!.port);
    expect(posture.check).toMatchObject({
      status: 'fail',
      measured: 'no standby',
    });

    const ended = ctx.audit.filter(
      e =>
        e.eventId === 'recovery-operation' && e.outcomeMeta?.runId === run.id,
    );
    expect(ended).toEqual([
      expect.objectContaining({
        outcome: 'success',
        outcomeMeta: expect.objectContaining({
          achievedRtoSeconds: run.achievedRtoSeconds,
          topology: output.topology,
        }),
      }),
    ]);
    expect(
      ctx.audit.some(e => e.outcome === 'fail' && /holds|held/.test(e.error!)),
    ).toBe(true);
  });

  it('refuses a second switchover or failover until the old primary is reprotected', async () => {
    for (const operation of ['switchover', 'failover']) {
      const res = await post({ operation, entityRef: DB_REF });
      expect(res.status).toBe(409);
      expect(res.body.error.message).toMatch(
        /no standby .*reprotect the old primary first/,
      );
    }
  });

  it('reprotects the old primary: it streams from the new one and the posture sees a standby', async () => {
    const res = await post({ operation: 'reprotect', entityRef: DB_REF });
    expect(res.status).toBe(202);
    const run = await waitForEnd(res.body.run.id);
    expect(run.error).toBeUndefined();
    expect(run.status).toBe('succeeded');
    expect(run.output).toMatchObject({
      method: expect.stringMatching(/^pg_rewind|pg_basebackup$/),
      topology: {
        primaryServer: 'standby',
        standbyServer: 'primary',
        standbyStreaming: true,
      },
    });
    expect(run.achievedRtoSeconds).toBeUndefined();
    expect(await inRecovery(platform.primary)).toBe(true);
    const topology = await request(ctx.server)
      .get(
        '/api/disaster-recovery/entities/resource/default/ecommerce-db/topology',
      )
      .set('Authorization', ALICE);
    expect(topology.body).toMatchObject({
      primary: { configured: 'standby' },
      standby: { configured: 'primary', port: platform.primary.port },
      reprotectNeeded: false,
      change: { runId: run.id, operation: 'reprotect' },
      replication: { standbyConnected: true },
    });

    const posture = await replicaPosture();
    expect(posture.polledPrimaryPort).toBe(platform.standby!.port);
    expect(posture.check.status).not.toBe('fail');
    expect(posture.check.status).not.toBe('unknown');
  });

  it('fails back with a switchover: the original roles and PgBouncer route are restored', async () => {
    const res = await post({ operation: 'switchover', entityRef: DB_REF });
    expect(res.status).toBe(202);
    const run = await waitForEnd(res.body.run.id);
    expect(run.error).toBeUndefined();
    expect(run.status).toBe('succeeded');
    expect(run.dataLossSeconds).toBe(0);
    expect(await inRecovery(platform.primary)).toBe(false);
    expect(await writeThroughBouncer(platform)).toBe(platform.primary.port);
    expect(await ctx.stores.topology.getTopology('ecommerce')).toMatchObject({
      primaryServer: 'primary',
    });
    expect(run.output!.topology).toMatchObject({ standbyServer: null });

    const recorded = JSON.stringify({
      runs: await ctx.stores.runs.listRecoveryRuns({ target: 'ecommerce' }),
      audit: ctx.audit,
    });
    for (const secret of [
      platform.primary.password,
      platform.pgbouncer!.adminPassword,
    ]) {
      expect(recorded).not.toContain(secret);
    }
  });

  it('fails over from an unreachable primary only with the risk accepted, recording it, the incident RTO and the data-loss window', async () => {
    const reprotected = await post({
      operation: 'reprotect',
      entityRef: DB_REF,
    });
    expect((await waitForEnd(reprotected.body.run.id)).status).toBe(
      'succeeded',
    );
    await platform.stopServer(platform.primary, 'immediate');
    const incidentStartedAt = new Date(Date.now() - 60_000).toISOString();

    const refused = await post({
      operation: 'failover',
      entityRef: DB_REF,
      parameters: { incidentStartedAt },
    });
    expect(refused.status).toBe(202);
    const refusedRun = await waitForEnd(refused.body.run.id);
    expect(refusedRun.status).toBe('failed');
    expect(refusedRun.error).toMatch(
      /refused by its preflight.*accept risk "old-primary-unreachable"/,
    );
    expect(await inRecovery(platform.standby!)).toBe(true);

    const res = await post({
      operation: 'failover',
      entityRef: DB_REF,
      parameters: {
        acceptRisks: ['old-primary-unreachable'],
        incidentStartedAt,
      },
    });
    const run = await waitForEnd(res.body.run.id);
    expect(run.error).toBeUndefined();
    expect(run.status).toBe('succeeded');
    expect(run.output).toMatchObject({
      acceptRisks: ['old-primary-unreachable'],
      acceptedRisks: ['old-primary-unreachable'],
      incidentStartedAt,
      dataLoss: {
        lastReceivedLsn: expect.any(String),
        lastReplayedLsn: expect.any(String),
      },
      topology: { primaryServer: 'standby', standbyServer: null },
    });
    // measured from the incident start, a minute before the run
    expect(run.achievedRtoSeconds).toBeGreaterThanOrEqual(60);
    expect(run.dataLossSeconds).toEqual(expect.any(Number));
    expect(await inRecovery(platform.standby!)).toBe(false);
    expect(await writeThroughBouncer(platform)).toBe(platform.standby!.port);

    const ended = ctx.audit.find(e => e.outcomeMeta?.runId === run.id)!;
    expect(ended.outcomeMeta).toMatchObject({
      acceptRisks: ['old-primary-unreachable'],
      acceptedRisks: ['old-primary-unreachable'],
      incidentStartedAt,
      achievedRtoSeconds: run.achievedRtoSeconds,
    });
  });
});
