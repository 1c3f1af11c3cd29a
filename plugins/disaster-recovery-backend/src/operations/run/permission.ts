import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  disasterRecoveryPostureReadPermission,
  RecoveryRun,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { OperationDefinition } from '../operationDefinition';
import { resolveEntity, ResolvedEntity } from '../resolveEntity';

/** Throws NotAllowedError unless the caller has the permission on the entity. */
export async function authorizeOnEntity(
  permissions: PermissionsService,
  permission: ResourcePermission<'catalog-entity'>,
  entityRef: string,
  credentials: BackstageCredentials,
  refusal = `Not allowed to ${permission.name} on ${entityRef}`,
): Promise<void> {
  const [decision] = await permissions.authorize(
    [{ permission, resourceRef: entityRef }],
    { credentials },
  );
  if (decision.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError(refusal);
  }
}

/**
 * Checks the further permissions a prepared run needs besides its operation's (a live switchover
 * drill: failover and failback), on the entity's database.
 */
export async function authorizePrepared(
  permissions: PermissionsService,
  options: {
    definition: Pick<OperationDefinition, 'alsoRequires'>;
    prepared: unknown;
    entity: Pick<ResolvedEntity, 'databaseRef'>;
    credentials: BackstageCredentials;
  },
): Promise<void> {
  const { definition, prepared, entity, credentials } = options;
  for (const permission of definition.alsoRequires?.(prepared) ?? []) {
    await authorizeOnEntity(
      permissions,
      permission,
      entity.databaseRef,
      credentials,
    );
  }
}

/**
 * Checks an operation's permission on the entity, and on its database too when the entity is a
 * tenant and the operation acts on the whole database.
 */
export async function authorizeOperation(
  permissions: PermissionsService,
  definition: Pick<OperationDefinition, 'permission' | 'affectsWholeDatabase'>,
  entity: Pick<ResolvedEntity, 'entityRef' | 'databaseRef'>,
  credentials: BackstageCredentials,
): Promise<void> {
  await authorizeOnEntity(
    permissions,
    definition.permission,
    entity.entityRef,
    credentials,
  );
  if (
    definition.affectsWholeDatabase &&
    entity.databaseRef !== entity.entityRef
  ) {
    await authorizeOnEntity(
      permissions,
      definition.permission,
      entity.databaseRef,
      credentials,
    );
  }
}

/**
 * Cancelling a run needs its operation's permission on the run's entity; a run of an operation
 * without a definition here is not cancellable.
 */
export async function authorizeCancel(
  permissions: PermissionsService,
  definition: Pick<OperationDefinition, 'permission'> | undefined,
  run: Pick<RecoveryRun, 'id' | 'operation' | 'entityRef'>,
  credentials: BackstageCredentials,
): Promise<void> {
  if (!definition) {
    throw new InputError(
      `Run ${run.id} is a ${run.operation}, which is not cancellable here`,
    );
  }
  await authorizeOnEntity(
    permissions,
    definition.permission,
    run.entityRef,
    credentials,
  );
}

/** Reading a run needs the posture read permission on the run's entity. */
export async function authorizeRunRead(
  permissions: PermissionsService,
  entityRef: string,
  credentials: BackstageCredentials,
): Promise<void> {
  await authorizeOnEntity(
    permissions,
    disasterRecoveryPostureReadPermission,
    entityRef,
    credentials,
    `Not allowed to read runs of ${entityRef}`,
  );
}

/**
 * Resolves an entity with the caller's credentials and checks that they may read its posture:
 * what every read of an entity's target (restored copies, topology) needs.
 */
export async function resolveReadableEntity(
  deps: { catalog: CatalogService; permissions: PermissionsService },
  entityRef: string,
  credentials: BackstageCredentials,
): Promise<ResolvedEntity> {
  const entity = await resolveEntity(deps.catalog, entityRef, credentials);
  await authorizeOnEntity(
    deps.permissions,
    disasterRecoveryPostureReadPermission,
    entity.entityRef,
    credentials,
  );
  return entity;
}
