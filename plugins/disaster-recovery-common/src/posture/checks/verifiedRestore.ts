import { VerificationEvidence } from '../evidence';
import { CheckResult, EvidenceRef } from '../types';
import { fmt, notCollected, result } from './checkResult';
import { cadenceAllowance, CheckContext } from './context';
import { ageOf, newestBy, timeOf, usable } from './evidenceTime';

/** Test calendar activity whose cadence governs backup verification. */
export const VERIFICATION_ACTIVITY = 'backup-verification';

function ref(v: VerificationEvidence): EvidenceRef {
  return {
    kind: 'verification',
    id: v.id,
    title: `${v.mode} verification: ${v.status}${
      v.warnings?.length ? ` with warnings (${v.warnings.join(', ')})` : ''
    }`,
    observedAt: v.finishedAt,
  };
}

/**
 * Last verified restore: a successful verification within the calendar's cadence for backup
 * verification (monthly + grace). Older verifications count as missing (unknown); a failed one
 * with no later success fails; only quick verifications (no restore) warn, and so does a newest
 * full verification that passed with warnings (not a clean pass).
 */
export function verifiedRestoreCheck(ctx: CheckContext): CheckResult {
  const { evidence, policy, now } = ctx;
  const activity = policy.testCalendar.activities.find(
    a => a.id === VERIFICATION_ACTIVITY,
  );
  // A policy without such a cadence (validation prevents it for activities) falls back to 31 days.
  const fallback = { ms: 31 * 86_400_000, text: '31 days' };
  const allowance =
    cadenceAllowance(policy, activity?.cadence ?? 'monthly') ?? fallback;
  const base = {
    id: 'verified-restore',
    title: 'Last verified restore',
    target: allowance.text,
  };
  if (evidence.verifications === undefined) {
    return notCollected(base, 'No verification evidence has been collected.');
  }
  const dated = evidence.verifications
    .map(v => ({ v, at: timeOf(v.finishedAt) }))
    .filter((x): x is { v: VerificationEvidence; at: number } =>
      usable(x.at, now),
    );
  const recent = dated.filter(x => ageOf(x.at, now) <= allowance.ms);
  const lastPass = newestBy(
    recent.filter(x => x.v.status === 'pass'),
    x => x.at,
  );
  const last = newestBy(recent, x => x.at);
  if (!lastPass) {
    if (last) {
      return result({
        ...base,
        status: 'fail',
        reason: `The last verification (${last.item.v.mode}, ${fmt(
          ageOf(last.at, now),
        )} ago) failed and none passed within ${allowance.text}.`,
        measured: fmt(ageOf(last.at, now)),
        evidence: [ref(last.item.v)],
      });
    }
    const older = newestBy(dated, x => x.at);
    return result({
      ...base,
      status: 'unknown',
      reason: older
        ? `The last verification was ${fmt(
            ageOf(older.at, now),
          )} ago, older than the ${
            allowance.text
          } calendar allows: it counts as missing.`
        : 'No backup verification has been recorded.',
      measured: older ? fmt(ageOf(older.at, now)) : 'none',
      evidence: older ? [ref(older.item.v)] : [],
    });
  }
  const age = ageOf(lastPass.at, now);
  const breachAt = lastPass.at + allowance.ms;
  const refs = [ref(lastPass.item.v)];
  const failedSince =
    last && last.at > lastPass.at && last.item.v.status === 'fail';
  if (failedSince && last) {
    refs.unshift(ref(last.item.v));
    return result({
      ...base,
      status: 'warn',
      reason: `The newest verification (${fmt(
        ageOf(last.at, now),
      )} ago) failed; the last success was ${fmt(age)} ago and expires in ${fmt(
        breachAt - now,
      )}.`,
      measured: fmt(age),
      breachAt,
      evidence: refs,
    });
  }
  const fullPass = newestBy(
    recent.filter(x => x.v.status === 'pass' && x.v.mode === 'full'),
    x => x.at,
  );
  if (!fullPass) {
    return result({
      ...base,
      status: 'warn',
      reason: `The last verification (${fmt(
        age,
      )} ago) passed, but only in quick mode (checksum and archive listing): no backup was actually restored within ${
        allowance.text
      }.`,
      measured: fmt(age),
      breachAt,
      evidence: refs,
    });
  }
  const fullAge = ageOf(fullPass.at, now);
  const fullBreach = fullPass.at + allowance.ms;
  const warnings = fullPass.item.v.warnings ?? [];
  if (warnings.length > 0) {
    return result({
      ...base,
      status: 'warn',
      reason: `The newest restored verification (${fmt(
        fullAge,
      )} ago) passed with warnings (${warnings.join(
        ', ',
      )}): not a clean pass; it expires in ${fmt(fullBreach - now)}.`,
      measured: fmt(fullAge),
      breachAt: fullBreach,
      evidence: [ref(fullPass.item.v)],
    });
  }
  const dueSoon = fullAge >= allowance.ms * policy.posture.warnRatio;
  return result({
    ...base,
    status: dueSoon ? 'warn' : 'pass',
    reason: `A backup was restored and verified ${fmt(fullAge)} ago; ${
      dueSoon
        ? 'the next verification is due: this one expires'
        : 'it stays current'
    } for ${fmt(fullBreach - now)}.`,
    measured: fmt(fullAge),
    breachAt: fullBreach,
    evidence: [ref(fullPass.item.v)],
  });
}
