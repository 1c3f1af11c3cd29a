import { backupOperation } from './definitions/backup';
import { discardCopyOperation } from './definitions/discardCopy';
import { restoreOperation } from './definitions/restore';
import { restorePitrOperation } from './definitions/restorePitr';
import { restoreTenantOperation } from './definitions/restoreTenant';
import { verifyOperation } from './definitions/verify';
import { OperationDefinition } from './operationDefinition';
import { RecoveryOperationName } from './types';

/** The operations the executor runs, each backed by the `-node` library. */
export const operationDefinitions: Record<
  RecoveryOperationName,
  OperationDefinition
> = {
  backup: backupOperation,
  verify: verifyOperation,
  restore: restoreOperation,
  'restore-tenant': restoreTenantOperation,
  'restore-pitr': restorePitrOperation,
  'discard-copy': discardCopyOperation,
};
