import { InputError } from '@backstage/errors';
import { Duration, DurationLikeObject, DurationObjectUnits } from 'luxon';
import parse from 'parse-duration';

/**
 * A duration from policy, normalized: milliseconds for comparisons, the text it was written as,
 * and an ISO 8601 form for APIs.
 *
 * @public
 */
export interface DrDuration {
  /** Length in milliseconds (a year is 365.25 days and a month 1/12 of that, in both syntaxes). */
  ms: number;
  /** The text as written in config, e.g. `15m` or `PT15M`. */
  text: string;
  /** ISO 8601 form, e.g. `PT15M`. */
  iso: string;
}

/**
 * How often a data class must be backed up: a fixed interval, or whenever it changes.
 *
 * @public
 */
export type DrBackupFrequency =
  | ({ onChange: false } & DrDuration)
  | { onChange: true; text: 'on-change' };

// Luxon units, keyed by the length parse-duration gives them. Both syntaxes are converted with
// parse-duration's table so that `7y` and `P7Y` are the same length (luxon's own casual conversion
// makes a year 365 days, parse-duration 365.25: comparing one with the other would invent
// contradictions such as "retention P7Y longer than cleanup age 7y").
const LUXON_UNITS: Array<[keyof DurationObjectUnits, number]> = [
  ['years', parse.unit.y],
  ['months', parse.unit.mo],
  ['weeks', parse.unit.w],
  ['days', parse.unit.d],
  ['hours', parse.unit.h],
  ['minutes', parse.unit.m],
  ['seconds', parse.unit.s],
  ['milliseconds', parse.unit.ms],
];

const HUMAN_TOKEN = /(\d+(?:\.\d+)?)\s*([a-zA-Zµ]+)/g;
const HUMAN_WHOLE = /^\s*(?:\d+(?:\.\d+)?\s*[a-zA-Zµ]+\s*)+$/;

function unitLength(name: string): number | undefined {
  const lower = name.toLocaleLowerCase('en-US');
  const table = parse.unit as unknown as Record<string, unknown>;
  const direct = table[lower];
  if (typeof direct === 'number') return direct;
  if (lower.endsWith('s')) {
    const singular = table[lower.slice(0, -1)];
    if (typeof singular === 'number') return singular;
  }
  return undefined;
}

/** The result of parsing a duration: the value, or why it is not one. @public */
export type DurationParseResult =
  | { ok: true; value: DrDuration }
  | { ok: false; error: string };

const SYNTAX_HINT =
  "expected an ISO 8601 duration such as 'PT15M' or 'P7Y', or a human duration such as '15m', '4h', '90d' or '7y'";

/**
 * Parses a duration written as ISO 8601 (`PT15M`, `P7Y`) or as a human string (`15m`, `4h`,
 * `90d`, `7y`, `1h 30m`), without throwing.
 *
 * @public
 */
export function tryParseDuration(input: unknown): DurationParseResult {
  if (typeof input !== 'string' || input.trim() === '') {
    return {
      ok: false,
      error: `${JSON.stringify(input)} is not a duration: ${SYNTAX_HINT}`,
    };
  }
  const text = input.trim();
  if (/^P/i.test(text)) {
    const d = Duration.fromISO(text.toLocaleUpperCase('en-US'));
    if (!/\d/.test(text)) {
      return {
        ok: false,
        error: `'${text}' is not a valid ISO 8601 duration (no amount): ${SYNTAX_HINT}`,
      };
    }
    if (!d.isValid) {
      return {
        ok: false,
        error: `'${text}' is not a valid ISO 8601 duration (${
          d.invalidExplanation ?? d.invalidReason
        }): ${SYNTAX_HINT}`,
      };
    }
    const obj = d.toObject();
    let ms = 0;
    for (const [unit, length] of LUXON_UNITS) {
      ms += (obj[unit] ?? 0) * length;
    }
    if (ms < 0) {
      return {
        ok: false,
        error: `'${text}' is negative; durations must be >= 0`,
      };
    }
    return { ok: true, value: { ms, text, iso: d.toISO() ?? text } };
  }
  if (!HUMAN_WHOLE.test(text)) {
    return { ok: false, error: `'${text}' is not a duration: ${SYNTAX_HINT}` };
  }
  const parts: DurationLikeObject = {};
  for (const match of text.matchAll(HUMAN_TOKEN)) {
    const length = unitLength(match[2]);
    if (length === undefined) {
      return {
        ok: false,
        error: `'${text}' has an unknown unit '${match[2]}': ${SYNTAX_HINT}`,
      };
    }
    const luxonUnit = LUXON_UNITS.find(([, l]) => l === length)?.[0];
    const amount = Number(match[1]);
    if (luxonUnit) {
      parts[luxonUnit] = (parts[luxonUnit] ?? 0) + amount;
    } else {
      parts.milliseconds = (parts.milliseconds ?? 0) + amount * length;
    }
  }
  const ms = parse(text);
  if (ms === null || !Number.isFinite(ms)) {
    return { ok: false, error: `'${text}' is not a duration: ${SYNTAX_HINT}` };
  }
  const iso = Duration.fromObject(parts).toISO() ?? `PT${ms / 1000}S`;
  return { ok: true, value: { ms, text, iso } };
}

/**
 * Parses a duration (ISO 8601 or human string); throws an InputError naming the bad value.
 *
 * @public
 */
export function parseDuration(input: unknown, field?: string): DrDuration {
  const result = tryParseDuration(input);
  if (!result.ok) {
    throw new InputError(field ? `${field}: ${result.error}` : result.error);
  }
  return result.value;
}

const NAMED_INTERVALS: Record<string, string> = {
  hourly: 'PT1H',
  daily: 'P1D',
  weekly: 'P1W',
  monthly: 'P1M',
  quarterly: 'P3M',
  yearly: 'P1Y',
  annual: 'P1Y',
  annually: 'P1Y',
};

/** The special backup frequency meaning "back up whenever the data changes". @public */
export const ON_CHANGE = 'on-change';

/** The result of parsing a backup frequency. @public */
export type FrequencyParseResult =
  | { ok: true; value: DrBackupFrequency }
  | { ok: false; error: string };

/**
 * Parses a backup frequency: a duration, the words `hourly`, `daily`, `weekly`, `monthly`, or
 * `on-change`, without throwing.
 *
 * @public
 */
export function tryParseFrequency(input: unknown): FrequencyParseResult {
  if (typeof input === 'string') {
    const word = input.trim().toLocaleLowerCase('en-US');
    if (word === ON_CHANGE) {
      return { ok: true, value: { onChange: true, text: ON_CHANGE } };
    }
    const named = NAMED_INTERVALS[word];
    if (named) {
      const parsed = tryParseDuration(named);
      if (parsed.ok) {
        return {
          ok: true,
          value: { onChange: false, ...parsed.value, text: input.trim() },
        };
      }
    }
  }
  const parsed = tryParseDuration(input);
  if (!parsed.ok) {
    return {
      ok: false,
      error: `${parsed.error}, or '${ON_CHANGE}', 'hourly', 'daily', 'weekly', 'monthly'`,
    };
  }
  return { ok: true, value: { onChange: false, ...parsed.value } };
}

const FORMAT_UNITS: Array<[number, string, string]> = [
  [parse.unit.y, ' year', ' years'],
  [parse.unit.d, ' day', ' days'],
  [parse.unit.h, 'h', 'h'],
  [parse.unit.m, 'm', 'm'],
  [parse.unit.s, 's', 's'],
];

/**
 * Formats milliseconds for people: the two largest units, e.g. `4m 12s`, `2h`, `3 days`,
 * `7 years 2 days`; below a second `850ms`.
 *
 * @public
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  const sign = ms < 0 ? '-' : '';
  let rest = Math.abs(ms);
  if (rest < 1000) return `${sign}${Math.round(rest)}ms`;
  rest = Math.floor(rest / 1000) * 1000;
  const parts: string[] = [];
  for (const [length, one, many] of FORMAT_UNITS) {
    if (parts.length === 2) break;
    const count = Math.floor(rest / length);
    if (count > 0) {
      parts.push(`${count}${count === 1 ? one : many}`);
      rest -= count * length;
    } else if (parts.length > 0) {
      // keep the two units adjacent: "1 day 3h", never "1 day 3s"
      break;
    }
  }
  return sign + parts.join(' ');
}
