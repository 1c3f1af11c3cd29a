/** The form of an incident id: `INC-YYYY-NNN` (at least three digits). @public */
export const INCIDENT_ID_PATTERN = /^INC-(\d{4})-(\d{3,})$/;

/**
 * The id of the `number`th incident declared in `year`: `INC-2026-001`. Numbers above 999 keep
 * every digit (`INC-2026-1000`), so ids never repeat within a year.
 * @public
 */
export function formatIncidentId(year: number, number: number): string {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) {
    throw new RangeError(`Incident year must have four digits, got ${year}`);
  }
  if (!Number.isInteger(number) || number < 1) {
    throw new RangeError(
      `Incident number must be a positive integer, got ${number}`,
    );
  }
  return `INC-${year}-${String(number).padStart(3, '0')}`;
}

/** The year and number of an incident id, or undefined when it is not one. @public */
export function parseIncidentId(
  id: string,
): { year: number; number: number } | undefined {
  const match = INCIDENT_ID_PATTERN.exec(id);
  if (!match) return undefined;
  const number = Number(match[2]);
  return number >= 1 ? { year: Number(match[1]), number } : undefined;
}
