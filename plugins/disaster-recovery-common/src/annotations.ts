/** Prefix of every annotation, label and apiVersion of the product. @public */
export const DR_PREFIX = 'dr.platform.io';

/** apiVersion of the product's own catalog kinds (Runbook, Vendor, TrainingRecord). @public */
export const DR_API_VERSION = `${DR_PREFIX}/v1alpha1`;

/** Annotations the product reads on catalog entities. @public */
export const DR_ANNOTATIONS = {
  /** Tier name from policy (e.g. `standard`, `critical`). On tenants. */
  tier: `${DR_PREFIX}/tier`,
  /** Comma-separated data class ids from policy (e.g. `customer-pii,transactions`). On tenants. */
  dataClasses: `${DR_PREFIX}/data-classes`,
  /** Name of the target in app-config `disasterRecovery.targets` (connection details live there, never in the catalog). On databases. */
  target: `${DR_PREFIX}/target`,
  /** Tenant id in the platform's tenant registry. On tenants. */
  tenantId: `${DR_PREFIX}/tenant-id`,
  /** Region of the entity (e.g. `us-east-1`). */
  region: `${DR_PREFIX}/region`,
} as const;
