import { Entity } from '@backstage/catalog-model';
import type { FilterPredicate } from '@backstage/filter-predicates';

const DR_API_VERSION = 'dr.platform.io/v1alpha1';

function eq(a: unknown, b: string): boolean {
  return (
    typeof a === 'string' &&
    a.toLocaleLowerCase('en-US') === b.toLocaleLowerCase('en-US')
  );
}

/** Entity predicate (new frontend system) of the entities with a DR posture: tenant and database resources, and systems. */
export const drPostureEntityPredicate: FilterPredicate = {
  $any: [
    { kind: 'resource', 'spec.type': { $in: ['tenant', 'database'] } },
    { kind: 'system' },
  ],
};

/** Entity predicate of database Resources (their tenants card). */
export const drDatabaseEntityPredicate: FilterPredicate = {
  kind: 'resource',
  'spec.type': 'database',
};

/** Whether an entity has a DR posture (for the legacy `EntitySwitch`): a tenant or database resource, or a system. @public */
export function isDisasterRecoveryAvailable(entity: Entity): boolean {
  return eq(entity.kind, 'system') || hasDatabaseTarget(entity);
}

/** Whether an entity acts on a database target: a database Resource, or a tenant in one. */
export function hasDatabaseTarget(entity: Entity): boolean {
  const type = (entity.spec as { type?: unknown } | undefined)?.type;
  return (
    eq(entity.kind, 'resource') && (eq(type, 'tenant') || eq(type, 'database'))
  );
}

/** Entity predicate of one of the product's own kinds. */
export function drKindPredicate(
  kind: 'Runbook' | 'Vendor' | 'TrainingRecord',
): FilterPredicate {
  return { kind, apiVersion: DR_API_VERSION };
}

function isDrKind(entity: Entity, kind: string): boolean {
  return eq(entity.kind, kind) && eq(entity.apiVersion, DR_API_VERSION);
}

/** Whether an entity is a Runbook (dr.platform.io/v1alpha1). @public */
export const isRunbookEntity = (entity: Entity) => isDrKind(entity, 'Runbook');
/** Whether an entity is a Vendor (dr.platform.io/v1alpha1). @public */
export const isVendorEntity = (entity: Entity) => isDrKind(entity, 'Vendor');
/** Whether an entity is a TrainingRecord (dr.platform.io/v1alpha1). @public */
export const isTrainingRecordEntity = (entity: Entity) =>
  isDrKind(entity, 'TrainingRecord');
