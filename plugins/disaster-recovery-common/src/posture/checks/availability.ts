import { measureAvailability } from '../../incidents/availability';
import { CheckResult, CheckStatus } from '../types';
import { fmt, listOf, notCollected, result } from './checkResult';
import { CheckContext } from './context';
import { timeOf } from './evidenceTime';

/** A percentage for people: up to three decimals, trailing zeros dropped. */
function percent(value: number): string {
  return `${Number(value.toFixed(3))} %`;
}

/**
 * Availability measured from incidents against the tier's target over the policy's window:
 * fail when the downtime exceeds the error budget, warn from the posture's warn ratio of it,
 * else pass (an incident-free tenant passes with its whole budget). While an incident is open it
 * breaches when its downtime will have spent the budget. Unknown when incidents were not read.
 */
export function availabilityCheck(ctx: CheckContext): CheckResult {
  const { evidence, policy, tier, now } = ctx;
  const target = tier.objectives.availability;
  const base = {
    id: 'availability',
    title: 'Availability',
    target: `>= ${percent(target)} over ${policy.availability.window.text}`,
  };
  if (evidence.incidents === undefined) {
    return notCollected(
      base,
      'The incidents that reached this tenant have not been read.',
    );
  }
  const m = measureAvailability(policy, target, evidence.incidents, now);
  const spent = m.budgetMs > 0 ? m.downtimeMs / m.budgetMs : 1;
  let status: CheckStatus = 'pass';
  if (m.downtimeMs > m.budgetMs) status = 'fail';
  else if (m.downtimeMs > 0 && spent >= policy.posture.warnRatio) {
    status = 'warn';
  }
  const budget = `${fmt(Math.max(0, m.budgetRemainingMs))} of ${fmt(
    m.budgetMs,
  )} error budget left (${Math.max(
    0,
    Math.round(m.budgetRemainingRatio * 100),
  )} %)`;
  const burn = `burn rate ${Number(m.burnRate.toFixed(2))}x over ${
    m.burnRateWindow
  }`;
  const counted = m.incidents.map(i => `${i.id} (${i.severity})`);
  const reason = !m.incidents.length
    ? `No incident reached this tenant in the last ${m.window.text}: the whole error budget is left.`
    : `${fmt(m.downtimeMs)} of downtime in the last ${
        m.window.text
      } from ${listOf(
        counted,
      )} (weighted by severity, overlaps counted once): ${
        status === 'fail'
          ? `the ${fmt(m.budgetMs)} error budget is spent`
          : budget
      }; ${burn}.`;
  return result({
    ...base,
    status,
    reason,
    measured: `${percent(m.availabilityPercent)}; ${budget}; ${burn}`,
    breachAt: timeOf(m.exhaustedAt),
    evidence: m.incidents.map(i => ({
      kind: 'incident',
      id: i.id,
      observedAt: i.from,
    })),
  });
}
