/**
 * The disaster-recovery backend module for the scaffolder plugin: backup, verify, restore,
 * discard-copy and record-training actions that run through the disaster-recovery backend.
 *
 * @packageDocumentation
 */

export { scaffolderModuleDisasterRecovery as default } from './module';
export * from './actions';
