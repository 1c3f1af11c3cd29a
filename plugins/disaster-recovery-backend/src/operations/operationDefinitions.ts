import { DrPolicy } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { backupOperation } from './definitions/backup';
import { discardCopyOperation } from './definitions/discardCopy';
import { createDrillOperation } from './definitions/drill';
import { FailoverSettingsMap } from './definitions/failoverSettingsOf';
import { promotionOperation } from './definitions/promotion';
import { reprotectOperation } from './definitions/reprotect';
import { restoreOperation } from './definitions/restore';
import { restorePitrOperation } from './definitions/restorePitr';
import { restoreTenantOperation } from './definitions/restoreTenant';
import { verifyOperation } from './definitions/verify';
import { OperationDefinition } from './operationDefinition';
import { RecoveryOperationName } from './types';

/** A definition for every operation the executor runs. */
export type OperationDefinitions = Record<
  RecoveryOperationName,
  OperationDefinition
>;

/**
 * The operations the executor runs, each backed by the `-node` library; switchover, failover and
 * reprotect act with the fencers, traffic switch and reprotect settings of each target's
 * `failover` block; the drill rehearses the policy's scenarios.
 */
export function createOperationDefinitions(options: {
  failover: FailoverSettingsMap;
  /** The policy whose scenarios drills rehearse and are judged against. */
  policy: DrPolicy;
  /** Where drills make their work directories (default the OS temp dir). */
  drillWorkDirectory?: string;
}): OperationDefinitions {
  const failoverSettings = options.failover;
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
    drill: createDrillOperation({
      policy: options.policy,
      workBase: options.drillWorkDirectory,
      failover: failoverSettings,
    }),
  };
}
