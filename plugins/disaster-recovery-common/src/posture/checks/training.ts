import { CheckResult } from '../types';
import { fmt, listOf, listResult, notCollected, result } from './checkResult';
import { CheckContext } from './context';
import { earliest, timeOf } from './evidenceTime';

/** Owner training: every person owning (and on call for) the tenant has current DR training. */
export function ownerTrainingCheck(ctx: CheckContext): CheckResult {
  const { evidence, policy, now } = ctx;
  const base = { id: 'owner-training', title: 'Owners trained' };
  const training = evidence.ownerTraining;
  if (!training) {
    return notCollected(
      base,
      "The owners' training records have not been looked up.",
    );
  }
  if (training.people.length === 0) {
    return result({
      ...base,
      status: 'unknown',
      reason: `The owner${
        evidence.owner ? ` ${evidence.owner}` : ''
      } has no members in the catalog, so nobody's training can be checked.`,
    });
  }
  const refs = training.people.map(p => ({ kind: 'training', id: p.ref }));
  const lapsed = training.people.filter(p => !p.current);
  const total = training.people.length;
  const measured = `${total - lapsed.length} of ${total} current`;
  if (lapsed.length) {
    return result({
      ...base,
      status: 'fail',
      reason: `DR training is not current for ${listOf(
        lapsed.map(p =>
          p.missing?.length ? `${p.ref} (${p.missing.join(', ')})` : p.ref,
        ),
      )}.`,
      measured,
      evidence: refs,
    });
  }
  const expiries = training.people.map(p => timeOf(p.expiresAt));
  const next = earliest(
    expiries.filter((t): t is number => t !== undefined && t >= now),
  );
  const soon = next !== undefined && next - now <= policy.posture.dueSoon.ms;
  return result({
    ...base,
    status: soon ? 'warn' : 'pass',
    reason: soon
      ? `All ${total} owners are trained, but a training expires in ${fmt(
          next! - now,
        )}.`
      : `All ${total} owners have current DR training.`,
    measured,
    breachAt: next,
    evidence: refs,
  });
}

/**
 * Role coverage (the plan: every critical role has a primary and a backup, cross-trained): each
 * response role has at least `minimumTrained` people with current training. The breach moment is
 * when enough trainings expire to drop a role below its minimum.
 */
export function roleCoverageCheck(ctx: CheckContext): CheckResult {
  const { evidence, policy, now } = ctx;
  const base = { id: 'role-coverage', title: 'Response roles covered' };
  const coverage = evidence.roleCoverage;
  if (!coverage) {
    return notCollected(
      base,
      'Role coverage has not been looked up in the catalog.',
    );
  }
  const short: string[] = [];
  const soon: string[] = [];
  const breaches: number[] = [];
  for (const role of policy.roles) {
    const people = coverage
      .filter(c => c.role === role.id)
      .flatMap(c => c.people)
      .filter(p => {
        const exp = timeOf(p.trainingExpiresAt);
        return exp === undefined || exp > now;
      });
    const unique = new Map(people.map(p => [p.ref, p]));
    if (unique.size < role.minimumTrained) {
      short.push(`${role.title} (${unique.size} of ${role.minimumTrained})`);
      continue;
    }
    // Sorted latest expiry first (never-expiring first): the minimum-th one is when coverage drops.
    const expiries = [...unique.values()]
      .map(p => timeOf(p.trainingExpiresAt) ?? Infinity)
      .sort((a, b) => b - a);
    const drop = expiries[role.minimumTrained - 1];
    if (Number.isFinite(drop)) {
      breaches.push(drop);
      if (drop - now <= policy.posture.dueSoon.ms)
        soon.push(`${role.title} (in ${fmt(drop - now)})`);
    }
  }
  const total = policy.roles.length;
  const measured = `${total - short.length} of ${total} roles`;
  const refs = coverage.flatMap(c =>
    c.people.map(p => ({ kind: 'training', id: p.ref, title: c.role })),
  );
  return listResult(base, {
    failing: short,
    failReason: list => `Too few people with current DR training in ${list}.`,
    dueSoon: soon,
    dueSoonReason: list =>
      `Every role is covered, but expiring training will leave too few people in ${list}.`,
    passReason: `Every response role has at least its minimum of trained people.`,
    measured,
    breachAt: earliest(breaches),
    evidence: refs,
  });
}
