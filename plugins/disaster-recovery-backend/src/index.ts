/**
 * The disaster-recovery backend plugin: evidence collectors, posture evaluation, REST API,
 * permissions and actions.
 *
 * @packageDocumentation
 */
export { disasterRecoveryPlugin as default } from './plugin';
export type {
  EvidenceStore,
  IndexedBackup,
  NewBackup,
  IndexCursor,
  PgBackRestBackupRecord,
  PgBackRestInfoSnapshot,
  ReplicationObservation,
  VerificationRecord,
  TargetLock,
  PostureSnapshot,
  PreviousPosture,
  FleetFilter,
  FleetFilterField,
  FleetPermissionFilter,
  BackupEvidenceSample,
  BackupPage,
  RecoveryRunQuery,
} from './database/EvidenceStore';
export { DatabaseEvidenceStore } from './database/DatabaseEvidenceStore';
export {
  disasterRecoveryConditions,
  createDisasterRecoveryConditionalDecision,
} from './permissions/conditions';
export {
  drEntityPermissionResourceRef,
  type DrEntityResource,
} from './permissions/resource';
export { drPermissionRules, isEntityOwner, hasTier } from './permissions/rules';
