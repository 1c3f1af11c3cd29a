import { CHECK_STATUSES, CheckStatus } from './types';

/**
 * Rank of a status in {@link CHECK_STATUSES} (worst first: fail 0, unknown 1, warn 2, pass 3),
 * the order in which the fleet is sorted and an overall status is chosen. A value that is not a
 * status ranks as `unknown`: what is not known to be fine is never shown as fine.
 *
 * @public
 */
export function statusRank(status: string): number {
  const rank = CHECK_STATUSES.indexOf(status as CheckStatus);
  return rank < 0 ? CHECK_STATUSES.indexOf('unknown') : rank;
}

/** Sort comparator of statuses, worst first (see {@link statusRank}). @public */
export function compareStatus(a: string, b: string): number {
  return statusRank(a) - statusRank(b);
}

/**
 * The worst of some statuses in the order fail > unknown > warn > pass; `unknown` for none
 * (nothing checked is not a pass).
 *
 * @public
 */
export function overallStatus(statuses: Iterable<CheckStatus>): CheckStatus {
  let worst: number | undefined;
  for (const status of statuses) {
    const rank = statusRank(status);
    worst = worst === undefined ? rank : Math.min(worst, rank);
  }
  return worst === undefined ? 'unknown' : CHECK_STATUSES[worst];
}

/** Zero for every status, in {@link CHECK_STATUSES} order. @public */
export function emptyStatusCounts(): Record<CheckStatus, number> {
  return Object.fromEntries(CHECK_STATUSES.map(s => [s, 0])) as Record<
    CheckStatus,
    number
  >;
}

/**
 * Counts statuses: of check results, of posture results (by overall status), or of bare statuses.
 * Every status is present in the result, with 0 when absent.
 *
 * @public
 */
export function summarizeStatuses(
  items: Iterable<
    CheckStatus | { status: CheckStatus } | { overall: CheckStatus }
  >,
): Record<CheckStatus, number> {
  const counts = emptyStatusCounts();
  for (const item of items) {
    let status: CheckStatus;
    if (typeof item === 'string') status = item;
    else if ('overall' in item) status = item.overall;
    else status = item.status;
    counts[CHECK_STATUSES[statusRank(status)]] += 1;
  }
  return counts;
}
