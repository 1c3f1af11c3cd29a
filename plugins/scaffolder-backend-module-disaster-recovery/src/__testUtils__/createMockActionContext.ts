import { mockCredentials } from '@backstage/backend-test-utils';
import { LoggerService } from '@backstage/backend-plugin-api';
import { JsonObject, JsonValue } from '@backstage/types';

/** A hand-built scaffolder action context that records logs, outputs and checkpoints. */
export function createMockActionContext<TInput extends JsonObject>(options: {
  input: TInput;
  isDryRun?: boolean;
  signal?: AbortSignal;
  /** Shared between contexts to simulate a retried task (checkpoints survive the retry). */
  checkpoints?: Map<string, JsonValue | void>;
  taskId?: string;
}) {
  const logs: string[] = [];
  const outputs: Record<string, JsonValue> = {};
  const checkpoints =
    options.checkpoints ?? new Map<string, JsonValue | void>();
  const log =
    (level: string) =>
    (message: string): void => {
      logs.push(`${level}: ${message}`);
    };
  const logger: LoggerService = {
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    debug: log('debug'),
    child: () => logger,
  };
  const ctx = {
    input: options.input,
    logger,
    isDryRun: options.isDryRun,
    signal: options.signal,
    workspacePath: '/tmp/unused',
    task: { id: options.taskId ?? 'task-1' },
    step: { id: 'step-1', name: 'step' },
    output(name: string, value: JsonValue) {
      outputs[name] = value;
    },
    async checkpoint<T extends JsonValue | void>(opts: {
      key: string;
      fn: () => Promise<T> | T;
    }): Promise<T> {
      if (checkpoints.has(opts.key)) {
        return checkpoints.get(opts.key) as T;
      }
      const value = await opts.fn();
      checkpoints.set(opts.key, value);
      return value;
    },
    async createTemporaryDirectory() {
      throw new Error('not used by these actions');
    },
    async getInitiatorCredentials() {
      return mockCredentials.user('user:default/alice');
    },
  };
  return { ctx, logs, outputs, checkpoints };
}
