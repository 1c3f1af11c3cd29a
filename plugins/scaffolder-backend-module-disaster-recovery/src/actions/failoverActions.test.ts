import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { setupServer } from 'msw/node';
import { actionContext, actionOptions } from '../__testUtils__/actionContext';
import { FakeBackend } from '../__testUtils__/fakeBackend';
import { createFailoverPreflightAction } from './failoverPreflight';
import {
  createFailoverFailoverAction,
  createFailoverSwitchoverAction,
} from './failoverPromotion';
import { createFailoverReprotectAction } from './failoverReprotect';

const DB = 'resource:default/ecommerce-db';

describe('disaster-recovery:failover:* actions', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  const options = { ...actionOptions(), pollIntervalMs: 1 };
  let backend: FakeBackend;

  beforeEach(() => {
    backend = new FakeBackend();
    server.use(...backend.handlers());
  });

  it('preflight only plans, also in a real task, and outputs the checks', async () => {
    backend.planOutput = {
      preflight: {
        ok: true,
        checks: [
          { id: 'standby-reachable', status: 'pass', detail: 'answered' },
          {
            id: 'old-primary-reachable',
            status: 'fail',
            risk: 'old-primary-unreachable',
            accepted: true,
            detail: 'old primary 10.0.0.1:5432 is unreachable',
          },
        ],
      },
    };
    const action = createFailoverPreflightAction(options);
    const { ctx, logs, outputs } = actionContext(action, {
      entityRef: DB,
      mode: 'failover',
      acceptRisks: ['old-primary-unreachable'],
    });
    await action.handler(ctx);
    expect(backend.startRequests()).toEqual([
      {
        operation: 'failover',
        entityRef: DB,
        parameters: { acceptRisks: ['old-primary-unreachable'] },
        dryRun: true,
      },
    ]);
    expect(logs.join('\n')).toContain('would take these steps');
    expect(logs).toEqual(
      expect.arrayContaining([
        'info:   [pass] standby-reachable: answered',
        'warn:   [fail] old-primary-reachable: old primary 10.0.0.1:5432 is unreachable (risk "old-primary-unreachable" accepted)',
        'info: Preflight passed: the failover may go on',
      ]),
    );
    expect(outputs.status).toBe('planned');
    expect(outputs.preflight).toMatchObject({ ok: true });
  });

  it('preflight logs a refusal with the risk that would let the run go on', async () => {
    backend.planOutput = {
      preflight: {
        ok: false,
        checks: [
          {
            id: 'old-primary-reachable',
            status: 'fail',
            risk: 'old-primary-unreachable',
            accepted: false,
            detail: 'old primary 10.0.0.1:5432 is unreachable',
          },
          { id: 'target-free', status: 'fail', detail: 'run r1 holds it' },
        ],
      },
    };
    const action = createFailoverPreflightAction(options);
    const { ctx, logs } = actionContext(action, {
      entityRef: DB,
      mode: 'failover',
    });
    await action.handler(ctx);
    expect(logs).toEqual(
      expect.arrayContaining([
        'warn:   [fail] old-primary-reachable: old primary 10.0.0.1:5432 is unreachable (accept risk "old-primary-unreachable" to go on)',
        'warn:   [fail] target-free: run r1 holds it',
        'warn: Preflight failed: the failover would be refused (old-primary-reachable, target-free)',
      ]),
    );
  });

  it('switches over once per task step and outputs timelines, RTO and the new topology', async () => {
    backend.output = {
      oldPrimary: '10.0.0.1:5432',
      newPrimary: '10.0.0.2:5432',
      oldTimeline: 1,
      newTimeline: 2,
      dataLoss: { lostBytes: 0 },
      firstWriteAt: '2025-01-01T12:00:05.000Z',
      topology: {
        primaryServer: 'standby',
        standbyServer: null,
        standbyStreaming: false,
      },
    };
    backend.extra = { achievedRtoSeconds: 1.2, dataLossSeconds: 0 };
    const action = createFailoverSwitchoverAction(options);
    const { ctx, outputs } = actionContext(action, { entityRef: DB });
    await action.handler(ctx);
    expect(backend.startRequests()).toEqual([
      {
        operation: 'switchover',
        entityRef: DB,
        parameters: {},
        idempotencyKey: expect.stringMatching(/^scaffolder:/),
      },
    ]);
    expect(outputs).toMatchObject({
      status: 'succeeded',
      oldTimeline: 1,
      newTimeline: 2,
      achievedRtoSeconds: 1.2,
      dataLossSeconds: 0,
      topology: { primaryServer: 'standby', standbyServer: null },
    });
  });

  it('fails over with the accepted risks and the incident start, and fails the task when the run fails', async () => {
    backend.failWith = 'The failover was refused by its preflight: ...';
    const action = createFailoverFailoverAction(options);
    const { ctx } = actionContext(action, {
      entityRef: DB,
      acceptRisks: ['lag-beyond-rpo'],
      incidentStartedAt: '2025-01-01T11:45:00Z',
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      /refused by its preflight/,
    );
    expect(backend.startRequests()[0]).toMatchObject({
      operation: 'failover',
      parameters: {
        acceptRisks: ['lag-beyond-rpo'],
        incidentStartedAt: '2025-01-01T11:45:00Z',
      },
    });
  });

  it('refuses an unknown risk before calling the backend', async () => {
    const action = createFailoverFailoverAction(options);
    const { ctx } = actionContext(action, {
      entityRef: DB,
      acceptRisks: ['two-primaries' as any],
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      /unknown risk "two-primaries"/,
    );
    expect(backend.requests).toHaveLength(0);
  });

  it('reprotects and outputs the method and the topology', async () => {
    backend.output = {
      server: '10.0.0.1:5432',
      method: 'pg_rewind',
      timeline: 2,
      topology: {
        primaryServer: 'standby',
        standbyServer: 'primary',
        standbyStreaming: true,
      },
    };
    const action = createFailoverReprotectAction(options);
    const { ctx, outputs } = actionContext(action, {
      entityRef: DB,
      allowBasebackup: false,
    });
    await action.handler(ctx);
    expect(backend.startRequests()[0]).toMatchObject({
      operation: 'reprotect',
      parameters: { allowBasebackup: false },
    });
    expect(outputs).toMatchObject({
      method: 'pg_rewind',
      timeline: 2,
      topology: { standbyServer: 'primary', standbyStreaming: true },
    });
  });
});
