import { InputError } from '@backstage/errors';
import { DrTrainingCourse } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { DateTime } from 'luxon';

/** A calendar date as the API takes it. */
export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/**
 * How far ahead of UTC a local "today" can be (UTC+14): a completion dated today by someone east
 * of Greenwich is not "in the future" just because it is still yesterday in UTC.
 */
const LOCAL_DAY_AHEAD_MS = 14 * 60 * 60 * 1000;

/** Parses `YYYY-MM-DD` as the start of that day in UTC; undefined when it is not a real date. */
export function parseDay(text: string): DateTime | undefined {
  if (!DATE_PATTERN.test(text)) return undefined;
  const day = DateTime.fromISO(text, { zone: 'utc' });
  return day.isValid ? day : undefined;
}

/**
 * The day a completion stops counting by the course's validity (completion + validity, cut to
 * the day), or undefined for a course that never expires.
 */
export function expiryByValidity(
  course: DrTrainingCourse,
  completed: string,
): string | undefined {
  const day = parseDay(completed);
  if (!course.validity || !day) return undefined;
  return day.plus({ milliseconds: course.validity.ms }).toISODate()!;
}

/**
 * Checks the dates of a completion against the clock and the course, and gives the expiry to
 * store: the one given (not before the completion, not after the course validity allows) or the
 * one the validity gives. Throws an InputError naming the field otherwise.
 */
export function resolveExpiry(options: {
  course: DrTrainingCourse;
  completed: string;
  expires?: string;
  now: Date;
}): string | undefined {
  const { course, completed, expires, now } = options;
  const day = parseDay(completed);
  if (!day) {
    throw new InputError(
      `completed must be a real calendar date (YYYY-MM-DD), got '${completed}'`,
    );
  }
  if (day.toMillis() > now.getTime() + LOCAL_DAY_AHEAD_MS) {
    throw new InputError(
      `completed must not be in the future, got ${completed} (today is ${DateTime.fromJSDate(
        now,
        { zone: 'utc' },
      ).toISODate()} UTC)`,
    );
  }
  const byValidity = expiryByValidity(course, completed);
  if (expires === undefined) return byValidity;
  if (!parseDay(expires)) {
    throw new InputError(
      `expires must be a real calendar date (YYYY-MM-DD), got '${expires}'`,
    );
  }
  if (expires < completed) {
    throw new InputError(
      `expires (${expires}) must not be before completed (${completed})`,
    );
  }
  if (byValidity && expires > byValidity) {
    throw new InputError(
      `expires (${expires}) must not be later than the course '${course.id}' allows (${course.validity?.text} after ${completed}: ${byValidity})`,
    );
  }
  return expires;
}
