import {
  checkTrainingCompletion,
  trainingExpiryByValidity,
} from './completion';

const NOW = new Date('2026-12-01T12:00:00Z');
const DAY = 24 * 3600_000;
const quarterly = {
  id: 'quarterly-dr-procedures',
  validity: { ms: 91.3125 * DAY, text: '3mo' },
};

describe('checkTrainingCompletion', () => {
  it('normalizes the person and keeps a local "today" east of UTC', () => {
    expect(
      checkTrainingCompletion(
        {
          person: 'Jane.Doe',
          course: 'onboarding',
          completed: '2026-12-02',
          evidence: '  https://lms.example.com/c/1 ',
        },
        { now: NOW },
      ),
    ).toEqual({
      person: 'user:default/jane.doe',
      course: 'onboarding',
      completed: '2026-12-02',
      evidence: 'https://lms.example.com/c/1',
    });
  });

  it('gives the expiry the course validity allows, and refuses a later one', () => {
    const base = {
      person: 'jane.doe',
      course: quarterly.id,
      completed: '2026-10-20',
    };
    expect(
      checkTrainingCompletion(base, { now: NOW, course: quarterly }).expires,
    ).toBe('2027-01-19');
    expect(
      checkTrainingCompletion(
        { ...base, expires: '2026-12-31' },
        { now: NOW, course: quarterly },
      ).expires,
    ).toBe('2026-12-31');
    expect(() =>
      checkTrainingCompletion(
        { ...base, expires: '2027-06-01' },
        { now: NOW, course: quarterly },
      ),
    ).toThrow(
      "expires (2027-06-01) must not be later than the course 'quarterly-dr-procedures' allows (3mo after 2026-10-20: 2027-01-19)",
    );
  });

  // The scaffolder action and the backend route each had their own checks; the route accepted
  // any URL zod accepts and the action trimmed. One rule now, for both.
  it.each([
    [{ completed: '2026-02-30' }, /completed must be a real calendar date/],
    [{ completed: '2026-12-03' }, /completed must not be in the future/],
    [{ expires: '2026-01-01' }, /must not be before completed/],
    [{ expires: '2026-13-01' }, /expires must be a real calendar date/],
    [{ evidence: 'ftp://lms.example.com/c/1' }, /evidence must be an http/],
    [{ evidence: `https://x.example/${'a'.repeat(2048)}` }, /at most 2048/],
    [{ person: 'group:default/sre' }, /person must refer to a User/],
  ])('refuses %j naming the field', (override, message) => {
    expect(() =>
      checkTrainingCompletion(
        {
          person: 'jane.doe',
          course: 'onboarding',
          completed: '2026-11-01',
          ...override,
        },
        { now: NOW },
      ),
    ).toThrow(message);
  });

  it('has no expiry for a course that never expires', () => {
    expect(trainingExpiryByValidity('2026-11-01', undefined)).toBeUndefined();
  });
});
