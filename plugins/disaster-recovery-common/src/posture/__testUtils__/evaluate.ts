import { defaultPolicy } from '../../policy/readPolicy';
import { evaluate } from '../evaluate';
import { TenantEvidence } from '../evidence';
import { CheckResult } from '../types';

/** The fixed evaluation time of the posture tests. */
export const NOW = Date.parse('2026-03-01T12:00:00Z');
/** One second in milliseconds. */
export const SEC = 1000;
/** One minute in milliseconds. */
export const MIN = 60 * SEC;
/** One hour in milliseconds. */
export const HOUR = 60 * MIN;
/** One day in milliseconds. */
export const DAY = 24 * HOUR;

/** The ISO time `ms` before NOW. */
export const ago = (ms: number) => new Date(NOW - ms).toISOString();
/** The ISO time `ms` after NOW. */
export const at = (ms: number) => new Date(NOW + ms).toISOString();

/** Evidence of the test tenant, with the given additions. */
export const tenant = (more: Partial<TenantEvidence> = {}): TenantEvidence => ({
  entityRef: 'resource:default/tenant-acme',
  ...more,
});

/** Evaluates the default policy and returns the check `id`, failing when it is missing. */
export function check(
  evidence: TenantEvidence,
  id: string,
  now = NOW,
): CheckResult {
  const found = evaluate(defaultPolicy, evidence, now).checks.find(
    c => c.id === id,
  );
  if (!found) throw new Error(`no check ${id}`);
  return found;
}

/** A backup record taken `age` ms before NOW. */
export const backup = (id: string, age: number, more: object = {}) => ({
  id,
  takenAt: ago(age),
  sizeBytes: 1024,
  ...more,
});
