/**
 * The disaster-recovery backend module for the catalog plugin: the Runbook, Vendor and
 * TrainingRecord kinds (schema-validated, with relations both ways) and the tenant entity provider.
 *
 * @packageDocumentation
 */

export { catalogModuleDisasterRecovery as default } from './module';
export { DisasterRecoveryEntitiesProcessor } from './processor/DisasterRecoveryEntitiesProcessor';
export { disasterRecoveryCatalogModel } from './model/disasterRecoveryCatalogModel';
export { TenantEntityProvider } from './provider/TenantEntityProvider';
export type {
  TenantEntityProviderOptions,
  TenantRefreshResult,
} from './provider/TenantEntityProvider';
export { tenantToEntity } from './provider/tenantToEntity';
export type { TenantEntityOptions } from './provider/tenantToEntity';
export { PostgresTenantSource } from './provider/PostgresTenantSource';
export type { TenantDatabaseConfig } from './provider/PostgresTenantSource';
export {
  DocumentTenantSource,
  tenantsFromDocument,
} from './provider/DocumentTenantSource';
export {
  readTenantProviders,
  TENANT_PROVIDERS_CONFIG_KEY,
} from './provider/readTenantProviders';
export type { TenantRecord, TenantSource } from './provider/types';
export {
  TrainingRecordEntityProvider,
  storedTrainingRecordToEntity,
  trainingRecordEntityName,
  TRAINING_RECORD_PROVIDER_CONFIG_KEY,
} from './providers/TrainingRecordEntityProvider';
export type {
  TrainingRecordEntityProviderOptions,
  TrainingRecordRefreshResult,
  StoredTrainingRecord,
} from './providers/TrainingRecordEntityProvider';
