import { runbookReviewIntervalMs } from '../../catalog/runbookReview';
import { CheckResult } from '../types';
import { fmt, listOf, listResult, notCollected, result } from './checkResult';
import { CheckContext } from './context';
import { ageOf, earliest, timeOf, usable } from './evidenceTime';

/** Runbook coverage: every disaster scenario of the policy has a runbook that applies to the tenant. */
export function runbookCoverageCheck(ctx: CheckContext): CheckResult {
  const { evidence, policy } = ctx;
  const base = { id: 'runbook-coverage', title: 'Runbook for every scenario' };
  if (evidence.runbooks === undefined) {
    return notCollected(
      base,
      'The runbooks that apply to this tenant have not been looked up in the catalog.',
    );
  }
  const covered = new Set(evidence.runbooks.flatMap(r => r.scenarios));
  const missing = policy.scenarios.filter(s => !covered.has(s.id));
  const total = policy.scenarios.length;
  if (missing.length) {
    return result({
      ...base,
      status: 'fail',
      reason: `No runbook covers ${listOf(missing.map(s => s.title))}.`,
      target: `${total} scenarios`,
      measured: `${total - missing.length} of ${total}`,
      evidence: evidence.runbooks.map(r => ({
        kind: 'runbook',
        id: r.ref,
        title: r.title,
      })),
    });
  }
  return result({
    ...base,
    status: 'pass',
    reason: `All ${total} scenarios have a runbook.`,
    target: `${total} scenarios`,
    measured: `${total} of ${total}`,
    evidence: evidence.runbooks.map(r => ({
      kind: 'runbook',
      id: r.ref,
      title: r.title,
    })),
  });
}

/**
 * Runbook review currency (the plan's monthly review cycle): each runbook that applies was reviewed
 * within its interval. A runbook may ask for a shorter interval than the policy's, never a longer one.
 */
export function runbookReviewCheck(ctx: CheckContext): CheckResult {
  const { evidence, policy, now } = ctx;
  const policyInterval = policy.runbookReview.interval;
  const base = {
    id: 'runbook-review',
    title: 'Runbooks reviewed',
    target: `every ${policyInterval.text}`,
  };
  if (evidence.runbooks === undefined || evidence.runbooks.length === 0) {
    return result({
      ...base,
      status: 'unknown',
      reason:
        evidence.runbooks === undefined
          ? 'The runbooks that apply to this tenant have not been looked up in the catalog.'
          : 'No runbook applies to this tenant, so there is no review to check.',
    });
  }
  const overdue: string[] = [];
  const dueSoon: string[] = [];
  const dues: number[] = [];
  for (const r of evidence.runbooks) {
    const intervalMs = runbookReviewIntervalMs(
      r.reviewInterval,
      policyInterval.ms,
    )!;
    const name = r.title ?? r.ref;
    const reviewed = timeOf(r.lastReviewed);
    if (!usable(reviewed, now)) {
      overdue.push(`${name} (never reviewed)`);
      continue;
    }
    const age = ageOf(reviewed, now);
    if (age > intervalMs) {
      overdue.push(
        `${name} (reviewed ${fmt(age)} ago, every ${fmt(intervalMs)} required)`,
      );
    } else {
      dues.push(reviewed + intervalMs);
      if (age >= intervalMs * policy.posture.warnRatio) {
        dueSoon.push(`${name} (due in ${fmt(reviewed + intervalMs - now)})`);
      }
    }
  }
  const total = evidence.runbooks.length;
  const refs = evidence.runbooks.map(r => ({
    kind: 'runbook',
    id: r.ref,
    title: r.title,
    observedAt: r.lastReviewed,
  }));
  const measured = `${total - overdue.length} of ${total} current`;
  return listResult(base, {
    failing: overdue,
    failReason: list => `Review overdue: ${list}.`,
    dueSoon,
    dueSoonReason: list =>
      `All ${total} runbooks are current, but reviews are due soon: ${list}.`,
    passReason: `All ${total} runbooks were reviewed within their interval.`,
    measured,
    breachAt: earliest(dues),
    evidence: refs,
  });
}
