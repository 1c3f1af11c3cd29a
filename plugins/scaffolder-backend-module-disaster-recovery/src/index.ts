/***/
/**
 * The disaster-recovery backend module for the scaffolder plugin.
 *
 * @packageDocumentation
 */

export { scaffolderModuleDisasterRecovery as default } from './module';
