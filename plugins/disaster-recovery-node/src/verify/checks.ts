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
