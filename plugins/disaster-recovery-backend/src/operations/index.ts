export { RecoveryOperationExecutor } from './RecoveryOperationExecutor';
export type { OperationCaller } from './run/caller';
export {
  createOperationsRouter,
  type OperationsRouterOptions,
} from './createOperationsRouter';
export { runOperation } from './runOperation';
export { registerOperationActions } from './registerOperationActions';
export {
  scheduleVerification,
  verifyAllDatabases,
  DEFAULT_VERIFICATION_SCHEDULE,
  VERIFICATION_TASK_ID,
  type ScheduleVerificationDeps,
} from './scheduleVerification';
export {
  scheduleBackups,
  backupAllDatabases,
  BACKUP_TASK_ID,
  type ScheduleBackupsDeps,
} from './scheduleBackups';
export {
  scheduleDrills,
  runDueDrills,
  DRILL_TASK_ID,
  type ScheduledDrillDeps,
  type DrillRoundSummary,
} from './scheduleDrills';
export {
  cleanUpDrillLeftovers,
  type DrillCleanupSummary,
} from './drillCleanup';
export {
  type ScheduledRunDeps,
  type ScheduledRoundSummary,
} from './scheduledRuns';
export {
  operationRequestSchema,
  operationParameterSchemas,
  parseOperationRequest,
  parseOperationParameters,
  type OperationRequest,
  type OperationParameters,
} from './parameters';
export { resolveEntity, type ResolvedEntity } from './resolveEntity';
export {
  type OperationStores,
  type RecoveryOperationExecutorOptions,
} from './types';
