export {
  createBackupCreateAction,
  BACKUP_CREATE_ACTION_ID,
} from './backupCreate';
export {
  createBackupVerifyAction,
  BACKUP_VERIFY_ACTION_ID,
} from './backupVerify';
export {
  createDatabaseRestoreAction,
  DATABASE_RESTORE_ACTION_ID,
} from './databaseRestore';
export {
  createRestoredCopyDiscardAction,
  RESTORED_COPY_DISCARD_ACTION_ID,
} from './restoredCopyDiscard';
export { createDrillRunAction, DRILL_RUN_ACTION_ID } from './drillRun';
export {
  createFailoverPreflightAction,
  FAILOVER_PREFLIGHT_ACTION_ID,
} from './failoverPreflight';
export {
  createFailoverSwitchoverAction,
  createFailoverFailoverAction,
  FAILOVER_SWITCHOVER_ACTION_ID,
  FAILOVER_FAILOVER_ACTION_ID,
} from './failoverPromotion';
export {
  createFailoverReprotectAction,
  FAILOVER_REPROTECT_ACTION_ID,
} from './failoverReprotect';
export {
  createTrainingRecordAction,
  TRAINING_RECORD_ACTION_ID,
  type TrainingRecordActionOptions,
} from './trainingRecord';
export {
  createIncidentDeclareAction,
  INCIDENT_DECLARE_ACTION_ID,
} from './incidentDeclare';
export type { DisasterRecoveryActionOptions } from './helpers';
