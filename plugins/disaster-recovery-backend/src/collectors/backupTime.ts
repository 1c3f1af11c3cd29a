/**
 * When a backup was taken, from the stamp in its object key, for objects that carry no
 * `taken-at` metadata. Understands the product's `YYYYMMDDTHHMMSSZ` and the plan scripts'
 * `YYYYMMDD_HHMMSS` (UTC). The last stamp in the key wins (the file name, not a date folder).
 */
export function takenAtFromKey(key: string): Date | undefined {
  const matches = [
    ...key.matchAll(
      /(?<![0-9])(\d{4})(\d{2})(\d{2})[T_](\d{2})(\d{2})(\d{2})Z?(?![0-9])/g,
    ),
  ];
  const last = matches[matches.length - 1];
  if (!last) return undefined;
  const [, y, mo, d, h, mi, s] = last.map(Number);
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  // Reject impossible stamps such as month 13 (Date.UTC would roll them over).
  if (
    date.getUTCFullYear() !== y ||
    date.getUTCMonth() !== mo - 1 ||
    date.getUTCDate() !== d ||
    date.getUTCHours() !== h ||
    date.getUTCMinutes() !== mi ||
    date.getUTCSeconds() !== s
  ) {
    return undefined;
  }
  return date;
}

/** Parses an ISO 8601 time; undefined when absent or invalid. */
export function parseTime(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
