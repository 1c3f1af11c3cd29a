/** Times of evidence: parsing, what may be used at a moment, ages, the newest and earliest. */

/** Evidence dated this far in the future is treated as bad data and ignored; less is clock skew. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/** Parses an ISO time to epoch ms; undefined when missing or unparseable. */
export function timeOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}

/** Epoch ms to ISO 8601. */
export function isoOf(ms: number): string {
  return new Date(ms).toISOString();
}

/** Whether a time may be used as evidence at `now` (not absurdly in the future). */
export function usable(at: number | undefined, now: number): at is number {
  return at !== undefined && at <= now + MAX_CLOCK_SKEW_MS;
}

/** Age at `now` of something that happened at `at`, never negative (small clock skew counts as 0). */
export function ageOf(at: number, now: number): number {
  return Math.max(0, now - at);
}

/** The item with the greatest time, whatever the order of the list. */
export function newestBy<T>(
  items: readonly T[],
  timeOfItem: (item: T) => number | undefined,
): { item: T; at: number } | undefined {
  let best: { item: T; at: number } | undefined;
  for (const item of items) {
    const at = timeOfItem(item);
    if (at !== undefined && (!best || at > best.at)) best = { item, at };
  }
  return best;
}

/** Earliest of some times, undefined for none. */
export function earliest(times: Array<number | undefined>): number | undefined {
  const defined = times.filter((t): t is number => t !== undefined);
  return defined.length ? Math.min(...defined) : undefined;
}
