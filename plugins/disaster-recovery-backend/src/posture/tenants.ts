import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  RELATION_DEPENDS_ON,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  DR_ANNOTATIONS,
  normalizeEntityRefStrict,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';

/** Catalog filter of the tenants. */
export const TENANT_FILTER = { kind: 'resource', 'spec.type': 'tenant' };
/** Catalog filter of the databases. */
export const DATABASE_FILTER = { kind: 'resource', 'spec.type': 'database' };

/** A tenant (or any entity with DR evidence) as the posture code sees it. @public */
export interface PostureSubject {
  entity: Entity;
  entityRef: string;
  title: string;
  tier?: string;
  dataClasses?: string[];
  /** Owner entity ref (e.g. `group:default/team-a`). */
  owner?: string;
  region?: string;
  /** Target name from app-config whose evidence applies (the entity's or its database's). */
  target?: string;
  /** The database entity whose target applies (the first it depends on that has one). */
  database?: string;
  /** Refs the entity depends on (its databases). */
  dependsOn: string[];
  /** The system it is part of, as a ref. */
  system?: string;
}

function refOrUndefined(
  ref: unknown,
  defaults: { defaultKind: string; defaultNamespace: string },
): string | undefined {
  if (typeof ref !== 'string' || !ref) return undefined;
  try {
    return stringifyEntityRef(parseEntityRef(ref, defaults));
  } catch {
    return undefined;
  }
}

/** The owner of an entity as a full ref: its ownedBy relation, else `spec.owner`. */
export function ownerOf(entity: Entity): string | undefined {
  const relation = entity.relations?.find(r => r.type === RELATION_OWNED_BY);
  if (relation) return relation.targetRef;
  return refOrUndefined(entity.spec?.owner, {
    defaultKind: 'group',
    defaultNamespace: entity.metadata.namespace ?? 'default',
  });
}

/** The refs an entity depends on: its dependsOn relations and `spec.dependsOn`. */
export function dependenciesOf(entity: Entity): string[] {
  const refs = new Set<string>();
  for (const r of entity.relations ?? []) {
    if (r.type === RELATION_DEPENDS_ON) refs.add(r.targetRef);
  }
  const spec = entity.spec?.dependsOn;
  for (const ref of Array.isArray(spec) ? spec : []) {
    const full = refOrUndefined(ref, {
      defaultKind: 'resource',
      defaultNamespace: entity.metadata.namespace ?? 'default',
    });
    if (full) refs.add(full);
  }
  return [...refs];
}

/**
 * Describes an entity for posture: tier, data classes and region from its annotations, owner,
 * and the app-config target of its evidence — its own `dr.platform.io/target` annotation, else
 * that of the first database it depends on (`targetsByRef`: database ref -> target).
 */
export function describeSubject(
  entity: Entity,
  targetsByRef: ReadonlyMap<string, string>,
): PostureSubject {
  const annotations = entity.metadata.annotations ?? {};
  const dependsOn = dependenciesOf(entity);
  const dataClasses = annotations[DR_ANNOTATIONS.dataClasses];
  const database = dependsOn.find(ref => targetsByRef.get(ref));
  const target =
    annotations[DR_ANNOTATIONS.target] ??
    (database ? targetsByRef.get(database) : undefined);
  return {
    entity,
    entityRef: stringifyEntityRef(entity),
    title: entity.metadata.title ?? entity.metadata.name,
    tier: annotations[DR_ANNOTATIONS.tier] || undefined,
    dataClasses:
      dataClasses === undefined
        ? undefined
        : dataClasses
            .split(',')
            .map(s => s.trim())
            .filter(Boolean),
    owner: ownerOf(entity),
    region: annotations[DR_ANNOTATIONS.region] || undefined,
    target,
    database,
    dependsOn,
    system: refOrUndefined(entity.spec?.system, {
      defaultKind: 'system',
      defaultNamespace: entity.metadata.namespace ?? 'default',
    }),
  };
}

/** Pages through every entity matching a filter with `queryEntities` (cursor paging). */
export async function* queryAllEntities(
  catalog: CatalogService,
  credentials: BackstageCredentials,
  filter: Record<string, string>,
  pageSize = 500,
): AsyncGenerator<Entity[]> {
  let cursor: string | undefined;
  do {
    const page = cursor
      ? await catalog.queryEntities(
          { cursor, limit: pageSize },
          { credentials },
        )
      : await catalog.queryEntities(
          {
            filter,
            limit: pageSize,
            orderFields: { field: 'metadata.name', order: 'asc' },
          },
          { credentials },
        );
    if (page.items.length) yield page.items;
    cursor = page.pageInfo.nextCursor;
  } while (cursor);
}

/** Database ref -> app-config target name, for every database entity with a target annotation. */
export async function loadDatabaseTargets(
  catalog: CatalogService,
  credentials: BackstageCredentials,
): Promise<Map<string, string>> {
  const targets = new Map<string, string>();
  for await (const page of queryAllEntities(
    catalog,
    credentials,
    DATABASE_FILTER,
  )) {
    for (const entity of page) {
      const target = entity.metadata.annotations?.[DR_ANNOTATIONS.target];
      if (target) targets.set(stringifyEntityRef(entity), target);
    }
  }
  return targets;
}

/** Target names of the databases a single entity depends on (for on-read evaluation). */
export async function loadTargetsOf(
  catalog: CatalogService,
  credentials: BackstageCredentials,
  entity: Entity,
): Promise<Map<string, string>> {
  const refs = dependenciesOf(entity);
  const targets = new Map<string, string>();
  if (!refs.length) return targets;
  const { items } = await catalog.getEntitiesByRefs(
    { entityRefs: refs },
    { credentials },
  );
  for (const db of items) {
    const target = db?.metadata.annotations?.[DR_ANNOTATIONS.target];
    if (db && target) targets.set(stringifyEntityRef(db), target);
  }
  return targets;
}

/**
 * An entity ref that comes from a request (route parameters, query, body, action input), in
 * normalized form; a ref without kind names a Resource. An InputError naming `parameter` when it
 * is not a valid entity ref, before anything is looked up.
 */
export function requestEntityRef(
  value: string | { kind: string; namespace: string; name: string } | unknown,
  parameter: string,
): string {
  return normalizeEntityRefStrict(value, parameter, {
    defaultKind: 'resource',
  });
}
