import { mockServices } from '@backstage/backend-test-utils';
import { SchedulerServiceTaskRunner } from '@backstage/backend-plugin-api';
import { scheduleProviderRefresh } from './scheduleRefresh';

/** A task runner that runs the task once, at once, and records its id. */
function runOnce() {
  const ids: string[] = [];
  const taskRunner: SchedulerServiceTaskRunner = {
    run: async task => {
      ids.push(task.id);
      await task.fn(new AbortController().signal);
    },
  };
  return { taskRunner, ids };
}

describe('scheduleProviderRefresh', () => {
  it('schedules the refresh under the provider name', async () => {
    const { taskRunner, ids } = runOnce();
    const refresh = jest.fn(async () => ({}));
    await scheduleProviderRefresh(
      { getProviderName: () => 'P:x', refresh },
      { taskRunner, logger: mockServices.logger.mock() },
      'failed',
    );
    expect(ids).toEqual(['P:x:refresh']);
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it('logs a failed refresh as an error with its cause, so the next run can try again', async () => {
    const { taskRunner } = runOnce();
    const logger = mockServices.logger.mock();
    const cause = new Error('registry down');
    await scheduleProviderRefresh(
      {
        getProviderName: () => 'P:x',
        refresh: async () => {
          throw cause;
        },
      },
      { taskRunner, logger },
      'Tenant ingestion failed',
    );
    expect(logger.error).toHaveBeenCalledWith('Tenant ingestion failed', cause);
  });

  it('schedules nothing without a task runner', async () => {
    const refresh = jest.fn(async () => ({}));
    await scheduleProviderRefresh(
      { getProviderName: () => 'P:x', refresh },
      { logger: mockServices.logger.mock() },
      'failed',
    );
    expect(refresh).not.toHaveBeenCalled();
  });
});
