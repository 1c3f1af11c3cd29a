import { backupOperation } from './definitions/backup';
import { discardCopyOperation } from './definitions/discardCopy';
import { FailoverSettingsMap } from './definitions/failoverSettingsOf';
import { promotionOperation } from './definitions/promotion';
import { reprotectOperation } from './definitions/reprotect';
import { restoreOperation } from './definitions/restore';
import { restorePitrOperation } from './definitions/restorePitr';
import { restoreTenantOperation } from './definitions/restoreTenant';
import { verifyOperation } from './definitions/verify';
import { OperationDefinition } from './operationDefinition';
import { RecoveryOperationName } from './types';

/**
 * The operations the executor runs, each backed by the `-node` library; switchover, failover and
 * reprotect act with the fencers, traffic switch and reprotect settings of each target's
 * `failover` block. The drill, which needs the policy, is made by the executor
 * (`createDrillOperation`).
 */
export function createOperationDefinitions(
  failoverSettings: FailoverSettingsMap,
): Record<Exclude<RecoveryOperationName, 'drill'>, OperationDefinition> {
  return {
    backup: backupOperation,
    verify: verifyOperation,
    restore: restoreOperation,
    'restore-tenant': restoreTenantOperation,
    'restore-pitr': restorePitrOperation,
    'discard-copy': discardCopyOperation,
    switchover: promotionOperation('switchover', failoverSettings),
    failover: promotionOperation('failover', failoverSettings),
    reprotect: reprotectOperation(failoverSettings),
  };
}
