import type {
  CheckStatus,
  RecoveryRunStatus,
  RecoveryRunStep,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';

/** The chip colour of a recovery run or step status: succeeded green, failed red, running amber, else grey. */
export function runStatusColor(
  status: RecoveryRunStatus | RecoveryRunStep['status'] | string,
): CheckStatus {
  switch (status) {
    case 'succeeded':
      return 'pass';
    case 'failed':
      return 'fail';
    case 'running':
      return 'warn';
    default:
      return 'unknown';
  }
}
