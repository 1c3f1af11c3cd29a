import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { setupServer } from 'msw/node';
import { actionContext, actionOptions } from '../__testUtils__/actionContext';
import { FakeBackend } from '../__testUtils__/fakeBackend';
import { createRestoredCopyDiscardAction } from './restoredCopyDiscard';

describe('disaster-recovery:restored-copy:discard', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  let backend: FakeBackend;
  const action = createRestoredCopyDiscardAction({
    ...actionOptions(),
    pollIntervalMs: 1,
  });

  beforeEach(() => {
    backend = new FakeBackend();
    server.use(...backend.handlers());
  });

  it('asks the backend to discard the named copy and outputs what was dropped', async () => {
    backend.output = {
      discarded: 'ecommerce_restore_20261125101500',
      kind: 'restore',
      freedBytes: 1234,
    };
    const { ctx, outputs } = actionContext(action, {
      entityRef: 'resource:default/ecommerce-db',
      name: 'ecommerce_restore_20261125101500',
    });
    await action.handler(ctx);
    expect(backend.startRequests()[0]).toMatchObject({
      operation: 'discard-copy',
      entityRef: 'resource:default/ecommerce-db',
      parameters: { name: 'ecommerce_restore_20261125101500' },
    });
    expect(outputs).toMatchObject({
      status: 'succeeded',
      discarded: 'ecommerce_restore_20261125101500',
      kind: 'restore',
      freedBytes: 1234,
    });
  });

  it('fails the task with the backend reason when the copy is refused', async () => {
    backend.failWith = 'No restored copy named ecommerce on ecommerce';
    const { ctx } = actionContext(action, {
      entityRef: 'resource:default/ecommerce-db',
      name: 'ecommerce',
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      /No restored copy named ecommerce/,
    );
  });
});
