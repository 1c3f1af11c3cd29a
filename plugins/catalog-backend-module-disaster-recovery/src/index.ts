/***/
/**
 * The disaster-recovery backend module for the catalog plugin.
 *
 * @packageDocumentation
 */

export { catalogModuleDisasterRecovery as default } from './module';
