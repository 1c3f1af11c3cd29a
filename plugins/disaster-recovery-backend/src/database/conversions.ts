/**
 * Conversions between database column values and API values that behave the same on SQLite
 * (dates as epoch milliseconds, booleans as 0/1) and PostgreSQL (Date objects, bigint as strings).
 */

/** A timestamp column value as ISO 8601, or undefined for null. */
export function isoOrUndefined(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number') return new Date(value).toISOString();
  if (typeof value === 'string') {
    const asNumber = Number(value);
    const date = Number.isFinite(asNumber)
      ? new Date(asNumber)
      : new Date(value);
    return date.toISOString();
  }
  throw new TypeError(`Unexpected timestamp value ${String(value)}`);
}

/** A non-null timestamp column value as ISO 8601. */
export function iso(value: unknown): string {
  const result = isoOrUndefined(value);
  if (result === undefined) {
    throw new TypeError('Unexpected null timestamp');
  }
  return result;
}

/** A number column value (bigint comes back as a string from pg), or undefined for null. */
export function numberOrUndefined(value: unknown): number | undefined {
  if (value === null || value === undefined) return undefined;
  return Number(value);
}

/** A boolean column value (SQLite stores 0/1). */
export function bool(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 't';
}

/** A string column value, or undefined for null. */
export function stringOrUndefined(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  return String(value);
}

/** Parses a JSON text column. */
export function parseJson<T>(value: unknown, fallback: T): T {
  if (value === null || value === undefined || value === '') return fallback;
  if (typeof value !== 'string') return value as T;
  return JSON.parse(value) as T;
}

/** An ISO 8601 string or Date as a Date for writing, or null. */
export function dateOrNull(value: string | Date | undefined): Date | null {
  if (value === undefined) return null;
  return value instanceof Date ? value : new Date(value);
}

/** Removes undefined values so that optional API fields are absent rather than undefined. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined),
  ) as T;
}
