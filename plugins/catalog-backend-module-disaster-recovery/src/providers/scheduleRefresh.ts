import {
  LoggerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';

/**
 * Runs a provider's `refresh` on its schedule (none when it has no task runner, as in tests that
 * call `refresh` themselves). A failed run is logged as an error with `failure` and the catalog
 * keeps the entities the provider emitted last; the next scheduled run tries again.
 */
export async function scheduleProviderRefresh(
  provider: { getProviderName(): string; refresh(): Promise<unknown> },
  options: { taskRunner?: SchedulerServiceTaskRunner; logger: LoggerService },
  failure: string,
): Promise<void> {
  await options.taskRunner?.run({
    id: `${provider.getProviderName()}:refresh`,
    fn: async () => {
      try {
        await provider.refresh();
      } catch (error) {
        options.logger.error(failure, error as Error);
      }
    },
  });
}
