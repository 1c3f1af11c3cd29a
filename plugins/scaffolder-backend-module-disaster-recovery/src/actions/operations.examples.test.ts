import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { setupServer } from 'msw/node';
import yaml from 'yaml';
import { actionContext, actionOptions } from '../__testUtils__/actionContext';
import { FakeBackend } from '../__testUtils__/fakeBackend';
import { renderExampleInput } from '../__testUtils__/renderExample';
import { createBackupCreateAction } from './backupCreate';
import { examples as backupCreateExamples } from './backupCreate.examples';
import { createBackupVerifyAction } from './backupVerify';
import { examples as backupVerifyExamples } from './backupVerify.examples';
import { createDatabaseRestoreAction } from './databaseRestore';
import { examples as databaseRestoreExamples } from './databaseRestore.examples';
import { createFailoverPreflightAction } from './failoverPreflight';
import { examples as failoverPreflightExamples } from './failoverPreflight.examples';
import {
  createFailoverFailoverAction,
  createFailoverSwitchoverAction,
} from './failoverPromotion';
import { examples as failoverFailoverExamples } from './failoverFailover.examples';
import { examples as failoverSwitchoverExamples } from './failoverSwitchover.examples';
import { createFailoverReprotectAction } from './failoverReprotect';
import { examples as failoverReprotectExamples } from './failoverReprotect.examples';
import { createRestoredCopyDiscardAction } from './restoredCopyDiscard';
import { examples as restoredCopyDiscardExamples } from './restoredCopyDiscard.examples';
import { createDrillRunAction } from './drillRun';
import { examples as drillRunExamples } from './drillRun.examples';

const options = { ...actionOptions(), pollIntervalMs: 1 };
const cases: Array<[string, any, TemplateExample[]]> = [
  ['backup create', createBackupCreateAction(options), backupCreateExamples],
  ['backup verify', createBackupVerifyAction(options), backupVerifyExamples],
  [
    'database restore',
    createDatabaseRestoreAction(options),
    databaseRestoreExamples,
  ],
  [
    'restored copy discard',
    createRestoredCopyDiscardAction(options),
    restoredCopyDiscardExamples,
  ],
  [
    'failover preflight',
    createFailoverPreflightAction(options),
    failoverPreflightExamples,
  ],
  [
    'failover switchover',
    createFailoverSwitchoverAction(options),
    failoverSwitchoverExamples,
  ],
  [
    'failover failover',
    createFailoverFailoverAction(options),
    failoverFailoverExamples,
  ],
  [
    'failover reprotect',
    createFailoverReprotectAction(options),
    failoverReprotectExamples,
  ],
  ['drill run', createDrillRunAction(options), drillRunExamples],
];

/** What a template's form would give the `${{ parameters.* }}` of the examples. */
const PARAMETERS: Record<string, string> = {
  entityRef: 'resource:default/ecommerce-db',
  backupKey: 'ecommerce/2025/01/01/ecommerce-20250101T120000Z.dump',
  tenant: 'resource:default/tenant-acme',
  copyName: 'ecommerce_restore_20250101t120000z',
  incidentStartedAt: '2025-01-01T11:45:00Z',
  incidentId: 'INC-2025-003',
};

/** Actions that link the runs they start to an incident. */
const INCIDENT_ACTIONS = cases
  .filter(([name]) => !['failover preflight', 'drill run'].includes(name))
  .map(([, action]) => action.id);

describe.each(cases)('examples of %s', (_, action, examples) => {
  const server = setupServer();
  registerMswTestHooks(server);
  let backend: FakeBackend;

  beforeEach(() => {
    backend = new FakeBackend();
    server.use(...backend.handlers());
  });

  it('has examples', () => {
    expect(examples.length).toBeGreaterThan(0);
  });

  it('has an example naming the incident the run serves, when it takes one', () => {
    const named = examples.filter(example =>
      yaml
        .parse(example.example)
        .steps.some(
          (s: { action: string; input?: Record<string, unknown> }) =>
            s.action === action.id && s.input?.incidentId,
        ),
    );
    expect(named.length > 0).toBe(INCIDENT_ACTIONS.includes(action.id));
  });

  it.each(examples.map(e => [e.description, e] as const))(
    '%s: runs through the handler and starts the operation it shows',
    async (_description, example) => {
      const steps = yaml
        .parse(example.example)
        .steps.filter((s: { action: string }) => s.action === action.id);
      expect(steps.length).toBeGreaterThan(0);
      for (const step of steps) {
        const input = renderExampleInput(step.input, PARAMETERS) as Record<
          string,
          unknown
        >;
        const { ctx, outputs } = actionContext(action, input as any);
        await action.handler(ctx);
        const start = backend.startRequests().at(-1)!;
        expect(start.entityRef).toBe(input.entityRef);
        expect(start.incidentId).toBe(input.incidentId);
        expect(outputs).toMatchObject({ runId: expect.any(String) });
      }
    },
  );
});
