import { InputError } from '@backstage/errors';
import { BackupCheckError } from '../operation/errors';

/** Outcome of one verification check. @public */
export type CheckOutcome = 'pass' | 'fail' | 'warn' | 'skipped';

/** One verification check with its reason. @public */
export interface VerificationCheck {
  /** e.g. `size`, `format`, `checksum`, `toc`, `database`, `restore`, `tables`, `row-counts`, `tenant-row-counts`, `cleanup`. */
  id: string;
  status: CheckOutcome;
  detail: string;
}

/** Overall status of a list of checks: fail if any failed or none passed, else pass. @public */
export function overallStatus(checks: VerificationCheck[]): 'pass' | 'fail' {
  if (checks.some(c => c.status === 'fail')) {
    return 'fail';
  }
  return checks.some(c => c.status === 'pass') ? 'pass' : 'fail';
}

/** Pattern of a check id (e.g. `checksum`, `row-counts`). @public */
export const CHECK_ID_PATTERN = /^[a-z][a-z0-9-]{0,62}$/;

/** Validates a list of check ids whose warnings the caller accepts (e.g. `acceptWarnings`); throws InputError. @public */
export function assertCheckIds(value: unknown, field: string): string[] {
  if (value === undefined) {
    return [];
  }
  if (
    !Array.isArray(value) ||
    value.some(v => typeof v !== 'string' || !CHECK_ID_PATTERN.test(v))
  ) {
    throw new InputError(
      `${field} must be a list of check ids matching ${CHECK_ID_PATTERN}`,
    );
  }
  return [...new Set(value as string[])];
}

/** How a list of checks stands against a list of accepted warnings. @public */
export interface WarningAcceptance {
  /** Warnings that were accepted (by check id), for the run's record. */
  accepted: VerificationCheck[];
  /** Warnings nobody accepted: any of these blocks a cut-over. */
  unaccepted: VerificationCheck[];
}

/** Splits the `warn` checks into accepted and unaccepted ones. @public */
export function acceptWarnings(
  checks: VerificationCheck[],
  acceptedIds: readonly string[],
): WarningAcceptance {
  const warnings = checks.filter(c => c.status === 'warn');
  return {
    accepted: warnings.filter(c => acceptedIds.includes(c.id)),
    unaccepted: warnings.filter(c => !acceptedIds.includes(c.id)),
  };
}

/**
 * Returns the accepted warnings, or throws {@link BackupCheckError} naming every warning nobody
 * accepted: `action` (e.g. `Cut-over`) then does not happen. @public
 */
export function requireAcceptedWarnings(
  action: string,
  checks: VerificationCheck[],
  acceptedIds: readonly string[],
): VerificationCheck[] {
  const { accepted, unaccepted } = acceptWarnings(checks, acceptedIds);
  if (unaccepted.length > 0) {
    throw new BackupCheckError(
      `${action} refused: warnings nobody accepted (${unaccepted
        .map(c => `${c.id}: ${c.detail}`)
        .join('; ')}); pass acceptWarnings: [${unaccepted
        .map(c => `'${c.id}'`)
        .join(', ')}] to go ahead anyway`,
      checks,
    );
  }
  return accepted;
}
