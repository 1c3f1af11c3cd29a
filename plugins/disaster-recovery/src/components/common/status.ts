import type { CheckStatus } from '@dr-portal/backstage-plugin-disaster-recovery-common';

/** Check statuses, worst first: fail, unknown, warn, pass (unknown is worse than warn: it is not known to be fine). */
export const STATUS_ORDER: readonly CheckStatus[] = [
  'fail',
  'unknown',
  'warn',
  'pass',
];

/** The worst of some statuses; `unknown` when there are none. */
export function worstStatus(statuses: Iterable<CheckStatus>): CheckStatus {
  let best = STATUS_ORDER.length;
  let seen = false;
  for (const s of statuses) {
    seen = true;
    const i = STATUS_ORDER.indexOf(s);
    best = Math.min(best, i < 0 ? STATUS_ORDER.indexOf('unknown') : i);
  }
  return seen && best < STATUS_ORDER.length ? STATUS_ORDER[best] : 'unknown';
}

/** Sorts by status, worst first (stable). */
export function byStatus<T>(get: (item: T) => CheckStatus) {
  return (a: T, b: T) =>
    STATUS_ORDER.indexOf(get(a)) - STATUS_ORDER.indexOf(get(b));
}
