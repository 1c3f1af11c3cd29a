import { DrDuration, formatDuration } from '../../policy/duration';
import { DrPolicy, DrTier } from '../../policy/types';
import { TenantEvidence } from '../evidence';
import { CheckResult, CheckStatus, EvidenceRef } from '../types';

/** What every check is given: the policy, the tenant's tier, its evidence and the time of evaluation. */
export interface CheckContext {
  policy: DrPolicy;
  tier: DrTier;
  evidence: TenantEvidence;
  /** Evaluation time, epoch milliseconds. */
  now: number;
}

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

/** Allowed age of evidence for a calendar cadence: its interval plus the calendar's grace. */
export function cadenceAllowance(
  policy: DrPolicy,
  cadenceId: string,
): { ms: number; text: string } | undefined {
  const cadence = policy.testCalendar.cadences.find(c => c.id === cadenceId);
  if (!cadence) return undefined;
  const grace = policy.testCalendar.grace;
  return {
    ms: cadence.interval.ms + grace.ms,
    text:
      grace.ms > 0
        ? `${cadenceId} (${cadence.interval.text} + ${grace.text} grace)`
        : `${cadenceId} (${cadence.interval.text})`,
  };
}

/** Shorthand for formatting a duration in reasons. */
export const fmt = formatDuration;

/** What a check decided, before {@link result} makes it a {@link CheckResult}. */
export type CheckOutcome = Omit<CheckResult, 'breachAt' | 'evidence'> & {
  /** When the check will breach, epoch milliseconds. */
  breachAt?: number;
  evidence?: EvidenceRef[];
};

/** Builds a check result, leaving out empty optional fields. */
export function result(input: CheckOutcome): CheckResult {
  const out: CheckResult = {
    id: input.id,
    title: input.title,
    status: input.status,
    reason: input.reason,
    evidence: input.evidence ?? [],
  };
  if (input.target !== undefined) out.target = input.target;
  if (input.measured !== undefined) out.measured = input.measured;
  if (input.breachAt !== undefined && input.status !== 'fail') {
    out.breachAt = isoOf(input.breachAt);
  }
  return out;
}

/**
 * The result of a check whose evidence has not been collected (not indexed, not looked up): unknown,
 * never a pass or a fail, with the reason saying what is missing.
 */
export function notCollected(
  base: Pick<CheckOutcome, 'id' | 'title' | 'target'>,
  reason: string,
): CheckResult {
  return result({ ...base, status: 'unknown', reason });
}

/**
 * The result of a check over a list of items (runbooks, roles): fail naming the items that fail,
 * else warn naming those due soon, else pass; one measure and one body of evidence for all three,
 * and the breach moment unless it fails already.
 */
export function listResult(
  base: Pick<CheckOutcome, 'id' | 'title' | 'target'>,
  items: {
    failing: string[];
    failReason: (list: string) => string;
    dueSoon: string[];
    dueSoonReason: (list: string) => string;
    passReason: string;
    measured: string;
    breachAt?: number;
    evidence: EvidenceRef[];
  },
): CheckResult {
  const { failing, dueSoon, measured, evidence } = items;
  if (failing.length) {
    return result({
      ...base,
      status: 'fail',
      reason: items.failReason(listOf(failing)),
      measured,
      evidence,
    });
  }
  return result({
    ...base,
    status: dueSoon.length ? 'warn' : 'pass',
    reason: dueSoon.length
      ? items.dueSoonReason(listOf(dueSoon))
      : items.passReason,
    measured,
    breachAt: items.breachAt,
    evidence,
  });
}

/**
 * Status of an age against a limit: fail beyond the limit, warn from `warnRatio` of it, else pass.
 */
export function ageStatus(
  ageMs: number,
  limit: DrDuration | { ms: number },
  warnRatio: number,
): CheckStatus {
  if (ageMs > limit.ms) return 'fail';
  if (ageMs >= limit.ms * warnRatio) return 'warn';
  return 'pass';
}

/** The worst of some statuses (fail > unknown > warn > pass); `pass` for none. */
export function worstOf(statuses: CheckStatus[]): CheckStatus {
  for (const s of ['fail', 'unknown', 'warn'] as const) {
    if (statuses.includes(s)) return s;
  }
  return 'pass';
}

/** Earliest of some times, undefined for none. */
export function earliest(times: Array<number | undefined>): number | undefined {
  const defined = times.filter((t): t is number => t !== undefined);
  return defined.length ? Math.min(...defined) : undefined;
}

/** Joins a list for a sentence, shortening long lists: "a, b, c and 4 more". */
export function listOf(items: string[], max = 5): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}
