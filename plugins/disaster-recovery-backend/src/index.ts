/**
 * The disaster-recovery backend plugin: evidence collectors, posture evaluation, REST API,
 * permissions and actions.
 *
 * @packageDocumentation
 */
export { disasterRecoveryPlugin as default } from './plugin';
export {
  initializePersistenceContext,
  MIGRATIONS_DIRECTORY,
  type PersistenceContext,
} from './database/persistenceContext';
export type {
  BackupStore,
  NewBackup,
  IndexCursor,
  IndexedBackup,
  BackupEvidenceSample,
  BackupPage,
} from './database/BackupStore';
export type {
  ObservationStore,
  PgBackRestBackupRecord,
  PgBackRestInfoSnapshot,
  ReplicationObservation,
} from './database/ObservationStore';
export type {
  VerificationStore,
  VerificationRecord,
} from './database/VerificationStore';
export type {
  RunStore,
  TargetLock,
  RecoveryRunQuery,
} from './database/RunStore';
export type {
  PostureStore,
  PostureSnapshot,
  PreviousPosture,
  FleetFilter,
  FleetFilterField,
  FleetPermissionFilter,
  FleetPage,
} from './database/PostureStore';
export type { TrainingStore } from './database/TrainingStore';
export type {
  TopologyStore,
  TargetTopology,
  ConfiguredServer,
} from './database/TopologyStore';
export type {
  IncidentStore,
  NewIncident,
  IncidentChange,
  IncidentQuery,
} from './database/IncidentStore';
export {
  disasterRecoveryConditions,
  createDisasterRecoveryConditionalDecision,
} from './permissions/conditions';
export {
  drEntityPermissionResourceRef,
  type DrEntityResource,
} from './permissions/resource';
export { drPermissionRules, isEntityOwner, hasTier } from './permissions/rules';
