import { DateTime } from 'luxon';
import { tryParseDuration } from '../policy/duration';

// Human durations: one or more `<number><unit>` tokens, e.g. `15m`, `1h 30m`, `1mo`, `30d`.
const HUMAN_UNITS =
  'ms|s|sec|secs|seconds?|m|min|mins|minutes?|h|hr|hrs|hours?|d|days?|w|wk|wks|weeks?|mo|mos|months?|y|yr|yrs|years?';
const HUMAN = `(?:\\d+(?:\\.\\d+)?\\s*(?:${HUMAN_UNITS})\\s*)+`;
const ISO_NUM = '\\d+(?:[.,]\\d+)?';
const ISO = `P(?:${ISO_NUM}Y)?(?:${ISO_NUM}M)?(?:${ISO_NUM}W)?(?:${ISO_NUM}D)?(?:T(?:${ISO_NUM}H)?(?:${ISO_NUM}M)?(?:${ISO_NUM}S)?)?`;

/**
 * JSON-schema pattern of a duration in catalog entities: ISO 8601 (`PT15M`, `P1M`) or human
 * (`15m`, `1mo`, `30d`, `1h 30m`).
 *
 * @public
 */
export const CATALOG_DURATION_PATTERN = `^(?:${ISO}|${HUMAN})$`;

/**
 * JSON-schema pattern of a date in catalog entities: `YYYY-MM-DD`, optionally with a time and zone.
 *
 * @public
 */
export const CATALOG_DATE_PATTERN =
  '^\\d{4}-\\d{2}-\\d{2}(?:[T ]\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?(?:Z|[+-]\\d{2}:?\\d{2})?)?$';

const DURATION_RE = new RegExp(CATALOG_DURATION_PATTERN, 'i');

/**
 * Length in milliseconds of a catalog duration, or `undefined` when the text is not one (or is
 * zero). A month is 1/12 of a 365.25-day year in both syntaxes, as in the policy.
 *
 * @public
 */
export function catalogDurationMs(text: unknown): number | undefined {
  if (typeof text !== 'string' || !DURATION_RE.test(text.trim())) {
    return undefined;
  }
  const parsed = tryParseDuration(text);
  return parsed.ok && parsed.value.ms > 0 ? parsed.value.ms : undefined;
}

/**
 * Parses a catalog date (`YYYY-MM-DD`, or with time and zone; UTC when no zone is given) into a
 * DateTime, or `undefined` when it is not a real date (e.g. `2026-02-30`).
 *
 * @public
 */
export function parseCatalogDate(text: unknown): DateTime | undefined {
  if (
    typeof text !== 'string' ||
    !new RegExp(CATALOG_DATE_PATTERN).test(text)
  ) {
    return undefined;
  }
  const d = DateTime.fromISO(text.replace(' ', 'T'), { zone: 'utc' });
  return d.isValid ? d : undefined;
}
