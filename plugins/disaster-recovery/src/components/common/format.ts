import { DateTime } from 'luxon';
import { tryParseDuration } from '@dr-portal/backstage-plugin-disaster-recovery-common';

/** Text shown wherever a value has no evidence behind it. */
export const NO_EVIDENCE = 'no evidence';

/** The product's year (365.25 days) and month (1/12 of it), as in the policy's durations. */
const YEAR_SECONDS = 365.25 * 86400;

const UNITS: Array<[unit: string, seconds: number]> = [
  ['y', YEAR_SECONDS],
  ['mo', YEAR_SECONDS / 12],
  ['d', 86400],
  ['h', 3600],
  ['m', 60],
  ['s', 1],
];

/** Seconds as a compact duration with its two largest units, e.g. `1h 5m`, `42s`. */
export function formatSeconds(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) {
    return NO_EVIDENCE;
  }
  let rest = Math.max(0, Math.round(seconds));
  if (rest === 0) return '0s';
  const parts: string[] = [];
  for (const [unit, size] of UNITS) {
    if (parts.length === 2) break;
    const n = Math.floor(rest / size);
    if (n > 0) {
      parts.push(`${n}${unit}`);
      rest -= n * size;
    } else if (parts.length > 0) {
      break;
    }
  }
  return parts.join(' ');
}

/**
 * A duration as the policy and the catalog write it (ISO 8601 `PT4H` or human `4h`, parsed by
 * the shared `tryParseDuration`) as a compact duration (`4h`); anything else is shown as given.
 */
export function formatIsoDuration(value: string | undefined): string {
  if (!value) return '—';
  const seconds = durationSeconds(value);
  return seconds === undefined ? value : formatSeconds(seconds);
}

/** Seconds of a duration (ISO 8601 or human), by the shared rule; undefined when it is not one. */
export function durationSeconds(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const parsed = tryParseDuration(value);
  return parsed.ok ? parsed.value.ms / 1000 : undefined;
}

/** A share in 0..1 as a percentage with one decimal; null is `no evidence`. */
export function formatRate(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) {
    return NO_EVIDENCE;
  }
  return `${(rate * 100).toFixed(1)} %`;
}

/** An availability percentage such as 99.9 as `99.9 %`. */
export function formatAvailability(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '—';
  return `${value} %`;
}

/** A moment relative to now, e.g. `in 3 hours`, `2 days ago`. */
export function formatRelative(
  iso: string | undefined,
  now = Date.now(),
): string {
  if (!iso) return '—';
  const t = DateTime.fromISO(iso);
  if (!t.isValid) return iso;
  return t.toRelative({ base: DateTime.fromMillis(now) }) ?? iso;
}

/** When a check breaches: `breaches in 3 hours`, or `breached 2 hours ago` when past. */
export function formatBreach(
  iso: string | undefined,
  now = Date.now(),
): string {
  if (!iso) return '—';
  const t = DateTime.fromISO(iso);
  if (!t.isValid) return iso;
  const rel = formatRelative(iso, now);
  return t.toMillis() > now ? `breaches ${rel}` : `breached ${rel}`;
}

/** A timestamp as a short local date and time. */
export function formatTimestamp(iso: string | undefined): string {
  if (!iso) return '—';
  const t = DateTime.fromISO(iso);
  return t.isValid ? t.toLocaleString(DateTime.DATETIME_MED) : iso;
}

/** A byte count in binary units, e.g. `1.5 GiB`. */
export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes)) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}

/** Seconds between two ISO timestamps, or undefined when either is missing. */
export function secondsBetween(
  start: string | undefined,
  end: string | undefined,
): number | undefined {
  if (!start || !end) return undefined;
  const a = Date.parse(start);
  const b = Date.parse(end);
  if (Number.isNaN(a) || Number.isNaN(b)) return undefined;
  return Math.max(0, (b - a) / 1000);
}
