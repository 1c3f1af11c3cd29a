import { createPermissionResourceRef } from '@backstage/plugin-permission-node';
import { FleetFilter } from '../database/PostureStore';

/** Resource type of the entities whose posture is read (the catalog's, since tenants are entities). */
export const DR_RESOURCE_TYPE = 'catalog-entity';

/** What the permission rules of this plugin see of an entity. @public */
export interface DrEntityResource {
  entityRef: string;
  /** Owner entity ref, e.g. `group:default/team-a`. */
  owner?: string;
  /** Tier id from policy. */
  tier?: string;
}

/**
 * The entities whose DR posture this plugin serves, as a permission resource: the rules apply to
 * one entity, and translate to a filter of the fleet query.
 *
 * @public
 */
export const drEntityPermissionResourceRef = createPermissionResourceRef<
  DrEntityResource,
  FleetFilter
>().with({
  pluginId: 'disaster-recovery',
  resourceType: DR_RESOURCE_TYPE,
});
