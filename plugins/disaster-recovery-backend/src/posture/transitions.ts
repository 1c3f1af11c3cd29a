import {
  CheckResult,
  CheckStatus,
  PostureResult,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';

/** The status of each check of one evaluation, without reasons or evidence. @public */
export type CheckStatuses = Array<{ id: string; status: CheckStatus }>;

/** The status of each check, as kept to compare evaluations. */
export function checkStatuses(
  checks: ReadonlyArray<{ id: string; status: CheckStatus }>,
): CheckStatuses {
  return checks.map(c => ({ id: c.id, status: c.status }));
}

/**
 * Whether an evaluation changed an entity's posture: true for a first evaluation, a check added
 * or removed, or any check in another status. Only then does the entity's history get a row.
 */
export function postureChanged(
  previous: CheckStatuses | undefined,
  current: ReadonlyArray<{ id: string; status: CheckStatus }>,
): boolean {
  if (!previous) return true;
  if (previous.length !== current.length) return true;
  const before = new Map(previous.map(c => [c.id, c.status]));
  return current.some(c => before.get(c.id) !== c.status);
}

/**
 * The checks that turned fail since the previous evaluation: failing now and not failing before
 * (a check new to an evaluated entity counts). Without a previous evaluation (an entity evaluated
 * for the first time) there is no transition, so a new install does not page every owner.
 */
export function newlyFailingChecks(
  previous: { checks: CheckStatuses } | undefined,
  result: Pick<PostureResult, 'checks'>,
): CheckResult[] {
  if (!previous) return [];
  const before = new Map(previous.checks.map(c => [c.id, c.status]));
  return result.checks.filter(
    c => c.status === 'fail' && before.get(c.id) !== 'fail',
  );
}
