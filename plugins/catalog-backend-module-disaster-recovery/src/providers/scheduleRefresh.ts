import {
  LoggerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';

/**
 * Runs a provider's `refresh` on its schedule (none when it has no task runner, as in tests that
 * call `refresh` themselves). A failed run is logged as an error with `failure` and the catalog
 * keeps the entities the provider emitted last; the next scheduled run tries again.
 */
export async function scheduleProviderRefresh(options: {
  providerName: string;
  taskRunner?: SchedulerServiceTaskRunner;
  logger: LoggerService;
  failure: string;
  refresh: () => Promise<unknown>;
}): Promise<void> {
  await options.taskRunner?.run({
    id: `${options.providerName}:refresh`,
    fn: async () => {
      try {
        await options.refresh();
      } catch (error) {
        options.logger.error(options.failure, error as Error);
      }
    },
  });
}
