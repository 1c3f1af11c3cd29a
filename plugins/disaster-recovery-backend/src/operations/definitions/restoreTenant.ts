import { InputError } from '@backstage/errors';
import { disasterRecoveryDatabaseRestorePermission } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import {
  BackupObjectInfo,
  DatabaseTarget,
  generatedIdentifier,
  nameTimestamp,
  restoreTenant,
  targetDatabaseName,
  tenantIdentifierPart,
} from '@dr-portal/backstage-plugin-disaster-recovery-node';
import { OperationDefinition } from '../operationDefinition';
import { OperationParameters } from '../parameters';
import { describeBackupLocation, describeDatabase } from './describeTarget';
import {
  acceptedWarningsText,
  downloadStep,
  dumpRestoreOutcome,
  locateStep,
} from './dumpSteps';
import { locateBackup } from './locateBackup';

interface PreparedTenantRestore {
  target: DatabaseTarget;
  backup: BackupObjectInfo;
  tenantId: string;
  acceptWarnings: string[];
}

/** Tenant-scoped restore: one tenant's rows from a dump into a side schema of the live database. */
export const restoreTenantOperation: OperationDefinition<
  OperationParameters['restore-tenant'],
  PreparedTenantRestore
> = {
  permission: disasterRecoveryDatabaseRestorePermission,
  affectsWholeDatabase: false,
  async prepare({ entity, target, parameters, signal }) {
    if (!entity.tenant) {
      throw new InputError(
        `A tenant-scoped restore needs a tenant Resource; ${entity.entityRef} is a database (use operation restore for the whole database)`,
      );
    }
    const tenantId = entity.tenant.id;
    tenantIdentifierPart(tenantId);
    const backup = await locateBackup(target, parameters.key, signal);
    return {
      target,
      backup,
      tenantId,
      acceptWarnings: parameters.acceptWarnings,
    };
  },
  plan({ target, backup, tenantId, acceptWarnings }, { now }) {
    const live = targetDatabaseName(target);
    const schema = generatedIdentifier(
      ['restore', tenantIdentifierPart(tenantId), nameTimestamp(now)],
      'side schema name',
    );
    const location = describeBackupLocation(target, backup.key);
    return {
      steps: [
        locateStep(location, backup.takenAt.toISOString()),
        downloadStep(`${backup.sizeBytes} bytes`),
        {
          id: 'toc',
          title: 'Read the table of contents',
          detail: `pg_restore --list; the live database is written only on a clean pass or with every warning accepted (${acceptedWarningsText(
            acceptWarnings,
          )})`,
        },
        {
          id: 'scratch',
          title: 'Restore table definitions into a scratch database',
          detail: `a new scratch database on ${target.primary.host}:${target.primary.port}, dropped at the end`,
        },
        {
          id: 'scratch-data',
          title: 'Load the data of the tenant tables into the scratch database',
          detail: 'tables with a tenant_id column',
        },
        {
          id: 'extract',
          title: `Copy the rows of tenant ${tenantId} into the side schema`,
          detail: `schema ${schema}, in the scratch database`,
        },
        {
          id: 'import',
          title:
            'Move the side schema into the live database in one transaction',
          detail: `${describeDatabase(target)} gains schema ${schema}`,
        },
        {
          id: 'verify',
          title: 'Check the restored rows',
          detail: `every row in ${schema} belongs to ${tenantId}; counts match the dump`,
        },
      ],
      wouldNotTouch: [
        `the live tables of ${describeDatabase(
          target,
          live,
        )} (only a new schema ${schema} is added)`,
        'the rows of every other tenant',
        `the backup object ${location} (read only)`,
      ],
      resolved: {
        key: backup.key,
        restorePoint: backup.takenAt.toISOString(),
        tenantId,
        plannedSchema: schema,
        acceptWarnings,
      },
    };
  },
  async execute(
    { target, backup, tenantId, acceptWarnings },
    { signal, logger, onStep },
  ) {
    const result = await restoreTenant({
      target,
      key: backup.key,
      tenantId,
      acceptWarnings,
      signal,
      logger,
      onStep,
    });
    return dumpRestoreOutcome(result, {
      tenantId: result.tenantId,
      database: result.database,
      schema: result.schema,
      tables: result.tables,
    });
  },
};
