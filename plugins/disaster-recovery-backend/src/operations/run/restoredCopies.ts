import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { RestoredCopyItem } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import {
  DatabaseTarget,
  getTarget,
  listRestoredCopies,
} from '@dr-portal/backstage-plugin-disaster-recovery-node';
import { isSideSchemaOfTenant } from '../definitions/discardCopy';
import { resolveReadableEntity } from './permission';
import { currentTarget } from '../../failover/targetTopology';
import { OperationStores } from '../types';

/**
 * The restored copies (restore databases, databases kept by a cut-over, tenant side schemas) on
 * the primary of an entity's target, for `discard-copy`. Needs the posture read permission on
 * the entity; on a tenant Resource only that tenant's side schemas are listed.
 */
export async function listEntityRestoredCopies(
  deps: {
    catalog: CatalogService;
    permissions: PermissionsService;
    targets: ReadonlyMap<string, DatabaseTarget>;
    stores: Pick<OperationStores, 'topology'>;
  },
  entityRef: string,
  credentials: BackstageCredentials,
): Promise<RestoredCopyItem[]> {
  const entity = await resolveReadableEntity(deps, entityRef, credentials);
  const copies = await listRestoredCopies({
    target: await currentTarget(
      deps.stores.topology,
      getTarget(deps.targets, entity.target),
    ),
  });
  return entity.tenant
    ? copies.filter(c => isSideSchemaOfTenant(c, entity.tenant!.id))
    : copies;
}
