import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { DR_ANNOTATIONS } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { requestEntityRef } from '../posture/tenants';

/** An entity an operation acts on, resolved to the app-config target of its database. @public */
export interface ResolvedEntity {
  /** The entity as asked for (normalized ref). */
  entityRef: string;
  entity: Entity;
  /** The database Resource whose target is acted on (the entity itself for a database). */
  databaseRef: string;
  /** Target name (`dr.platform.io/target` of the database). */
  target: string;
  /** Present when the entity is a tenant. */
  tenant?: { id: string; name: string };
}

function specType(entity: Entity): string | undefined {
  const type = (entity.spec as { type?: unknown } | undefined)?.type;
  return typeof type === 'string' ? type : undefined;
}

function targetOf(entity: Entity): string {
  const target = entity.metadata.annotations?.[DR_ANNOTATIONS.target];
  if (!target) {
    throw new InputError(
      `Database ${stringifyEntityRef(entity)} has no ${
        DR_ANNOTATIONS.target
      } annotation naming its disaster-recovery target`,
    );
  }
  return target;
}

/**
 * Resolves an entity ref through the catalog, with the caller's credentials (so an entity the
 * caller may not see is not found): a database Resource resolves to its own target, a tenant
 * Resource to the target of the database Resource it depends on.
 *
 * @public
 */
export async function resolveEntity(
  catalog: CatalogService,
  rawRef: string,
  credentials: BackstageCredentials,
): Promise<ResolvedEntity> {
  const ref = requestEntityRef(rawRef, 'entityRef');
  const entity = await catalog.getEntityByRef(ref, { credentials });
  if (!entity) {
    throw new NotFoundError(`Entity ${ref} not found in the catalog`);
  }
  if (entity.kind.toLowerCase() !== 'resource') {
    throw new InputError(
      `Entity ${ref} is a ${entity.kind}; recovery operations act on database or tenant Resources`,
    );
  }
  const type = specType(entity);
  if (type === 'database') {
    return {
      entityRef: ref,
      entity,
      databaseRef: ref,
      target: targetOf(entity),
    };
  }
  if (type === 'tenant') {
    const tenantId =
      entity.metadata.annotations?.[DR_ANNOTATIONS.tenantId] ??
      entity.metadata.name;
    const dependsOn = ((entity.spec as { dependsOn?: unknown }).dependsOn ??
      []) as unknown[];
    const candidates = dependsOn
      .filter((d): d is string => typeof d === 'string')
      .map(d => {
        try {
          return stringifyEntityRef(
            parseEntityRef(d, {
              defaultKind: 'resource',
              defaultNamespace: entity.metadata.namespace ?? 'default',
            }),
          );
        } catch {
          return undefined;
        }
      })
      .filter((d): d is string => !!d && d.startsWith('resource:'));
    if (candidates.length === 0) {
      throw new InputError(
        `Tenant ${ref} does not depend on a database Resource (spec.dependsOn)`,
      );
    }
    const { items } = await catalog.getEntitiesByRefs(
      { entityRefs: candidates },
      { credentials },
    );
    const databases = items.filter(
      (e): e is Entity => !!e && specType(e) === 'database',
    );
    if (databases.length === 0) {
      throw new NotFoundError(
        `The database Resource of tenant ${ref} (${candidates.join(
          ', ',
        )}) was not found in the catalog`,
      );
    }
    if (databases.length > 1) {
      throw new InputError(
        `Tenant ${ref} depends on several databases (${databases
          .map(d => stringifyEntityRef(d))
          .join(', ')}); run the operation on the database Resource instead`,
      );
    }
    const database = databases[0];
    return {
      entityRef: ref,
      entity,
      databaseRef: stringifyEntityRef(database),
      target: targetOf(database),
      tenant: { id: tenantId, name: entity.metadata.name },
    };
  }
  throw new InputError(
    `Entity ${ref} is a Resource of type ${JSON.stringify(
      type ?? '',
    )}; recovery operations act on Resources of type database or tenant`,
  );
}
