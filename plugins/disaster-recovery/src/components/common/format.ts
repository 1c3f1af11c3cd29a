import { DateTime, Duration } from 'luxon';

/** Text shown wherever a value has no evidence behind it. */
export const NO_EVIDENCE = 'no evidence';

const UNITS: Array<[unit: string, seconds: number]> = [
  ['y', 365 * 86400],
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

/** An ISO 8601 duration (`PT4H`) as a compact duration (`4h`); anything else is shown as given. */
export function formatIsoDuration(value: string | undefined): string {
  if (!value) return '—';
  const d = Duration.fromISO(value);
  if (!d.isValid) return value;
  return formatSeconds(d.as('seconds'));
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

const HUMAN_UNITS: Record<string, number> = {
  s: 1,
  m: 60,
  h: 3600,
  d: 86400,
  w: 7 * 86400,
  mo: 30 * 86400,
  y: 365 * 86400,
};

/** Seconds of an ISO 8601 (`PT15M`) or compact human (`15m`, `1h30m`, `7y`) duration; undefined if neither. */
export function parseDurationSeconds(
  value: string | undefined,
): number | undefined {
  if (!value) return undefined;
  const iso = Duration.fromISO(value);
  if (iso.isValid) return iso.as('seconds');
  const compact = value.replace(/\s+/g, '');
  if (!/^(\d+(\.\d+)?(mo|[smhdwy]))+$/i.test(compact)) return undefined;
  let total = 0;
  for (const m of compact.matchAll(/(\d+(?:\.\d+)?)(mo|[smhdwy])/gi)) {
    total += Number(m[1]) * HUMAN_UNITS[m[2].toLocaleLowerCase('en-US')];
  }
  return total;
}
