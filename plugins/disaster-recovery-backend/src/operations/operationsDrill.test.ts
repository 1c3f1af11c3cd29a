import {
  DrillReport,
  evaluate,
  policyFromConfig,
  RecoveryRun,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import request from 'supertest';
import { loadTargetEvidence } from '../posture/storeEvidence';
import {
  ALICE,
  DB_REF,
  setUpOperationsSuite,
  TENANT_REF,
} from './__testUtils__/operationsSuite';

jest.setTimeout(300_000);

// The plan's scenarios, and one whose RTO no drill can meet: a drill of it must report fail.
const policy = policyFromConfig({
  scenarios: {
    'instant-recovery': {
      title: 'Instant recovery',
      likelihood: 'low',
      impact: 'low',
      rto: '1ms',
      rpo: '15m',
      mitigation: 'none',
      drillCadence: 'quarterly',
      drillKind: 'restore',
    },
    'instant-failover': {
      title: 'Instant failover',
      likelihood: 'low',
      impact: 'low',
      rto: '1ms',
      rpo: '15m',
      mitigation: 'none',
      drillCadence: 'quarterly',
      drillKind: 'isolated-failover',
    },
  },
});

describe('drill runs (real PostgreSQL and object store)', () => {
  const suite = setUpOperationsSuite({ policy });
  const { post, waitForEnd, databases } = suite;
  const drillDatabases = async () =>
    (await databases()).filter(d => d.includes('_drill_'));
  const serverDirs = async () =>
    (
      await readdir(path.join(suite.platform.baseDir, 'drill-servers')).catch(
        () => [] as string[],
      )
    ).sort();

  beforeAll(async () => {
    await suite.takeBackup();
  });

  async function runDrill(body: object): Promise<RecoveryRun> {
    const res = await post({ operation: 'drill', ...body });
    expect(res.status).toBe(202);
    return waitForEnd(res.body.run.id);
  }

  function posture(scenario: string, evidence: object) {
    return evaluate(
      policy,
      { entityRef: TENANT_REF, ...evidence },
      Date.now(),
    ).checks.find(c => c.id === `drill:${scenario}`)!;
  }

  it('plans a drill: its steps, the targets it is judged against, and what it creates and removes, creating nothing', async () => {
    const before = await suite.sideEffectState();
    const res = await post({
      operation: 'drill',
      entityRef: DB_REF,
      dryRun: true,
      parameters: { scenario: 'database-corruption' },
    });
    expect(res.status).toBe(200);
    const run = res.body.run as RecoveryRun;
    expect(run).toMatchObject({
      status: 'planned',
      purpose: 'drill',
      scenario: 'database-corruption',
    });
    expect(run.steps.map(s => s.id)).toEqual([
      'locate',
      'prepare',
      'download',
      'toc',
      'create-database',
      'restore',
      'verify',
      'cleanup',
      'report',
    ]);
    expect(run.output).toMatchObject({
      kind: 'restore',
      targets: { rto: '2h', rpo: '5m' },
    });
    const creates = run.output!.creates as string[];
    expect(creates[0]).toMatch(/^database ecommerce_drill_\d{14}_[0-9a-f]{4} /);
    expect(run.output!.removes).toEqual(creates);
    expect(await suite.sideEffectState()).toEqual(before);
  });

  it('runs a restore drill through the executor: a passing report whose figures match the step timings, nothing left, the drill check passes', async () => {
    const run = await runDrill({
      entityRef: DB_REF,
      parameters: {
        scenario: 'database-corruption',
        participants: ['user:default/bob'],
        actionItems: ['Review the restore runbook'],
      },
    });
    expect(run.status).toBe('succeeded');
    expect(run).toMatchObject({
      operation: 'drill',
      purpose: 'drill',
      scenario: 'database-corruption',
    });
    const report = run.output!.report as DrillReport;
    expect(report.result).toBe('pass');
    expect(report.participants).toEqual([
      'user:default/alice',
      'user:default/bob',
    ]);
    expect(report.actionItems).toEqual(['Review the restore runbook']);
    // The achieved RTO is the run's start to the end of the validation step.
    const verify = run.steps.find(s => s.id === 'verify')!;
    const rtoMs = Date.parse(verify.finishedAt!) - Date.parse(run.startedAt);
    const rto = report.results.find(r => r.id === 'rto')!;
    expect(rto.achievedMs).toBe(rtoMs);
    expect(run.achievedRtoSeconds).toBe(Math.round(rtoMs / 100) / 10);
    // The data loss is the restore point to the run's start.
    const lossMs = Date.parse(run.startedAt) - Date.parse(run.restorePoint!);
    expect(report.results.find(r => r.id === 'rpo')!.achievedMs).toBe(lossMs);
    expect(run.dataLossSeconds).toBe(Math.round(lossMs / 1000));
    // The clean-up ran after the validation, and the report's steps are the run's.
    const cleanup = run.steps.find(s => s.id === 'cleanup')!;
    expect(cleanup.status).toBe('succeeded');
    expect(cleanup.startedAt! >= verify.finishedAt!).toBe(true);
    expect(report.steps.map(s => s.id)).toEqual(run.steps.map(s => s.id));
    expect(report.durationSeconds).toBeGreaterThanOrEqual(
      Math.floor(
        (Date.parse(cleanup.finishedAt!) - Date.parse(run.startedAt)) / 100,
      ) / 10,
    );
    expect(await drillDatabases()).toEqual([]);

    const evidence = await loadTargetEvidence(suite.ctx.stores, 'ecommerce');
    expect(evidence.drills).toContainEqual(
      expect.objectContaining({ id: run.id, kind: 'restore' }),
    );
    expect(['pass', 'warn']).toContain(
      posture('database-corruption', evidence).status,
    );

    const md = await request(suite.ctx.server)
      .get(`/api/disaster-recovery/runs/${run.id}/report.md`)
      .set('Authorization', ALICE);
    expect(md.status).toBe(200);
    expect(md.headers['content-type']).toMatch(/^text\/markdown/);
    expect(md.headers['content-disposition']).toContain(
      'dr-drill-restore-database-corruption-',
    );
    expect(md.text).toContain('| Result | **PASS** |');
    // eslint-disable-next-line no-console
    console.log(`restore drill report:\n${md.text}`);
  });

  it("runs a tenant restore drill on a tenant: the tenant's rows compared with the backup, nothing left", async () => {
    const run = await runDrill({
      entityRef: TENANT_REF,
      parameters: { scenario: 'human-error' },
    });
    expect(run.status).toBe('succeeded');
    const report = run.output!.report as DrillReport;
    expect(report.type).toBe('tenant-restore');
    expect(report.results.find(r => r.id === 'validation')).toMatchObject({
      result: 'pass',
      achieved: expect.stringContaining('tenant-stats: pass'),
    });
    expect(run.steps.find(s => s.id === 'import')!.status).toBe('skipped');
    expect(await drillDatabases()).toEqual([]);
  });

  it("reports fail for a drill over its scenario's RTO, and the posture's drill check of that scenario fails", async () => {
    const run = await runDrill({
      entityRef: DB_REF,
      parameters: { scenario: 'instant-recovery' },
    });
    expect(run.status).toBe('succeeded');
    const report = run.output!.report as DrillReport;
    expect(report.result).toBe('fail');
    expect(report.results.find(r => r.id === 'rto')!.result).toBe('fail');
    expect(report.issues[0]).toMatch(
      /^Recover within the recovery time objective: .+, target ≤ 1ms\.$/,
    );
    const evidence = await loadTargetEvidence(suite.ctx.stores, 'ecommerce');
    const check = posture('instant-recovery', evidence);
    expect(check.status).toBe('fail');
    expect(check.reason).toMatch(/more than the 1ms RTO/);
  });

  it('plans an isolated test failover drill: its steps, its targets, the server it creates and removes, creating nothing', async () => {
    const before = await suite.sideEffectState();
    const res = await post({
      operation: 'drill',
      entityRef: DB_REF,
      dryRun: true,
      parameters: { scenario: 'data-center-outage' },
    });
    expect(res.status).toBe(200);
    const run = res.body.run as RecoveryRun;
    expect(run).toMatchObject({
      status: 'planned',
      scenario: 'data-center-outage',
    });
    expect(run.steps.map(s => s.id)).toEqual([
      'prepare',
      'basebackup',
      'source',
      'configure',
      'start',
      'catch-up',
      'promote',
      'smoke',
      'cleanup',
      'report',
    ]);
    expect(run.output).toMatchObject({
      kind: 'isolated-failover',
      targets: { rto: '4h', rpo: '15m' },
    });
    const creates = run.output!.creates as string[];
    expect(creates[0]).toMatch(
      /^server directory \/.+\/drill-servers\/dr-failover-drill-ecommerce-\d{14}-[0-9a-f]{4} /,
    );
    expect(creates[1]).toMatch(
      /^a PostgreSQL server on 127\.0\.0\.1 at a free port/,
    );
    expect(run.output!.removes).toEqual(creates);
    expect(await suite.sideEffectState()).toEqual(before);
    expect(await serverDirs()).toEqual([]);
  });

  it('runs an isolated test failover drill: a throwaway copy promoted and checked, figures that match the step timings, nothing left, the drill check passes', async () => {
    const run = await runDrill({
      entityRef: DB_REF,
      parameters: { scenario: 'data-center-outage' },
    });
    expect(run.status).toBe('succeeded');
    const report = run.output!.report as DrillReport;
    expect(report.type).toBe('isolated-failover');
    expect(report.result).toBe('pass');
    // RTO: the run's start to the promoted copy answering a write (end of the promote step)
    const promote = run.steps.find(s => s.id === 'promote')!;
    const rtoMs = Date.parse(promote.finishedAt!) - Date.parse(run.startedAt);
    expect(report.results.find(r => r.id === 'rto')!.achievedMs).toBe(rtoMs);
    expect(run.achievedRtoSeconds).toBe(Math.round(rtoMs / 100) / 10);
    // data loss: what the primary wrote after the copy's position by the promotion (nothing here)
    const dataLoss = run.output!.dataLoss as { windowMs: number };
    expect(dataLoss).toMatchObject({ transactionsAfter: 0, windowMs: 0 });
    expect(report.results.find(r => r.id === 'rpo')!.achievedMs).toBe(
      dataLoss.windowMs,
    );
    expect(run.dataLossSeconds).toBe(0);
    expect(report.results.find(r => r.id === 'validation')).toMatchObject({
      result: 'pass',
      achieved: expect.stringContaining('tenant-row-counts: pass'),
    });
    expect(report.results.find(r => r.id === 'cleanup')!.result).toBe('pass');
    expect(await serverDirs()).toEqual([]);
    expect(await drillDatabases()).toEqual([]);

    const evidence = await loadTargetEvidence(suite.ctx.stores, 'ecommerce');
    expect(evidence.drills).toContainEqual(
      expect.objectContaining({ id: run.id, kind: 'isolated-failover' }),
    );
    expect(['pass', 'warn']).toContain(
      posture('data-center-outage', evidence).status,
    );
    const md = await request(suite.ctx.server)
      .get(`/api/disaster-recovery/runs/${run.id}/report.md`)
      .set('Authorization', ALICE);
    expect(md.status).toBe(200);
    expect(md.text).toContain('| Result | **PASS** |');
    // eslint-disable-next-line no-console
    console.log(`isolated test failover drill report:\n${md.text}`);
  });

  it('reports fail for an isolated test failover over a 1 ms RTO, and that drill check fails', async () => {
    const run = await runDrill({
      entityRef: DB_REF,
      parameters: { scenario: 'instant-failover' },
    });
    expect(run.status).toBe('succeeded');
    const report = run.output!.report as DrillReport;
    expect(report.result).toBe('fail');
    expect(report.results.find(r => r.id === 'rto')).toMatchObject({
      result: 'fail',
      targetMs: 1,
    });
    expect(report.results.find(r => r.id === 'validation')!.result).toBe(
      'pass',
    );
    const evidence = await loadTargetEvidence(suite.ctx.stores, 'ecommerce');
    expect(posture('instant-failover', evidence).status).toBe('fail');
    expect(await serverDirs()).toEqual([]);
  });

  it('refuses what it cannot run with a 400 naming the field, and starts nothing', async () => {
    const before = await suite.sideEffectState();
    const cases: Array<[object, RegExp]> = [
      [
        { entityRef: DB_REF, parameters: { scenario: 'alien-invasion' } },
        /scenario: "alien-invasion" is not a scenario of the policy/,
      ],
      [
        {
          entityRef: DB_REF,
          parameters: { scenario: 'data-center-outage', key: 'ops-test/x' },
        },
        /key: an isolated test failover copies the primary, not a backup/,
      ],
      [
        {
          entityRef: DB_REF,
          parameters: {
            scenario: 'data-center-outage',
            kind: 'live-switchover',
          },
        },
        /kind: a live switchover drill cannot be run here yet/,
      ],
      [
        { entityRef: DB_REF, parameters: { scenario: 'human-error' } },
        /kind: a tenant restore drill needs a tenant Resource/,
      ],
      [
        { entityRef: DB_REF, parameters: { scenario: 'human-error', x: 1 } },
        /Unrecognized key/,
      ],
      [
        {
          entityRef: DB_REF,
          purpose: 'recovery',
          parameters: { scenario: 'database-corruption' },
        },
        /purpose: a drill run is always a drill/,
      ],
    ];
    for (const [body, message] of cases) {
      const res = await post({ operation: 'drill', ...body });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(message);
    }
    expect(await suite.sideEffectState()).toEqual(before);
  });

  it('needs the drill permission', async () => {
    suite.ctx.setDecision(
      permission => permission !== 'disaster-recovery.drill.run',
    );
    const res = await post({
      operation: 'drill',
      entityRef: DB_REF,
      parameters: { scenario: 'database-corruption' },
    });
    expect(res.status).toBe(403);
  });
});
