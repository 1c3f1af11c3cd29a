import { tryParseDuration } from '../policy/duration';

/**
 * How often a runbook must be reviewed, milliseconds: its own `reviewInterval` (ISO 8601 `P1M` or
 * human `30d`, a month being 1/12 of a 365.25-day year as everywhere in the policy), capped by
 * the policy's interval when one is given (a runbook may ask for a shorter interval, never a
 * longer one); the policy's interval when the runbook has none or an unreadable one; undefined
 * when neither is known.
 *
 * @public
 */
export function runbookReviewIntervalMs(
  reviewInterval: string | undefined,
  policyIntervalMs?: number,
): number | undefined {
  const own = reviewInterval ? tryParseDuration(reviewInterval) : undefined;
  const ownMs = own?.ok && own.value.ms > 0 ? own.value.ms : undefined;
  if (ownMs === undefined) return policyIntervalMs;
  return policyIntervalMs === undefined
    ? ownMs
    : Math.min(ownMs, policyIntervalMs);
}

/**
 * When a runbook's next review falls due (epoch milliseconds): its last review plus
 * {@link runbookReviewIntervalMs}; undefined when it was never reviewed (or the date does not
 * parse) or no interval is known. The posture check, the documentation-currency metric and the
 * Runbook card all use this one rule.
 *
 * @public
 */
export function runbookReviewDueAt(
  lastReviewed: string | undefined,
  reviewInterval: string | undefined,
  policyIntervalMs?: number,
): number | undefined {
  const reviewed = lastReviewed ? Date.parse(lastReviewed) : NaN;
  const interval = runbookReviewIntervalMs(reviewInterval, policyIntervalMs);
  if (!Number.isFinite(reviewed) || interval === undefined) return undefined;
  return reviewed + interval;
}
