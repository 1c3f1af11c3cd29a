import {
  AuthService,
  PermissionsRegistryService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { isResourcePermission } from '@backstage/plugin-permission-common';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { disasterRecoveryPermissions } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { PostureStore } from '../database/PostureStore';
import { describeSubject } from '../posture/tenants';
import { DrEntityResource, drEntityPermissionResourceRef } from './resource';
import { drPermissionRules } from './rules';

/**
 * Registers the plugin's permissions, and its resource type with its rules (so a policy can
 * return `disasterRecoveryConditions`, and the permission backend can apply them to an entity
 * ref: owner and tier from the latest posture snapshot, else from the catalog).
 */
export function registerPermissions(
  registry: PermissionsRegistryService,
  deps: {
    postures: PostureStore;
    catalog: CatalogService;
    auth: AuthService;
  },
): void {
  registry.addPermissions(
    disasterRecoveryPermissions.filter(p => !isResourcePermission(p)),
  );
  registry.addResourceType({
    resourceRef: drEntityPermissionResourceRef,
    permissions: disasterRecoveryPermissions.filter(p =>
      isResourcePermission(p, drEntityPermissionResourceRef.resourceType),
    ),
    rules: Object.values(drPermissionRules),
    getResources: async refs => {
      const found = new Map<string, DrEntityResource>();
      for (const ref of refs) {
        const snapshot = await deps.postures.getPostureSnapshot(ref);
        if (snapshot) {
          found.set(ref, {
            entityRef: snapshot.entityRef,
            owner: snapshot.owner,
            tier: snapshot.tier,
          });
        }
      }
      const missing = refs.filter(r => !found.has(r));
      if (missing.length) {
        const { items } = await deps.catalog.getEntitiesByRefs(
          { entityRefs: missing },
          { credentials: await deps.auth.getOwnServiceCredentials() },
        );
        for (const entity of items) {
          if (!entity) continue;
          const subject = describeSubject(entity, new Map());
          found.set(stringifyEntityRef(entity), {
            entityRef: subject.entityRef,
            owner: subject.owner,
            tier: subject.tier,
          });
        }
      }
      return refs.map(ref => found.get(ref));
    },
  });
}
