/**
 * Frontend of the disaster-recovery plugin set: fleet posture page, entity DR tab, DR posture card,
 * Runbook / Vendor / TrainingRecord cards.
 *
 * The default export is the plugin for the new frontend system; the named `disasterRecoveryPlugin`
 * and its components are for apps on the legacy frontend system.
 *
 * @packageDocumentation
 */

export { disasterRecoveryFrontendPlugin as default } from './plugin';
export {
  disasterRecoveryFrontendPlugin,
  disasterRecoveryApi,
  disasterRecoveryPage,
  disasterRecoveryRunPage,
  incidentDeskPage,
  disasterRecoveryEntityContent,
  drPostureEntityCard,
  databaseTenantsEntityCard,
  runbookEntityCard,
  vendorEntityCard,
  trainingRecordEntityCard,
  userTrainingEntityCard,
} from './plugin';
export {
  disasterRecoveryPlugin,
  DisasterRecoveryPage,
  DisasterRecoveryRunPage,
  DisasterRecoveryIncidentsPage,
  EntityDisasterRecoveryContent,
  EntityDrPostureCard,
  EntityDrDatabaseTenantsCard,
  EntityRunbookCard,
  EntityVendorCard,
  EntityTrainingRecordCard,
  EntityDrUserTrainingCard,
  DrBackupPickerFieldExtension,
  DrRestoredCopyPickerFieldExtension,
  DrPointInTimePickerFieldExtension,
  DrIncidentPickerFieldExtension,
} from './legacyPlugin';
export type { RecoveryPickerUiOptions } from './components/scaffolderFields';
export { DrHomeSummary } from './components/HomeSummary';
export {
  rootRouteRef as disasterRecoveryRouteRef,
  runRouteRef as disasterRecoveryRunRouteRef,
  incidentsRouteRef as disasterRecoveryIncidentsRouteRef,
} from './routes';
export * from './api';
export {
  isDisasterRecoveryAvailable,
  isRunbookEntity,
  isVendorEntity,
  isTrainingRecordEntity,
} from './filters';
