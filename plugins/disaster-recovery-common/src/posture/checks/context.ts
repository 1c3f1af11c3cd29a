import { DrDuration } from '../../policy/duration';
import { DrPolicy, DrTier } from '../../policy/types';
import { TenantEvidence } from '../evidence';
import { CheckStatus } from '../types';

/** What every check is given: the policy, the tenant's tier, its evidence and the time of evaluation. */
export interface CheckContext {
  policy: DrPolicy;
  tier: DrTier;
  evidence: TenantEvidence;
  /** Evaluation time, epoch milliseconds. */
  now: number;
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
