import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { setupServer } from 'msw/node';
import { actionContext, actionOptions } from '../__testUtils__/actionContext';
import { FakeBackend } from '../__testUtils__/fakeBackend';
import { createDatabaseRestoreAction } from './databaseRestore';

/** The defaults the scaffolder applies to the action's input. */
const DEFAULTS = {
  source: 'dump',
  scope: 'database',
  cutOver: false,
} as const;

describe('disaster-recovery:database:restore', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  let backend: FakeBackend;
  const action = createDatabaseRestoreAction({
    ...actionOptions(),
    pollIntervalMs: 1,
  });

  beforeEach(() => {
    backend = new FakeBackend();
    server.use(...backend.handlers());
  });

  it.each([
    [{ source: 'point-in-time' as const }, /needs targetTime/],
    [
      {
        source: 'point-in-time' as const,
        scope: 'tenant' as const,
        targetTime: 'x',
      },
      /point-in-time restores whole databases/,
    ],
    [
      { targetTime: '2025-01-01T10:00:00Z' },
      /targetTime applies to point-in-time/,
    ],
    [{ scope: 'tenant' as const, cutOver: true }, /never cuts over/],
  ])('rejects %j before calling the backend', async (input, message) => {
    const { ctx } = actionContext(action, {
      entityRef: 'resource:default/ecommerce-db',
      ...DEFAULTS,
      ...input,
    });
    await expect(action.handler(ctx)).rejects.toThrow(message);
    expect(backend.requests).toHaveLength(0);
  });

  it('restores into a new database and outputs RTO, data-loss window and restore point', async () => {
    backend.output = {
      key: 'ecommerce/a.dump',
      newDatabase: 'ecommerce_restore_20250101t120000z',
      cutOver: false,
    };
    backend.extra = {
      achievedRtoSeconds: 6,
      dataLossSeconds: 3600,
      restorePoint: '2025-01-01T11:00:00.000Z',
    };
    const { ctx, outputs } = actionContext(action, {
      entityRef: 'resource:default/ecommerce-db',
      ...DEFAULTS,
    });
    await action.handler(ctx);
    expect(outputs).toMatchObject({
      status: 'succeeded',
      key: 'ecommerce/a.dump',
      newDatabase: 'ecommerce_restore_20250101t120000z',
      cutOver: false,
      achievedRtoSeconds: 6,
      dataLossSeconds: 3600,
      restorePoint: '2025-01-01T11:00:00.000Z',
    });
  });

  it('restores a tenant into a side schema', async () => {
    backend.output = { schema: 'restore_tenant_00001_20250101t120000z' };
    const { ctx, outputs } = actionContext(action, {
      entityRef: 'resource:default/acme',
      ...DEFAULTS,
      scope: 'tenant',
    });
    await action.handler(ctx);
    expect(backend.startRequests()[0]).toMatchObject({
      operation: 'restore-tenant',
      entityRef: 'resource:default/acme',
    });
    expect(outputs.schema).toBe('restore_tenant_00001_20250101t120000z');
  });

  it('passes the purpose of a real tenant recovery to the backend, and leaves it to the backend otherwise', async () => {
    const recovery = actionContext(action, {
      entityRef: 'resource:default/acme',
      ...DEFAULTS,
      scope: 'tenant',
      purpose: 'recovery',
    });
    await action.handler(recovery.ctx);
    const plain = actionContext(action, {
      entityRef: 'resource:default/ecommerce-db',
      ...DEFAULTS,
    });
    await action.handler(plain.ctx);
    const [first, second] = backend.startRequests();
    expect(first).toMatchObject({
      operation: 'restore-tenant',
      purpose: 'recovery',
    });
    expect(second).not.toHaveProperty('purpose');
  });

  it('plans a point-in-time restore in a dry run without starting it', async () => {
    const { ctx, logs } = actionContext(
      action,
      {
        entityRef: 'resource:default/ecommerce-db',
        ...DEFAULTS,
        source: 'point-in-time',
        targetTime: '2025-01-01T10:00:00Z',
      },
      { isDryRun: true },
    );
    await action.handler(ctx);
    expect(backend.startRequests()).toEqual([
      expect.objectContaining({ operation: 'restore-pitr', dryRun: true }),
    ]);
    expect(backend.startRequests()[0]).not.toHaveProperty('idempotencyKey');
    expect(logs.join('\n')).toContain('It would NOT touch');
  });
});
