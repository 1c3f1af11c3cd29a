import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { DR_TRAINING_COURSE_IDS } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { readFileSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import yaml from 'yaml';
import { setupServer } from 'msw/node';
import { actionContext, actionOptions } from '../__testUtils__/actionContext';
import { FakeTrainingBackend, NOW } from '../__testUtils__/fakeTrainingBackend';
import { createTrainingRecordAction } from './trainingRecord';

describe('disaster-recovery:training:record', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  const options = actionOptions();
  const action = createTrainingRecordAction({ ...options, now: () => NOW });
  let backend: FakeTrainingBackend;

  beforeEach(() => {
    backend = new FakeTrainingBackend();
    server.use(...backend.handlers());
  });

  function context(
    input: {
      course: string;
      completed: string;
      person?: string;
      evidence?: string;
    },
    isDryRun = false,
  ) {
    return actionContext(action, input, { isDryRun });
  }

  it('posts the completion on behalf of the initiator and outputs the record id and expiry', async () => {
    const { ctx, outputs, logs } = context({
      person: 'new.hire',
      course: 'quarterly-dr-procedures',
      completed: '2026-10-20',
      evidence: 'https://lms.example.com/certificates/42',
    });
    await action.handler(ctx);

    expect(backend.posts().map(r => r.body)).toEqual([
      {
        person: 'user:default/new.hire',
        course: 'quarterly-dr-procedures',
        completed: '2026-10-20',
        evidence: 'https://lms.example.com/certificates/42',
      },
    ]);
    // A token issued on behalf of the user running the template.
    expect(backend.posts()[0].authorization).toContain('user:default/alice');
    expect(outputs).toEqual({
      recordId: '1',
      person: 'user:default/new.hire',
      course: 'quarterly-dr-procedures',
      completed: '2026-10-20',
      expires: '2027-01-19',
      created: true,
    });
    expect(logs).toContain(
      'info: Recorded: quarterly-dr-procedures completed 2026-10-20 by user:default/new.hire (record 1), valid until 2027-01-19',
    );
  });

  it('records for the user running the template when no person is given, once per step', async () => {
    const first = context({ course: 'onboarding', completed: '2026-11-30' });
    await action.handler(first.ctx);
    // The task is retried: the checkpoint holds the result, nothing is posted again.
    const retry = actionContext(
      action,
      { course: 'onboarding', completed: '2026-11-30' },
      { checkpoints: first.checkpoints },
    );
    await action.handler(retry.ctx);

    expect(backend.posts()).toHaveLength(1);
    expect(backend.posts()[0].body.person).toBe('user:default/alice');
    expect(retry.outputs).toEqual({
      recordId: '1',
      person: 'user:default/alice',
      course: 'onboarding',
      completed: '2026-11-30',
      created: true,
    });
  });

  it('says "already recorded" when the backend has the completion', async () => {
    const input = { course: 'onboarding', completed: '2026-11-30' };
    await action.handler(context(input).ctx);
    const again = context(input);
    await action.handler(again.ctx);
    expect(again.outputs).toMatchObject({ recordId: '1', created: false });
    expect(again.logs[0]).toMatch(/^info: Already recorded: onboarding/);
  });

  it('fails the task with the backend message for an unknown person', async () => {
    const { ctx } = context({
      person: 'user:default/nobody',
      course: 'onboarding',
      completed: '2026-11-30',
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      /answered POST \/training-records with 404: No User user:default\/nobody in the catalog/,
    );
  });

  it.each([
    [{ completed: '2026-02-30' }, /completed must be a real calendar date/],
    [{ completed: '2026-12-05' }, /completed must not be in the future/],
    [{ evidence: 'file:///etc/passwd' }, /evidence must be an http\(s\) URL/],
    [
      { person: 'group:default/sre' },
      /person must refer to a User, got group:default\/sre/,
    ],
  ])('rejects %j before calling the backend', async (override, message) => {
    const { ctx } = context({
      course: 'onboarding',
      completed: '2026-11-30',
      ...override,
    });
    await expect(action.handler(ctx)).rejects.toThrow(message);
    expect(backend.requests).toEqual([]);
  });

  it('in a dry run checks the course and person, says what it would record, and posts nothing', async () => {
    const { ctx, outputs, logs, checkpoints } = context(
      {
        person: 'new.hire',
        course: 'quarterly-dr-procedures',
        completed: '2026-10-20',
      },
      true,
    );
    await action.handler(ctx);

    expect(backend.posts()).toEqual([]);
    expect(backend.requests.map(r => r.path)).toEqual([
      '/training-courses',
      '/training-status/default/new.hire',
    ]);
    expect(checkpoints.size).toBe(0);
    expect(logs).toEqual([
      "info: Dry run: would record 'Quarterly DR procedures training' (quarterly-dr-procedures) completed 2026-10-20 for user:default/new.hire, valid until 2027-01-19",
      'info: quarterly-dr-procedures is not required of user:default/new.hire by the policy; it is recorded all the same',
    ]);
    expect(outputs).toEqual({
      person: 'user:default/new.hire',
      course: 'quarterly-dr-procedures',
      completed: '2026-10-20',
      expires: '2027-01-19',
      created: false,
    });
  });

  it('in a dry run fails on a course the policy does not have, or a person not in the catalog', async () => {
    const badCourse = context(
      { course: 'fire-drill', completed: '2026-11-30' },
      true,
    );
    await expect(action.handler(badCourse.ctx)).rejects.toThrow(
      "course must be a course of the DR policy (onboarding, quarterly-dr-procedures), got 'fire-drill'",
    );
    const nobody = context(
      { person: 'nobody', course: 'onboarding', completed: '2026-11-30' },
      true,
    );
    await expect(action.handler(nobody.ctx)).rejects.toThrow(/404/);
    expect(backend.posts()).toEqual([]);
  });

  it('is what the record-training template calls, with the policy course ids', () => {
    const template = yaml.parse(
      readFileSync(
        resolvePath(
          __dirname,
          '../../../../examples/templates/record-training.yaml',
        ),
        'utf8',
      ),
    );
    const [step] = template.spec.steps;
    expect(step.action).toBe(action.id);
    const inputs = Object.keys(
      (action.schema?.input as { properties: object }).properties,
    );
    expect(inputs).toEqual(expect.arrayContaining(Object.keys(step.input)));
    const { course, person } = template.spec.parameters[0].properties;
    expect(course.enum).toEqual([...DR_TRAINING_COURSE_IDS]);
    expect(person['ui:options'].catalogFilter).toEqual([{ kind: 'User' }]);
  });
});
