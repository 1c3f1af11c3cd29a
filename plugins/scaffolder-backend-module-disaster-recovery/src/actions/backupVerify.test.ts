import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { setupServer } from 'msw/node';
import { actionContext, actionOptions } from '../__testUtils__/actionContext';
import { FakeBackend } from '../__testUtils__/fakeBackend';
import { createBackupVerifyAction } from './backupVerify';

describe('disaster-recovery:backup:verify', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  let backend: FakeBackend;
  const action = createBackupVerifyAction({
    ...actionOptions(),
    pollIntervalMs: 1,
  });

  beforeEach(() => {
    backend = new FakeBackend();
    server.use(...backend.handlers());
  });

  it('verifies the newest backup in quick mode by default and outputs what it verified', async () => {
    backend.output = {
      key: 'ecommerce/ecommerce-20250101T120000Z.dump',
      sha256: 'b'.repeat(64),
      sizeBytes: 99,
      mode: 'quick',
      takenAt: '2025-01-01T12:00:00.000Z',
    };
    const { ctx, outputs } = actionContext(action, {
      entityRef: 'resource:default/ecommerce-db',
      mode: 'quick',
      backupKey: 'newest',
    });
    await action.handler(ctx);

    expect(backend.startRequests()[0]).toMatchObject({
      operation: 'verify',
      parameters: { mode: 'quick' },
    });
    expect(backend.startRequests()[0].parameters).not.toHaveProperty('key');
    expect(outputs).toMatchObject({
      status: 'succeeded',
      key: 'ecommerce/ecommerce-20250101T120000Z.dump',
      sha256: 'b'.repeat(64),
      mode: 'quick',
      takenAt: '2025-01-01T12:00:00.000Z',
    });
  });

  it('passes a chosen key and full mode through', async () => {
    const { ctx } = actionContext(action, {
      entityRef: 'resource:default/ecommerce-db',
      mode: 'full',
      backupKey: 'ecommerce/x.dump',
    });
    await action.handler(ctx);
    expect(backend.startRequests()[0].parameters).toEqual({
      mode: 'full',
      key: 'ecommerce/x.dump',
    });
  });

  it('fails the task when the backup is bad (never reports a bad backup as verified)', async () => {
    backend.failWith = 'checksum mismatch: object sha256 differs from recorded';
    const { ctx, outputs } = actionContext(action, {
      entityRef: 'resource:default/ecommerce-db',
      mode: 'full',
    });
    await expect(action.handler(ctx)).rejects.toThrow(/checksum mismatch/);
    expect(outputs).toEqual({});
  });
});
