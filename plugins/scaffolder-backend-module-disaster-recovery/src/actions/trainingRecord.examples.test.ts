import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { setupServer } from 'msw/node';
import yaml from 'yaml';
import { actionContext, actionOptions } from '../__testUtils__/actionContext';
import { FakeTrainingBackend, NOW } from '../__testUtils__/fakeTrainingBackend';
import { renderExampleInput } from '../__testUtils__/renderExample';
import { createTrainingRecordAction } from './trainingRecord';
import { examples } from './trainingRecord.examples';

/** What a template's form would give the `${{ parameters.* }}` of the examples. */
const PARAMETERS: Record<string, string> = {
  completed: '2026-11-30',
  person: 'user:default/new.hire',
  evidence: 'https://lms.example.com/certificates/42',
};

describe('examples of disaster-recovery:training:record', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  const action = createTrainingRecordAction({
    ...actionOptions(),
    now: () => NOW,
  });
  let backend: FakeTrainingBackend;

  beforeEach(() => {
    backend = new FakeTrainingBackend();
    server.use(...backend.handlers());
  });

  it.each(examples.map(e => [e.description, e] as const))(
    '%s: runs through the handler and records what it shows',
    async (_description, example) => {
      const steps = yaml
        .parse(example.example)
        .steps.filter((s: { action: string }) => s.action === action.id);
      expect(steps.length).toBeGreaterThan(0);
      for (const step of steps) {
        const input = renderExampleInput(step.input, PARAMETERS) as any;
        const { ctx, outputs } = actionContext(action, input);
        await action.handler(ctx);
        expect(backend.posts().at(-1)?.body).toMatchObject({
          course: input.course,
          completed: input.completed,
          person: input.person ?? 'user:default/alice',
        });
        expect(outputs).toMatchObject({ recordId: expect.any(String) });
      }
    },
  );
});
