import { DR_PREFIX } from '../annotations';

/** Kind names of the product's own catalog entities (apiVersion `dr.platform.io/v1alpha1`). @public */
export const DR_KINDS = {
  /** A recovery procedure for one or more disaster scenarios. */
  runbook: 'Runbook',
  /** An external service provider the platform depends on. */
  vendor: 'Vendor',
  /** One completion of a DR training course by one person. */
  trainingRecord: 'TrainingRecord',
} as const;

/**
 * Relation types the product adds to the catalog graph, each with its reverse. `ownedBy`/`ownerOf`
 * and `dependsOn`/`dependencyOf` are Backstage's own and are used as they are.
 *
 * @public
 */
export const DR_RELATIONS = {
  /** Runbook -> the system, resource (tenant, database) or component it is for. */
  appliesTo: 'appliesTo',
  /** Reverse of `appliesTo`: the target -> its runbook. */
  hasRunbook: 'hasRunbook',
  /** Vendor <-> vendor that can replace it (symmetric: emitted both ways with the same type). */
  alternativeOf: 'alternativeOf',
  /** TrainingRecord -> the User who completed the course. */
  trainingOf: 'trainingOf',
  /** Reverse of `trainingOf`: the User -> their training record. */
  hasTraining: 'hasTraining',
} as const;

/** Annotations the catalog module reads or writes, beside the shared `DR_ANNOTATIONS`. @public */
export const DR_CATALOG_ANNOTATIONS = {
  /** On a Group: the response role id its members hold (e.g. `incident-commander`). */
  responseRole: `${DR_PREFIX}/response-role`,
  /** On an ingested tenant: the id of the tenant provider instance that emitted it. */
  tenantProvider: `${DR_PREFIX}/tenant-provider`,
  /** On an ingested tenant: when the tenant was created in the registry (ISO 8601). */
  tenantCreatedAt: `${DR_PREFIX}/tenant-created-at`,
} as const;

/** Disaster scenario ids of the default policy (the plan's risk assessment). @public */
export const DR_SCENARIO_IDS = [
  'data-center-outage',
  'database-corruption',
  'cyber-attack',
  'natural-disaster',
  'human-error',
  'third-party-failure',
] as const;

/** Service categories a Vendor can have. @public */
export const VENDOR_CATEGORIES = [
  'cloud',
  'payment',
  'email',
  'cdn',
  'other',
] as const;

/** A Vendor's service category. @public */
export type VendorCategory = (typeof VENDOR_CATEGORIES)[number];

/** The incident response roles of the plan (each needs a trained primary and backup). @public */
export const DR_RESPONSE_ROLE_IDS = [
  'incident-commander',
  'technical-lead',
  'communications-lead',
  'business-lead',
  'devops-lead',
] as const;

/** Roles a runbook step can be assigned to: the response roles plus the on-call engineer. @public */
export const RUNBOOK_STEP_ROLES = [...DR_RESPONSE_ROLE_IDS, 'on-call'] as const;

/** A role a runbook step is assigned to. @public */
export type RunbookStepRole = (typeof RUNBOOK_STEP_ROLES)[number];

/** DR training course ids of the default policy. @public */
export const DR_TRAINING_COURSE_IDS = [
  'onboarding',
  'quarterly-dr-procedures',
  'annual-simulation',
  'cross-functional-drill',
] as const;
