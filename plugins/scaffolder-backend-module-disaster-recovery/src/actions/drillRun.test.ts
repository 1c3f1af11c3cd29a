import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { buildDrillReport } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { setupServer } from 'msw/node';
import { actionContext, actionOptions } from '../__testUtils__/actionContext';
import { FakeBackend } from '../__testUtils__/fakeBackend';
import { createDrillRunAction } from './drillRun';

const report = (rtoMs: number) =>
  buildDrillReport({
    runId: 'run-1',
    kind: 'restore',
    scenario: { id: 'database-corruption', title: 'Database corruption' },
    entityRef: 'resource:default/ecommerce-db',
    target: 'ecommerce',
    startedAt: '2025-01-01T12:00:00.000Z',
    finishedAt: '2025-01-01T12:00:09.000Z',
    initiatedBy: 'user:default/alice',
    targets: { rtoMs: 7_200_000, rpoMs: 300_000, rtoText: '2h', rpoText: '5m' },
    achievedRtoMs: rtoMs,
    dataLossMs: 60_000,
    validation: { target: 'stats', passed: true, detail: 'equal' },
    cleanup: { passed: true, detail: 'removed' },
    steps: [],
  });

describe('disaster-recovery:drill:run', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  let backend: FakeBackend;
  const action = createDrillRunAction({
    ...actionOptions(),
    pollIntervalMs: 1,
  });

  beforeEach(() => {
    backend = new FakeBackend();
    server.use(...backend.handlers());
  });

  it('starts a drill of the scenario and outputs its result and Markdown report', async () => {
    backend.output = {
      kind: 'restore',
      scenario: 'database-corruption',
      result: 'pass',
      report: report(8_000),
    };
    backend.extra = { achievedRtoSeconds: 8, dataLossSeconds: 60 };
    const { ctx, outputs } = actionContext(action, {
      entityRef: 'resource:default/ecommerce-db',
      scenario: 'database-corruption',
      backupKey: 'newest',
    });
    await action.handler(ctx);
    expect(backend.startRequests()[0]).toMatchObject({
      operation: 'drill',
      entityRef: 'resource:default/ecommerce-db',
      parameters: { scenario: 'database-corruption' },
    });
    expect(backend.startRequests()[0].parameters).not.toHaveProperty('key');
    expect(outputs).toMatchObject({
      status: 'succeeded',
      result: 'pass',
      kind: 'restore',
      achievedRtoSeconds: 8,
      dataLossSeconds: 60,
      reportUrl:
        'http://localhost:3000/disaster-recovery/runs/run-1#drill-report',
    });
    expect(outputs.report).toContain(
      '# DR test report: Restore drill – Database corruption',
    );
  });

  it('passes kind, key, participants and action items through', async () => {
    const { ctx } = actionContext(action, {
      entityRef: 'resource:default/tenant-acme',
      scenario: 'human-error',
      kind: 'tenant-restore',
      backupKey: 'ecommerce/x.dump',
      participants: ['user:default/bob'],
      actionItems: ['Fix the runbook'],
    });
    await action.handler(ctx);
    expect(backend.startRequests()[0].parameters).toEqual({
      scenario: 'human-error',
      kind: 'tenant-restore',
      key: 'ecommerce/x.dump',
      participants: ['user:default/bob'],
      actionItems: ['Fix the runbook'],
    });
  });

  it('completes with result fail when the drill missed a target', async () => {
    backend.output = { result: 'fail', report: report(9_000_000) };
    const missed = actionContext(action, {
      entityRef: 'resource:default/ecommerce-db',
      scenario: 'database-corruption',
    });
    await action.handler(missed.ctx);
    expect(missed.outputs.result).toBe('fail');
    expect(missed.outputs.report).toContain('| Result | **FAIL** |');
  });

  it('fails the task when the drill could not run', async () => {
    backend.failWith = 'The restored database failed its checks';
    const broken = actionContext(action, {
      entityRef: 'resource:default/ecommerce-db',
      scenario: 'database-corruption',
    });
    await expect(action.handler(broken.ctx)).rejects.toThrow(
      /failed its checks/,
    );
  });
});
