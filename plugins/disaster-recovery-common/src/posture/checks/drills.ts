import { drillTargets } from '../../drills/targets';
import { DrScenario } from '../../policy/types';
import { DrillEvidence } from '../evidence';
import { CheckResult, EvidenceRef } from '../types';
import { fmt, notCollected, result } from './checkResult';
import { cadenceAllowance, CheckContext } from './context';
import { ageOf, newestBy, timeOf, usable } from './evidenceTime';

function ref(d: DrillEvidence): EvidenceRef {
  return {
    kind: 'drill',
    id: d.id,
    title: `${d.scenario} drill: ${d.status}`,
    observedAt: d.finishedAt,
  };
}

/**
 * Last drill of a scenario: within the scenario's calendar cadence and grace (from the moment it
 * turns overdue it counts as missing: unknown), succeeded, and achieved RTO and data loss within the targets. Warns at `warnRatio` of
 * a target or of the cadence.
 */
export function drillCheck(
  ctx: CheckContext,
  scenario: DrScenario,
): CheckResult {
  const { evidence, policy, now } = ctx;
  const targets = drillTargets(ctx.tier, scenario);
  const allowance = cadenceAllowance(policy, scenario.drillCadence) ?? {
    ms: 366 * 86_400_000,
    text: '1 year',
  };
  const base = {
    id: `drill:${scenario.id}`,
    title: `Drill: ${scenario.title}`,
    target: `RTO ${targets.rtoText}, RPO ${targets.rpoText}, every ${allowance.text}`,
  };
  if (evidence.drills === undefined) {
    return notCollected(base, 'No drill evidence has been collected.');
  }
  const done = evidence.drills
    .filter(
      d =>
        d.scenario === scenario.id &&
        !d.dryRun &&
        (d.status === 'succeeded' || d.status === 'failed'),
    )
    .map(d => ({ d, at: timeOf(d.finishedAt) }))
    .filter((x): x is { d: DrillEvidence; at: number } => usable(x.at, now));
  const latest = newestBy(done, x => x.at);
  if (!latest) {
    return result({
      ...base,
      status: 'unknown',
      reason: `No ${scenario.title.toLocaleLowerCase(
        'en-US',
      )} drill has been recorded.`,
      measured: 'none',
    });
  }
  const drill = latest.item.d;
  const age = ageOf(latest.at, now);
  const refs = [ref(drill)];
  // Overdue exactly at the boundary, as the calendar says (drillDeadlines, deadlineStatus).
  if (age >= allowance.ms) {
    return result({
      ...base,
      status: 'unknown',
      reason: `The last drill was ${fmt(age)} ago, older than the ${
        allowance.text
      } calendar allows: it counts as missing.`,
      measured: `${fmt(age)} ago`,
      evidence: refs,
    });
  }
  const breachAt = latest.at + allowance.ms;
  if (drill.status === 'failed') {
    return result({
      ...base,
      status: 'fail',
      reason: `The last drill (${fmt(age)} ago) failed.`,
      measured: 'failed',
      evidence: refs,
    });
  }
  const rto = drill.achievedRtoSeconds;
  const loss = drill.dataLossSeconds;
  if (rto === undefined || loss === undefined || !(rto >= 0) || !(loss >= 0)) {
    const missing = [
      rto === undefined || !(rto >= 0) ? 'achieved RTO' : '',
      loss === undefined || !(loss >= 0) ? 'data loss' : '',
    ]
      .filter(Boolean)
      .join(' and ');
    return result({
      ...base,
      status: 'unknown',
      reason: `The last drill (${fmt(
        age,
      )} ago) succeeded but did not record its ${missing}.`,
      evidence: refs,
      breachAt,
    });
  }
  const rtoMs = rto * 1000;
  const lossMs = loss * 1000;
  const measured = `RTO ${fmt(rtoMs)}, data loss ${fmt(lossMs)}`;
  const misses = [
    rtoMs > targets.rtoMs
      ? `recovery took ${fmt(rtoMs)}, more than the ${targets.rtoText} RTO`
      : '',
    lossMs > targets.rpoMs
      ? `it lost ${fmt(lossMs)} of data, more than the ${targets.rpoText} RPO`
      : '',
  ].filter(Boolean);
  if (misses.length) {
    return result({
      ...base,
      status: 'fail',
      reason: `In the last drill (${fmt(age)} ago) ${misses.join(' and ')}.`,
      measured,
      evidence: refs,
    });
  }
  const ratio = policy.posture.warnRatio;
  const warns = [
    rtoMs >= targets.rtoMs * ratio
      ? `its recovery time was ${Math.round(
          (rtoMs / targets.rtoMs) * 100,
        )} % of the RTO`
      : '',
    lossMs >= targets.rpoMs * ratio
      ? `its data loss was ${Math.round(
          (lossMs / targets.rpoMs) * 100,
        )} % of the RPO`
      : '',
    age >= allowance.ms * ratio
      ? `the next drill is due in ${fmt(breachAt - now)}`
      : '',
  ].filter(Boolean);
  return result({
    ...base,
    status: warns.length ? 'warn' : 'pass',
    reason: `The last drill (${fmt(age)} ago) met its targets (${measured})${
      warns.length
        ? `, but ${warns.join(' and ')}`
        : `; it stays current for ${fmt(breachAt - now)}`
    }.`,
    measured,
    breachAt,
    evidence: refs,
  });
}
