import {
  BasicPermission,
  createPermission,
  PermissionAttributes,
  ResourcePermission,
} from '@backstage/plugin-permission-common';

/** Resource type of the catalog entities (tenants, databases) the permissions apply to. */
const CATALOG_ENTITY = 'catalog-entity';

type PermissionAction = NonNullable<PermissionAttributes['action']>;

/** A permission checked per catalog entity (tenant or database). */
function entityPermission(
  name: string,
  action: PermissionAction,
): ResourcePermission<'catalog-entity'> {
  return createPermission({
    name,
    attributes: { action },
    resourceType: CATALOG_ENTITY,
  });
}

/** A permission not tied to an entity. */
function basicPermission(
  name: string,
  action: PermissionAction,
): BasicPermission {
  return createPermission({ name, attributes: { action } });
}

/** Read an entity's DR posture, its evidence and backups (checked per entity). @public */
export const disasterRecoveryPostureReadPermission = entityPermission(
  'disaster-recovery.posture.read',
  'read',
);

/** Take a backup of an entity's database. @public */
export const disasterRecoveryBackupCreatePermission = entityPermission(
  'disaster-recovery.backup.create',
  'create',
);

/** Verify an entity's backups (checksum, listing, restore into a scratch database). @public */
export const disasterRecoveryBackupVerifyPermission = entityPermission(
  'disaster-recovery.backup.verify',
  'update',
);

/** Restore an entity's database from a backup or to a point in time. @public */
export const disasterRecoveryDatabaseRestorePermission = entityPermission(
  'disaster-recovery.database.restore',
  'update',
);

/** Fail an entity's database over to its standby. @public */
export const disasterRecoveryDatabaseFailoverPermission = entityPermission(
  'disaster-recovery.database.failover',
  'update',
);

/** Fail an entity's database back to its original primary. @public */
export const disasterRecoveryDatabaseFailbackPermission = entityPermission(
  'disaster-recovery.database.failback',
  'update',
);

/** Run a DR drill of a scenario against an entity. @public */
export const disasterRecoveryDrillRunPermission = entityPermission(
  'disaster-recovery.drill.run',
  'update',
);

/** Declare an incident for an entity and send its communication. @public */
export const disasterRecoveryIncidentNotifyPermission = entityPermission(
  'disaster-recovery.incident.notify',
  'create',
);

/**
 * Declare an incident, checked on every entity it affects (an owner may declare for their own
 * entities); one that names no entity needs an unconditional allow. @public
 */
export const disasterRecoveryIncidentDeclarePermission = entityPermission(
  'disaster-recovery.incident.declare',
  'create',
);

/** Post a status update on an incident, assign its roles, acknowledge its escalation. @public */
export const disasterRecoveryIncidentUpdatePermission = basicPermission(
  'disaster-recovery.incident.update',
  'update',
);

/** Resolve an incident with its root cause. @public */
export const disasterRecoveryIncidentResolvePermission = basicPermission(
  'disaster-recovery.incident.resolve',
  'update',
);

/** Record a completed DR training (not tied to an entity). @public */
export const disasterRecoveryTrainingRecordPermission = basicPermission(
  'disaster-recovery.training.record',
  'create',
);

/** Every permission of the disaster-recovery plugins, for registration with the permission framework. @public */
export const disasterRecoveryPermissions = [
  disasterRecoveryPostureReadPermission,
  disasterRecoveryBackupCreatePermission,
  disasterRecoveryBackupVerifyPermission,
  disasterRecoveryDatabaseRestorePermission,
  disasterRecoveryDatabaseFailoverPermission,
  disasterRecoveryDatabaseFailbackPermission,
  disasterRecoveryDrillRunPermission,
  disasterRecoveryIncidentNotifyPermission,
  disasterRecoveryIncidentDeclarePermission,
  disasterRecoveryIncidentUpdatePermission,
  disasterRecoveryIncidentResolvePermission,
  disasterRecoveryTrainingRecordPermission,
];
