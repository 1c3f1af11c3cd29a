import { DateTime } from 'luxon';
import { normalizeEntityRef } from '../entityRefs';
import {
  CourseTrainingStatus,
  PersonTrainingStatus,
  TrainingCourseInput,
  TrainingPerson,
  TrainingRecordInput,
} from './types';

/** Default due-soon window: a course expiring within 30 days is `due`. @public */
export const DEFAULT_TRAINING_DUE_SOON_MS = 30 * 24 * 60 * 60 * 1000;

/** Inputs of {@link trainingStatus}. @public */
export interface TrainingStatusOptions {
  person: TrainingPerson;
  /** Every course of the policy (those not required of the person are left out of the result). */
  courses: readonly TrainingCourseInput[];
  /** Training records; records of other people are ignored. */
  records: readonly TrainingRecordInput[];
  now: Date;
  /** A current course expiring within this many milliseconds is `due` (default 30 days). */
  dueSoonMs?: number;
}

function toTime(text: string | undefined): DateTime | undefined {
  if (!text) return undefined;
  const d = DateTime.fromISO(text, { zone: 'utc' });
  return d.isValid ? d : undefined;
}

/** Why a course is required of a person: `everyone`, `role:<id>` or group refs (empty when it is not). @public */
export function trainingRequiredBecause(
  course: TrainingCourseInput,
  person: TrainingPerson,
): string[] {
  const reasons: string[] = [];
  const req = course.requiredFor;
  if (req.everyone) reasons.push('everyone');
  for (const role of req.roles ?? []) {
    if (person.roles.includes(role)) reasons.push(`role:${role}`);
  }
  const groups = new Set(
    person.groups.map(g => normalizeEntityRef(g, { defaultKind: 'group' })),
  );
  for (const group of req.groups ?? []) {
    const ref = normalizeEntityRef(group, { defaultKind: 'group' });
    if (groups.has(ref)) reasons.push(ref);
  }
  return reasons;
}

interface Candidate {
  record: TrainingRecordInput;
  completed: DateTime;
  /** Undefined: never expires. */
  expires?: DateTime;
}

/**
 * When a completion stops counting: the earlier of the record's own `expires` and completion plus
 * the course validity (the policy caps a record that claims a longer life); never when neither
 * applies. A date without a time means the start of that day (UTC).
 */
function effectiveExpiry(
  completed: DateTime,
  record: TrainingRecordInput,
  course: TrainingCourseInput,
): DateTime | undefined {
  const own = toTime(record.expires);
  const byValidity = course.validity
    ? completed.plus({ milliseconds: course.validity.ms })
    : undefined;
  if (own && byValidity) return own < byValidity ? own : byValidity;
  return own ?? byValidity;
}

function expiryKey(candidate: Candidate): number {
  return candidate.expires ? candidate.expires.toMillis() : Infinity;
}

/** The completion that counts longest; completions in the future and unreadable dates are ignored. */
function bestCandidate(
  course: TrainingCourseInput,
  records: readonly TrainingRecordInput[],
  now: DateTime,
): Candidate | undefined {
  let best: Candidate | undefined;
  for (const record of records) {
    if (record.course !== course.id) continue;
    const completed = toTime(record.completed);
    if (!completed || completed > now) continue;
    const candidate = {
      record,
      completed,
      expires: effectiveExpiry(completed, record, course),
    };
    if (
      !best ||
      expiryKey(candidate) > expiryKey(best) ||
      (expiryKey(candidate) === expiryKey(best) &&
        candidate.completed > best.completed)
    ) {
      best = candidate;
    }
  }
  return best;
}

/**
 * A person's required DR courses (by everyone / response role / group, from the policy) and the
 * state of each: done, due (expiring within the due-soon window), expired or missing. The one
 * function behind the training card, the owner-training check and role coverage.
 *
 * @public
 */
export function trainingStatus(
  options: TrainingStatusOptions,
): PersonTrainingStatus {
  const now = DateTime.fromJSDate(options.now, { zone: 'utc' });
  const dueSoonMs = options.dueSoonMs ?? DEFAULT_TRAINING_DUE_SOON_MS;
  const person = normalizeEntityRef(options.person.ref, {
    defaultKind: 'user',
  });
  const own = options.records.filter(
    r => normalizeEntityRef(r.person, { defaultKind: 'user' }) === person,
  );

  const courses: CourseTrainingStatus[] = [];
  for (const course of options.courses) {
    const because = trainingRequiredBecause(course, options.person);
    if (because.length === 0) continue;
    const best = bestCandidate(course, own, now);
    const base = {
      course: course.id,
      title: course.title,
      requiredBecause: because,
    };
    if (!best) {
      courses.push({ ...base, state: 'missing' });
      continue;
    }
    let state: CourseTrainingStatus['state'] = 'done';
    if (best.expires && best.expires <= now) {
      state = 'expired';
    } else if (
      best.expires &&
      best.expires.toMillis() - now.toMillis() <= dueSoonMs
    ) {
      state = 'due';
    }
    courses.push({
      ...base,
      state,
      completed: best.record.completed,
      expiresAt: best.expires?.toISO() ?? undefined,
      record: best.record.ref,
    });
  }

  const missing = courses
    .filter(c => c.state === 'missing' || c.state === 'expired')
    .map(c => c.course);
  const due = courses.filter(c => c.state === 'due').map(c => c.course);
  const expiries = courses
    .filter(c => (c.state === 'done' || c.state === 'due') && c.expiresAt)
    .map(c => c.expiresAt!)
    .sort((a, b) => Date.parse(a) - Date.parse(b));
  return {
    person,
    courses,
    current: missing.length === 0,
    expiresAt: expiries[0],
    missing,
    due,
  };
}
