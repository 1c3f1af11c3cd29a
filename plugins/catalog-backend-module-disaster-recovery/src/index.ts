/**
 * The disaster-recovery backend module for the catalog plugin: the Runbook, Vendor and
 * TrainingRecord kinds (schema-validated, with relations both ways) and the tenant entity provider.
 *
 * @packageDocumentation
 */

export { catalogModuleDisasterRecovery as default } from './module';
export { DisasterRecoveryEntitiesProcessor } from './processor/DisasterRecoveryEntitiesProcessor';
export { disasterRecoveryCatalogModel } from './model/disasterRecoveryCatalogModel';
export { TenantEntityProvider } from './providers/TenantEntityProvider';
export type {
  TenantEntityProviderOptions,
  TenantRefreshResult,
} from './providers/TenantEntityProvider';
export { tenantToEntity } from './providers/tenantToEntity';
export type { TenantEntityOptions } from './providers/tenantToEntity';
export { PostgresTenantSource } from './providers/PostgresTenantSource';
export type { TenantDatabaseConfig } from './providers/PostgresTenantSource';
export {
  DocumentTenantSource,
  tenantsFromDocument,
} from './providers/DocumentTenantSource';
export {
  readTenantProviders,
  TENANT_PROVIDERS_CONFIG_KEY,
} from './providers/readTenantProviders';
export type { TenantRecord, TenantSource } from './providers/types';
export {
  TrainingRecordEntityProvider,
  storedTrainingRecordToEntity,
  trainingRecordEntityName,
  TRAINING_RECORD_PROVIDER_CONFIG_KEY,
} from './providers/TrainingRecordEntityProvider';
export type {
  TrainingRecordEntityProviderOptions,
  TrainingRecordRefreshResult,
} from './providers/TrainingRecordEntityProvider';
