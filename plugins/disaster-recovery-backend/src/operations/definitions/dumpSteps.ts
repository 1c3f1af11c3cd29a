import { OperationOutcome } from '../operationDefinition';

/**
 * What the restores of a dump (restore, tenant restore, drill) share: the planned steps they start
 * with, how their plans speak of accepted warnings, and the outcome they record.
 */

/** Names the backup a restore will use and its restore point. */
export function locateStep(location: string, takenAt: string) {
  return {
    id: 'locate',
    title: 'Locate the backup',
    detail: `${location}, taken ${takenAt} (restore point)`,
  };
}

/** Downloads the dump and checks its SHA-256. */
export function downloadStep(detail: string) {
  return {
    id: 'download',
    title: 'Download the dump and check its SHA-256',
    detail,
  };
}

/** The warnings a caller accepted, as a plan says them ("accepted: a, b" or "none accepted"). */
export function acceptedWarningsText(acceptWarnings: string[]): string {
  return acceptWarnings.length
    ? `accepted: ${acceptWarnings.join(', ')}`
    : 'none accepted';
}

/**
 * The outcome of a restore of a dump: a recovery whose RTO and data loss are measured, at the
 * backup's restore point, with the dump, the checks and the accepted warnings as evidence next to
 * what the restore made (`made`).
 */
export function dumpRestoreOutcome(
  result: {
    restorePoint: string;
    key: string;
    sha256: string;
    checks: unknown;
    acceptedWarnings: unknown;
  },
  made: Record<string, unknown>,
): OperationOutcome {
  return {
    measuresRecovery: true,
    restorePoint: result.restorePoint,
    output: {
      key: result.key,
      sha256: result.sha256,
      ...made,
      checks: result.checks,
      acceptedWarnings: result.acceptedWarnings,
    },
  };
}
