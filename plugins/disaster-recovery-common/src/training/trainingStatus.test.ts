import { trainingStatus } from './trainingStatus';
import { TrainingRecordInput } from './types';
import { COURSES } from './__testUtils__/planCourses';

const DAY = 24 * 60 * 60 * 1000;

const now = new Date('2026-03-01T12:00:00Z');

function rec(
  person: string,
  course: string,
  completed: string,
  expires?: string,
): TrainingRecordInput {
  return {
    ref: `trainingrecord:default/${person}-${course}-${completed}`,
    person,
    course,
    completed,
    expires,
  };
}

describe('trainingStatus', () => {
  it('requires only onboarding of someone without a role or group', () => {
    const status = trainingStatus({
      person: { ref: 'user:default/new.hire', groups: [], roles: [] },
      courses: COURSES,
      records: [],
      now,
    });
    expect(status).toEqual({
      person: 'user:default/new.hire',
      courses: [
        {
          course: 'onboarding',
          title: 'New employee DR onboarding',
          state: 'missing',
          requiredBecause: ['everyone'],
        },
      ],
      current: false,
      missing: ['onboarding'],
      due: [],
      expiresAt: undefined,
    });
  });

  it('gives each required course of an incident commander its state: done, due, expired, missing', () => {
    const status = trainingStatus({
      person: { ref: 'john.smith', groups: [], roles: ['incident-commander'] },
      courses: COURSES,
      records: [
        rec('john.smith', 'onboarding', '2024-05-01'),
        // completed 2026-01-10 + ~91 days -> 2026-04-11: more than 30 days away -> done
        rec('user:default/john.smith', 'quarterly-dr-procedures', '2026-01-10'),
        // 2025-03-20 + 1y -> 2026-03-20: within 30 days -> due
        rec('john.smith', 'annual-simulation', '2025-03-20', '2026-03-20'),
        // no cross-functional drill at all; someone else's record does not count
        rec('jane.doe', 'cross-functional-drill', '2026-01-01'),
      ],
      now,
    });
    expect(status.person).toBe('user:default/john.smith');
    expect(status.courses.map(c => [c.course, c.state])).toEqual([
      ['onboarding', 'done'],
      ['quarterly-dr-procedures', 'done'],
      ['annual-simulation', 'due'],
      ['cross-functional-drill', 'missing'],
    ]);
    expect(status.courses[2]).toMatchObject({
      requiredBecause: ['role:incident-commander'],
      completed: '2025-03-20',
      expiresAt: '2026-03-20T00:00:00.000Z',
      record: 'trainingrecord:default/john.smith-annual-simulation-2025-03-20',
    });
    expect(status.current).toBe(false);
    expect(status.missing).toEqual(['cross-functional-drill']);
    expect(status.due).toEqual(['annual-simulation']);
    expect(status.expiresAt).toBe('2026-03-20T00:00:00.000Z');
  });

  it('marks a course expired when its latest completion no longer counts, and current again after a new one', () => {
    const person = {
      ref: 'user:default/tom.brown',
      groups: ['group:default/on-call'],
      roles: [],
    };
    const old = [
      rec('tom.brown', 'onboarding', '2024-01-01'),
      rec('tom.brown', 'quarterly-dr-procedures', '2025-10-01'),
    ];
    const before = trainingStatus({
      person,
      courses: COURSES,
      records: old,
      now,
    });
    expect(
      before.courses.map(c => [c.course, c.state, c.requiredBecause]),
    ).toEqual([
      ['onboarding', 'done', ['everyone']],
      ['quarterly-dr-procedures', 'expired', ['group:default/on-call']],
      ['cross-functional-drill', 'missing', ['group:default/on-call']],
    ]);
    const after = trainingStatus({
      person,
      courses: COURSES,
      records: [
        ...old,
        rec('tom.brown', 'quarterly-dr-procedures', '2026-02-20'),
        rec('tom.brown', 'cross-functional-drill', '2026-02-21'),
      ],
      now,
    });
    expect(after.current).toBe(true);
    expect(after.courses[1]).toMatchObject({
      state: 'done',
      completed: '2026-02-20',
    });
  });

  it('caps a record that claims to last longer than the course validity', () => {
    const status = trainingStatus({
      person: {
        ref: 'user:default/jane.doe',
        groups: [],
        roles: ['technical-lead'],
      },
      courses: COURSES.filter(c => c.id === 'quarterly-dr-procedures'),
      records: [
        rec('jane.doe', 'quarterly-dr-procedures', '2025-06-01', '2030-01-01'),
      ],
      now,
    });
    expect(status.courses[0].state).toBe('expired');
    expect(status.courses[0].expiresAt).toBe('2025-08-31T07:30:00.000Z');
  });

  it('expires on the record date even without a course validity, and ignores completions in the future', () => {
    const status = trainingStatus({
      person: { ref: 'user:default/a', groups: [], roles: [] },
      courses: COURSES.filter(c => c.id === 'onboarding'),
      records: [
        rec('a', 'onboarding', '2025-01-01', '2026-03-01'),
        rec('a', 'onboarding', '2026-04-01'),
      ],
      now,
    });
    expect(status.courses[0]).toMatchObject({
      state: 'expired',
      completed: '2025-01-01',
    });
  });

  it('honours a custom due-soon window', () => {
    const args = {
      person: { ref: 'user:default/a', groups: [], roles: [] },
      courses: COURSES.filter(c => c.id === 'onboarding'),
      records: [rec('a', 'onboarding', '2025-01-01', '2026-03-10')],
      now,
    };
    expect(trainingStatus(args).courses[0].state).toBe('due');
    expect(
      trainingStatus({ ...args, dueSoonMs: 7 * DAY }).courses[0].state,
    ).toBe('done');
  });
});
