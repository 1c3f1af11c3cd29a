import { formatDuration } from '../../policy/duration';
import { CheckResult, EvidenceRef } from '../types';
import { isoOf } from './evidenceTime';

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

/** Joins a list for a sentence, shortening long lists: "a, b, c and 4 more". */
export function listOf(items: string[], max = 5): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}
