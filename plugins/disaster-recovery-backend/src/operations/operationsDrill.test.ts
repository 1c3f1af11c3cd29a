import {
  DrillReport,
  policyFromConfig,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { drillChecks } from './__testUtils__/drillChecks';
import {
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
  const { post, databases } = suite;
  const {
    runDrill,
    planDrill,
    expectRtoUntil,
    expectPassingEvidence,
    expectFailsRto,
  } = drillChecks(suite, policy);
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

  it('plans a drill: its steps, the targets it is judged against, and what it creates and removes, creating nothing', async () => {
    const run = await planDrill(
      { entityRef: DB_REF, parameters: { scenario: 'database-corruption' } },
      {
        steps: [
          'locate',
          'prepare',
          'download',
          'toc',
          'create-database',
          'restore',
          'verify',
          'cleanup',
          'report',
        ],
        kind: 'restore',
        targets: { rto: '2h', rpo: '5m' },
      },
    );
    const creates = run.output!.creates as string[];
    expect(creates[0]).toMatch(/^database ecommerce_drill_\d{14}_[0-9a-f]{4} /);
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
    expect(run).toMatchObject({
      operation: 'drill',
      purpose: 'drill',
      scenario: 'database-corruption',
    });
    // The achieved RTO is the run's start to the end of the validation step.
    const report = expectRtoUntil(run, 'verify');
    expect(report.result).toBe('pass');
    expect(report.participants).toEqual([
      'user:default/alice',
      'user:default/bob',
    ]);
    expect(report.actionItems).toEqual(['Review the restore runbook']);
    const verify = run.steps.find(s => s.id === 'verify')!;
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
    await expectPassingEvidence(run, 'restore');
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
    const report = await expectFailsRto({
      entityRef: DB_REF,
      parameters: { scenario: 'instant-recovery' },
    });
    expect(report.issues[0]).toMatch(
      /^Recover within the recovery time objective: .+, target ≤ 1ms\.$/,
    );
  });

  it('plans an isolated test failover drill: its steps, its targets, the server it creates and removes, creating nothing', async () => {
    const run = await planDrill(
      { entityRef: DB_REF, parameters: { scenario: 'data-center-outage' } },
      {
        steps: [
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
        ],
        kind: 'isolated-failover',
        targets: { rto: '4h', rpo: '15m' },
      },
    );
    const creates = run.output!.creates as string[];
    expect(creates[0]).toMatch(
      /^server directory \/.+\/drill-servers\/dr-failover-drill-ecommerce-\d{14}-[0-9a-f]{4} /,
    );
    expect(creates[1]).toMatch(
      /^a PostgreSQL server on 127\.0\.0\.1 at a free port/,
    );
    expect(await serverDirs()).toEqual([]);
  });

  it('runs an isolated test failover drill: a throwaway copy promoted and checked, figures that match the step timings, nothing left, the drill check passes', async () => {
    const run = await runDrill({
      entityRef: DB_REF,
      parameters: { scenario: 'data-center-outage' },
    });
    // RTO: the run's start to the promoted copy answering a write (end of the promote step)
    const report = expectRtoUntil(run, 'promote');
    expect(report.type).toBe('isolated-failover');
    expect(report.result).toBe('pass');
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
    await expectPassingEvidence(run, 'isolated-failover');
  });

  it('reports fail for an isolated test failover over a 1 ms RTO, and that drill check fails', async () => {
    const report = await expectFailsRto({
      entityRef: DB_REF,
      parameters: { scenario: 'instant-failover' },
    });
    expect(report.results.find(r => r.id === 'validation')!.result).toBe(
      'pass',
    );
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
        /acknowledgeLiveSwitchover: a live switchover drill switches production to the standby and back/,
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
