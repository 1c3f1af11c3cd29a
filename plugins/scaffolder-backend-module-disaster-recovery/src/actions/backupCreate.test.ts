import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { setupServer } from 'msw/node';
import { actionContext, actionOptions } from '../__testUtils__/actionContext';
import { FakeBackend } from '../__testUtils__/fakeBackend';
import { createBackupCreateAction } from './backupCreate';

describe('disaster-recovery:backup:create', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  let backend: FakeBackend;
  const options = actionOptions();
  const action = createBackupCreateAction({ ...options, pollIntervalMs: 1 });

  beforeEach(() => {
    backend = new FakeBackend();
    server.use(...backend.handlers());
  });

  it('starts a backup on behalf of the initiator, logs each step and outputs the evidence', async () => {
    backend.output = {
      bucket: 'dr-backups',
      key: 'ecommerce/2025/01/01/ecommerce-20250101T120000Z.dump',
      sha256: 'a'.repeat(64),
      sizeBytes: 1234,
    };
    const { ctx, logs, outputs } = actionContext(action, {
      entityRef: 'resource:default/ecommerce-db',
    });

    await action.handler(ctx);

    const starts = backend.startRequests();
    expect(starts).toEqual([
      {
        operation: 'backup',
        entityRef: 'resource:default/ecommerce-db',
        parameters: {},
        idempotencyKey: 'scaffolder:task-1:step-1',
      },
    ]);
    // Called with a token issued on behalf of the initiating user, not as the scaffolder itself.
    const auth = backend.requests[0].authorization!;
    expect(auth).toMatch(/^Bearer /);
    expect(auth).toContain('user:default/alice');

    expect(logs).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /Started backup of resource:default\/ecommerce-db on target ecommerce as run run-1/,
        ),
        'info: [running] Resolve target',
        'info: [succeeded] Resolve target (1s) - done 1',
        'info: [succeeded] Record evidence (1s) - done 3',
      ]),
    );
    expect(outputs).toMatchObject({
      runId: 'run-1',
      runUrl: 'http://localhost:3000/disaster-recovery/runs/run-1',
      status: 'succeeded',
      target: 'ecommerce',
      durationSeconds: 6,
      key: 'ecommerce/2025/01/01/ecommerce-20250101T120000Z.dump',
      sha256: 'a'.repeat(64),
      sizeBytes: 1234,
      bucket: 'dr-backups',
    });
    expect(outputs.steps).toHaveLength(3);
    expect((outputs.steps as any[])[0]).toMatchObject({
      id: 'step-1',
      status: 'succeeded',
      durationSeconds: 1,
    });
  });

  it('does not start a second backup when the task is retried', async () => {
    const checkpoints = new Map();
    const first = actionContext(
      action,
      { entityRef: 'resource:default/ecommerce-db' },
      { checkpoints },
    );
    await action.handler(first.ctx);
    const second = actionContext(
      action,
      { entityRef: 'resource:default/ecommerce-db' },
      { checkpoints },
    );
    await action.handler(second.ctx);

    expect(backend.startRequests()).toHaveLength(1);
    expect(backend.runs.size).toBe(1);
    expect(second.outputs.runId).toBe('run-1');
  });

  it('reuses the run through the idempotency key when the checkpoint was lost', async () => {
    const first = actionContext(action, {
      entityRef: 'resource:default/ecommerce-db',
    });
    await action.handler(first.ctx);
    // Same task and step, but the checkpoint never got stored (crash after the POST).
    const second = actionContext(action, {
      entityRef: 'resource:default/ecommerce-db',
    });
    await action.handler(second.ctx);
    expect(backend.startRequests()).toHaveLength(2);
    expect(backend.runs.size).toBe(1);
    expect(second.outputs.runId).toBe('run-1');
  });

  it('fails the task when the run fails', async () => {
    backend.failWith = 'upload failed: access denied';
    const { ctx, outputs } = actionContext(action, {
      entityRef: 'resource:default/ecommerce-db',
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      /Run run-1 \(backup of resource:default\/ecommerce-db on target ecommerce\) failed: upload failed: access denied/,
    );
    expect(outputs.status).toBeUndefined();
  });

  it('fails the task with the backend conflict message when the target is locked', async () => {
    backend.conflictWith =
      'Target ecommerce is locked by run run-7 (restore, started 2025-01-01T11:59:00.000Z)';
    const { ctx } = actionContext(action, {
      entityRef: 'resource:default/ecommerce-db',
    });
    const failure = action.handler(ctx);
    await expect(failure).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 409,
      cause: expect.objectContaining({ name: 'ConflictError' }),
    });
    await expect(failure).rejects.toThrow(
      /answered POST \/operations with 409: Target ecommerce is locked by run run-7/,
    );
    // the task log prints a failed step's stack: a refusal shows its message only
    const error: Error = await failure.then(
      () => new Error('the action succeeded'),
      e => e,
    );
    expect(error.stack).toBe(`ResponseError: ${error.message}`);
  });

  it('in a dry run asks for the plan, logs it, and starts nothing', async () => {
    const { ctx, logs, outputs, checkpoints } = actionContext(
      action,
      { entityRef: 'resource:default/ecommerce-db' },
      { isDryRun: true },
    );
    await action.handler(ctx);

    expect(backend.startRequests()).toEqual([
      expect.objectContaining({ operation: 'backup', dryRun: true }),
    ]);
    expect(backend.requests.filter(r => r.method === 'GET')).toHaveLength(0);
    expect(checkpoints.size).toBe(0);
    expect(logs).toEqual(
      expect.arrayContaining([
        expect.stringContaining('would take these steps'),
        'info:   1. Resolve target - on target ecommerce (step 1)',
        'info: It would NOT touch: the live database ecommerce',
      ]),
    );
    expect(outputs.status).toBe('planned');
  });

  it('cancels the run when the task is cancelled', async () => {
    const controller = new AbortController();
    const { ctx } = actionContext(
      action,
      { entityRef: 'resource:default/ecommerce-db' },
      { signal: controller.signal },
    );
    const slow = createBackupCreateAction({
      ...options,
      pollIntervalMs: 60_000,
    });
    const done = slow.handler(ctx);
    await new Promise(r => setTimeout(r, 50));
    controller.abort();
    await expect(done).rejects.toThrow(/was cancelled with the task/);
    expect(backend.requests.some(r => r.path === '/runs/run-1/cancel')).toBe(
      true,
    );
    expect(backend.runs.get('run-1')!.status).toBe('failed');
  });
});
