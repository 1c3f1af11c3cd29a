import { InputError } from '@backstage/errors';
import { DateTime } from 'luxon';
import { parseUserRef } from '../entityRefs';
import { TrainingRecordRequest } from '../api/training';

/** A calendar date as the training routes take it: `YYYY-MM-DD`. @public */
export const TRAINING_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** The longest evidence link accepted. @public */
export const TRAINING_EVIDENCE_MAX_LENGTH = 2048;

/**
 * How far ahead of UTC a local "today" can be (UTC+14): a completion dated today by someone east
 * of Greenwich is not "in the future" just because it is still yesterday in UTC.
 */
const LOCAL_DAY_AHEAD_MS = 14 * 60 * 60 * 1000;

/** The course facts a completion is checked against (the policy's `DrTrainingCourse` fits). @public */
export interface TrainingCompletionCourse {
  id: string;
  /** How long a completion counts; `text` is how the policy wrote it. */
  validity?: { ms: number; text?: string };
}

/** Parses `YYYY-MM-DD` as the start of that day in UTC; undefined when it is not a real date. @public */
export function parseTrainingDay(text: string): DateTime | undefined {
  if (!TRAINING_DATE_PATTERN.test(text)) return undefined;
  const day = DateTime.fromISO(text, { zone: 'utc' });
  return day.isValid ? day : undefined;
}

/**
 * The day a completion stops counting by the course validity (completion plus validity, cut to
 * the day, `YYYY-MM-DD`), or undefined for a course that never expires.
 *
 * @public
 */
export function trainingExpiryByValidity(
  completed: string,
  validityMs: number | undefined,
): string | undefined {
  const day = parseTrainingDay(completed);
  if (validityMs === undefined || !day) return undefined;
  return day.plus({ milliseconds: validityMs }).toISODate()!;
}

/** An evidence link, trimmed; undefined when blank; InputError when it is not an http(s) URL. @public */
export function checkTrainingEvidence(
  evidence: string | undefined,
): string | undefined {
  const text = evidence?.trim();
  if (!text) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new InputError(`evidence must be an http(s) URL, got '${text}'`);
  }
  if (text.length > TRAINING_EVIDENCE_MAX_LENGTH) {
    throw new InputError(
      `evidence must be at most ${TRAINING_EVIDENCE_MAX_LENGTH} characters`,
    );
  }
  return text;
}

/**
 * Checks a completion before it is recorded and gives it in the form the store keeps: the person
 * a User ref (normalized), `completed` a real calendar date not in the future (local days up to
 * UTC+14 allowed), the evidence an http(s) link; with the course, `expires` the one given (not
 * before the completion, not later than the course validity allows) or the one the validity
 * gives. Throws an InputError naming the field otherwise. The one rule of the backend route and
 * the scaffolder action.
 *
 * @public
 */
export function checkTrainingCompletion(
  request: TrainingRecordRequest,
  options: { now: Date; course?: TrainingCompletionCourse },
): TrainingRecordRequest {
  const person = parseUserRef(request.person, 'person');
  const { completed, expires } = request;
  const day = parseTrainingDay(completed);
  if (!day) {
    throw new InputError(
      `completed must be a real calendar date (YYYY-MM-DD), got '${completed}'`,
    );
  }
  if (day.toMillis() > options.now.getTime() + LOCAL_DAY_AHEAD_MS) {
    throw new InputError(
      `completed must not be in the future, got ${completed} (today is ${DateTime.fromJSDate(
        options.now,
        { zone: 'utc' },
      ).toISODate()} UTC)`,
    );
  }
  if (expires !== undefined) {
    if (!parseTrainingDay(expires)) {
      throw new InputError(
        `expires must be a real calendar date (YYYY-MM-DD), got '${expires}'`,
      );
    }
    if (expires < completed) {
      throw new InputError(
        `expires (${expires}) must not be before completed (${completed})`,
      );
    }
  }
  const evidence = checkTrainingEvidence(request.evidence);
  const course = options.course;
  let resolvedExpiry = expires;
  if (course) {
    const byValidity = trainingExpiryByValidity(completed, course.validity?.ms);
    if (expires === undefined) {
      resolvedExpiry = byValidity;
    } else if (byValidity && expires > byValidity) {
      throw new InputError(
        `expires (${expires}) must not be later than the course '${
          course.id
        }' allows (${
          course.validity?.text ?? `${course.validity?.ms} ms`
        } after ${completed}: ${byValidity})`,
      );
    }
  }
  return {
    person,
    course: request.course,
    completed,
    ...(resolvedExpiry ? { expires: resolvedExpiry } : {}),
    ...(evidence ? { evidence } : {}),
  };
}
