import {
  DrillReport,
  evaluate,
  policyFromConfig,
  RecoveryRun,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
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
  },
});

describe('drill runs (real PostgreSQL and object store)', () => {
  const suite = setUpOperationsSuite({ policy });
  const { post, waitForEnd, databases } = suite;
  const drillDatabases = async () =>
    (await databases()).filter(d => d.includes('_drill_'));

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

  it('refuses what it cannot run with a 400 naming the field, and starts nothing', async () => {
    const before = await suite.sideEffectState();
    const cases: Array<[object, RegExp]> = [
      [
        { entityRef: DB_REF, parameters: { scenario: 'alien-invasion' } },
        /scenario: "alien-invasion" is not a scenario of the policy/,
      ],
      [
        { entityRef: DB_REF, parameters: { scenario: 'data-center-outage' } },
        /kind: a isolated test failover cannot be run here yet/,
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
