import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  DR_ANNOTATIONS,
  DR_CATALOG_ANNOTATIONS,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { TenantRecord } from './types';

/** How tenant entities are shaped beyond the registry's data. @public */
export interface TenantEntityOptions {
  /** Id of the provider instance (from config). */
  providerId: string;
  /** System the tenants are part of (default `ecommerce-platform`). */
  system: string;
  /** Entities every tenant depends on, e.g. its database (default `resource:ecommerce-primary`). */
  dependsOn: string[];
  /** Namespace of the tenant entities (default `default`). */
  namespace: string;
}

const NAME = /^[a-zA-Z0-9]([-_.a-zA-Z0-9]*[a-zA-Z0-9])?$/;
const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** The `managed-by-location` of the entities a provider instance emits. */
export function tenantLocationKey(providerId: string) {
  return `disaster-recovery-tenants:${providerId}`;
}

/**
 * Checks a registry snapshot before anything is emitted and throws an InputError listing the
 * problems (by tenant id and field) when a tenant cannot become an entity, or two tenants would
 * become the same entity.
 */
export function checkTenants(tenants: TenantRecord[], what: string) {
  const problems: string[] = [];
  const slugs = new Map<string, string>();
  const ids = new Set<string>();
  tenants.forEach((t, i) => {
    const at = `tenant ${
      typeof t.id === 'string' && t.id ? `'${t.id}'` : `#${i + 1}`
    }`;
    const text = (field: keyof TenantRecord) => {
      const value = t[field];
      if (typeof value !== 'string' || value.trim() === '') {
        problems.push(`${at}: ${field} must be a non-empty string`);
        return false;
      }
      return true;
    };
    if (text('id')) {
      if (ids.has(t.id)) problems.push(`${at}: id is not unique`);
      ids.add(t.id);
    }
    if (text('slug')) {
      if (t.slug.length > 63 || !NAME.test(t.slug)) {
        problems.push(
          `${at}: slug '${t.slug}' is not a valid entity name (letters, digits, '-', '_', '.'; at most 63 characters)`,
        );
      } else {
        const key = t.slug.toLocaleLowerCase('en-US');
        const other = slugs.get(key);
        if (other !== undefined) {
          problems.push(
            `${at}: slug '${t.slug}' is also the slug of tenant '${other}'`,
          );
        }
        slugs.set(key, t.id);
      }
    }
    text('name');
    if (text('tier') && !ID.test(t.tier)) {
      problems.push(
        `${at}: tier '${t.tier}' is not a policy id (lower-case, digits, '-')`,
      );
    }
    if (
      !Array.isArray(t.dataClasses) ||
      t.dataClasses.some(c => typeof c !== 'string' || !ID.test(c))
    ) {
      problems.push(
        `${at}: dataClasses must be a list of policy data class ids, got ${JSON.stringify(
          t.dataClasses,
        )}`,
      );
    }
    if (text('ownerGroup')) {
      try {
        parseEntityRef(t.ownerGroup, {
          defaultKind: 'group',
          defaultNamespace: 'default',
        });
      } catch {
        problems.push(
          `${at}: ownerGroup '${t.ownerGroup}' is not an entity ref`,
        );
      }
    }
    text('region');
    if (t.createdAt !== undefined && Number.isNaN(Date.parse(t.createdAt))) {
      problems.push(`${at}: createdAt '${t.createdAt}' is not a date`);
    }
  });
  if (problems.length > 0) {
    const shown = problems.slice(0, 20);
    throw new InputError(
      `${what} has ${problems.length} invalid tenant field${
        problems.length === 1 ? '' : 's'
      }; nothing was changed in the catalog:\n${shown
        .map(p => `  - ${p}`)
        .join('\n')}${
        problems.length > shown.length
          ? `\n  - ... and ${problems.length - shown.length} more`
          : ''
      }`,
    );
  }
}

/** A ref written in full (`group:default/team-a`), so that consumers can compare refs as strings. */
function fullRef(
  ref: string,
  defaultKind: string | undefined,
  namespace: string,
) {
  return stringifyEntityRef(
    parseEntityRef(ref, { defaultKind, defaultNamespace: namespace }),
  );
}

/**
 * The catalog entity of one tenant: a `Resource` of type `tenant`. Owner, system and dependencies
 * are written as full entity refs (`group:default/team-checkout`).
 *
 * @public
 */
export function tenantToEntity(
  tenant: TenantRecord,
  options: TenantEntityOptions,
): Entity {
  const location = tenantLocationKey(options.providerId);
  const annotations: Record<string, string> = {
    [ANNOTATION_LOCATION]: location,
    [ANNOTATION_ORIGIN_LOCATION]: location,
    [DR_ANNOTATIONS.tenantId]: tenant.id,
    [DR_ANNOTATIONS.tier]: tenant.tier,
    [DR_ANNOTATIONS.dataClasses]: tenant.dataClasses.join(','),
    [DR_ANNOTATIONS.region]: tenant.region,
    [DR_CATALOG_ANNOTATIONS.tenantProvider]: options.providerId,
  };
  if (tenant.createdAt) {
    annotations[DR_CATALOG_ANNOTATIONS.tenantCreatedAt] = new Date(
      tenant.createdAt,
    ).toISOString();
  }
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: tenant.slug,
      namespace: options.namespace,
      title: tenant.name,
      description: `Tenant ${tenant.name} (${tenant.id}), ${tenant.tier} tier, ${tenant.region}`,
      annotations,
      tags: ['tenant', tenant.tier],
    },
    spec: {
      type: 'tenant',
      owner: fullRef(tenant.ownerGroup, 'group', options.namespace),
      system: fullRef(options.system, 'system', options.namespace),
      dependsOn: options.dependsOn.map(ref =>
        fullRef(ref, undefined, options.namespace),
      ),
    },
  };
}
