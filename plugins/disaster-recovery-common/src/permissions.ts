import { createPermission } from '@backstage/plugin-permission-common';

/** Resource type of the catalog entities (tenants, databases) the permissions apply to. */
const CATALOG_ENTITY = 'catalog-entity';

/** Read an entity's DR posture, its evidence and backups (checked per entity). @public */
export const disasterRecoveryPostureReadPermission = createPermission({
  name: 'disaster-recovery.posture.read',
  attributes: { action: 'read' },
  resourceType: CATALOG_ENTITY,
});

/** Take a backup of an entity's database. @public */
export const disasterRecoveryBackupCreatePermission = createPermission({
  name: 'disaster-recovery.backup.create',
  attributes: { action: 'create' },
  resourceType: CATALOG_ENTITY,
});

/** Verify an entity's backups (checksum, listing, restore into a scratch database). @public */
export const disasterRecoveryBackupVerifyPermission = createPermission({
  name: 'disaster-recovery.backup.verify',
  attributes: { action: 'update' },
  resourceType: CATALOG_ENTITY,
});

/** Restore an entity's database from a backup or to a point in time. @public */
export const disasterRecoveryDatabaseRestorePermission = createPermission({
  name: 'disaster-recovery.database.restore',
  attributes: { action: 'update' },
  resourceType: CATALOG_ENTITY,
});

/** Fail an entity's database over to its standby. @public */
export const disasterRecoveryDatabaseFailoverPermission = createPermission({
  name: 'disaster-recovery.database.failover',
  attributes: { action: 'update' },
  resourceType: CATALOG_ENTITY,
});

/** Fail an entity's database back to its original primary. @public */
export const disasterRecoveryDatabaseFailbackPermission = createPermission({
  name: 'disaster-recovery.database.failback',
  attributes: { action: 'update' },
  resourceType: CATALOG_ENTITY,
});

/** Run a DR drill of a scenario against an entity. @public */
export const disasterRecoveryDrillRunPermission = createPermission({
  name: 'disaster-recovery.drill.run',
  attributes: { action: 'update' },
  resourceType: CATALOG_ENTITY,
});

/** Declare an incident for an entity and send its communication. @public */
export const disasterRecoveryIncidentNotifyPermission = createPermission({
  name: 'disaster-recovery.incident.notify',
  attributes: { action: 'create' },
  resourceType: CATALOG_ENTITY,
});

/**
 * Declare an incident, checked on every entity it affects (an owner may declare for their own
 * entities); one that names no entity needs an unconditional allow. @public
 */
export const disasterRecoveryIncidentDeclarePermission = createPermission({
  name: 'disaster-recovery.incident.declare',
  attributes: { action: 'create' },
  resourceType: CATALOG_ENTITY,
});

/** Post a status update on an incident, assign its roles, acknowledge its escalation. @public */
export const disasterRecoveryIncidentUpdatePermission = createPermission({
  name: 'disaster-recovery.incident.update',
  attributes: { action: 'update' },
});

/** Resolve an incident with its root cause. @public */
export const disasterRecoveryIncidentResolvePermission = createPermission({
  name: 'disaster-recovery.incident.resolve',
  attributes: { action: 'update' },
});

/** Record a completed DR training (not tied to an entity). @public */
export const disasterRecoveryTrainingRecordPermission = createPermission({
  name: 'disaster-recovery.training.record',
  attributes: { action: 'create' },
});

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
