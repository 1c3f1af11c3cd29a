/**
 * The disaster-recovery backend module for the scaffolder plugin: backup, verify and restore
 * actions that run through the disaster-recovery backend.
 *
 * @packageDocumentation
 */

export { scaffolderModuleDisasterRecovery as default } from './module';
export * from './actions';
export {
  DisasterRecoveryApiClient,
  type DisasterRecoveryApi,
  type DisasterRecoveryRequestOptions,
  type RecoveryOperation,
  type StartOperationRequest,
} from './client/DisasterRecoveryApiClient';
