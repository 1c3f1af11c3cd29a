import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  ActionContext,
  TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { JsonValue } from '@backstage/types';
import { DisasterRecoveryClient } from '@dr-portal/backstage-plugin-disaster-recovery-common';

/** The user who runs the template in these tests. */
export const INITIATOR = 'user:default/alice';

/** The input type of an action's handler: what the scaffolder passes once defaults are applied. */
type InputOf<A> = A extends TemplateAction<infer I, any, any> ? I : never;

/**
 * Backstage's mock action context for one run of `action` with `input` (as the scaffolder passes
 * it, defaults applied), started by {@link INITIATOR}, that records the log lines (`info: ...`)
 * and outputs, and keeps checkpoints in a map (share the map between two contexts to retry a
 * task).
 */
export function actionContext<A extends TemplateAction<any, any, any>>(
  _action: A,
  input: InputOf<A>,
  options: {
    isDryRun?: boolean;
    signal?: AbortSignal;
    checkpoints?: Map<string, JsonValue | void>;
  } = {},
): {
  ctx: ActionContext<InputOf<A>, any>;
  logs: string[];
  outputs: Record<string, JsonValue>;
  checkpoints: Map<string, JsonValue | void>;
} {
  const logs: string[] = [];
  const outputs: Record<string, JsonValue> = {};
  const checkpoints =
    options.checkpoints ?? new Map<string, JsonValue | void>();
  const line = (level: string) => (message: string) => {
    logs.push(`${level}: ${message}`);
  };
  const logger = mockServices.logger.mock({
    info: line('info'),
    warn: line('warn'),
    error: line('error'),
  });
  const ctx = {
    ...createMockActionContext<InputOf<A>>({
      input,
      logger,
      task: { id: 'task-1' },
      user: { ref: INITIATOR },
    }),
    isDryRun: options.isDryRun,
    signal: options.signal,
    step: { id: 'step-1', name: 'step' },
    getInitiatorCredentials: async () => mockCredentials.user(INITIATOR),
    output(name: string, value: unknown) {
      outputs[name] = value as JsonValue;
    },
    async checkpoint<T extends JsonValue | void>(opts: {
      key: string;
      fn: () => Promise<T> | T;
    }): Promise<T> {
      if (checkpoints.has(opts.key)) return checkpoints.get(opts.key) as T;
      const value = await opts.fn();
      checkpoints.set(opts.key, value);
      return value;
    },
  };
  return { ctx, logs, outputs, checkpoints };
}

/** The portal's base URL in these tests (app-config `app.baseUrl`). */
export const APP_BASE_URL = 'http://localhost:3000/';

/** Root config of test backends running the module: the portal's base URL it links runs to. */
export function appConfigFactory() {
  return mockServices.rootConfig.factory({
    data: { app: { baseUrl: APP_BASE_URL } },
  });
}

/** The options every action of this module is created with, over msw (`mockServices` defaults). */
export function actionOptions() {
  const discovery = mockServices.discovery();
  return {
    api: new DisasterRecoveryClient({ discoveryApi: discovery }),
    appBaseUrl: APP_BASE_URL,
    auth: mockServices.auth(),
  };
}
