import { InputError } from '@backstage/errors';
import { disasterRecoveryDatabaseRestorePermission } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import {
  DatabaseTarget,
  discardRestoredCopy,
  findRestoredCopy,
  RestoredCopy,
  targetDatabaseName,
  tenantIdentifierPart,
} from '@dr-portal/backstage-plugin-disaster-recovery-node';
import { OperationDefinition } from '../operationDefinition';
import { OperationParameters } from '../parameters';
import { describeBackupLocation, describeDatabase } from './describeTarget';

/** Whether a restored copy is a side schema of the tenant (the only copies a tenant Resource may see or discard). */
export function isSideSchemaOfTenant(
  copy: RestoredCopy,
  tenantId: string,
): boolean {
  return (
    copy.kind === 'tenant-restore' &&
    copy.tenant === tenantIdentifierPart(tenantId)
  );
}

interface PreparedDiscard {
  target: DatabaseTarget;
  copy: RestoredCopy;
}

/**
 * Drops a restored copy that is no longer needed: a database a restore made, the old live database
 * a cut-over kept, or a tenant side schema. Only names the target's restored copies are found
 * under can be given; on a tenant Resource, only that tenant's side schemas.
 */
export const discardCopyOperation: OperationDefinition<
  OperationParameters['discard-copy'],
  PreparedDiscard
> = {
  permission: disasterRecoveryDatabaseRestorePermission,
  affectsWholeDatabase: true,
  async prepare({ entity, target, parameters, signal }) {
    const copy = await findRestoredCopy({
      target,
      name: parameters.name,
      signal,
    });
    if (entity.tenant && !isSideSchemaOfTenant(copy, entity.tenant.id)) {
      throw new InputError(
        `${copy.name} is not a side schema of tenant ${entity.tenant.id}; discard database copies on the database Resource`,
      );
    }
    return { target, copy };
  },
  plan({ target, copy }) {
    const live = targetDatabaseName(target);
    let what: string;
    let title: string;
    if (copy.kind === 'tenant-restore') {
      what = `schema ${copy.name} of ${describeDatabase(
        target,
        copy.database,
      )}`;
      title = `Drop schema ${copy.name} (CASCADE)`;
    } else if (copy.kind === 'pitr-server') {
      what = `the point-in-time recovered server on port ${
        copy.port ?? '?'
      } (directory ${copy.name} on the backend host)`;
      title = 'Stop the recovered server and remove its data directory';
    } else {
      what = describeDatabase(target, copy.name);
      title = `Disconnect the sessions of ${copy.name} and drop it`;
    }
    return {
      steps: [
        {
          id: 'locate',
          title: 'Find the restored copy',
          detail: `${copy.kind} ${copy.name}, made ${copy.createdAt}, ${copy.sizeBytes} bytes`,
        },
        {
          id: 'drop',
          title,
          detail: what,
        },
      ],
      wouldNotTouch: [
        copy.kind === 'tenant-restore'
          ? `every other schema of ${describeDatabase(target, live)}`
          : `the live ${describeDatabase(target, live)}`,
        'every other restored copy',
        `the backups in ${describeBackupLocation(target)}`,
      ],
      resolved: {
        kind: copy.kind,
        name: copy.name,
        database: copy.database,
        sizeBytes: copy.sizeBytes,
        createdAt: copy.createdAt,
      },
    };
  },
  async execute({ target, copy }, { signal, logger, onStep }) {
    const result = await discardRestoredCopy({
      target,
      name: copy.name,
      signal,
      logger,
      onStep,
    });
    return {
      output: {
        discarded: result.discarded.name,
        kind: result.discarded.kind,
        database: result.discarded.database,
        freedBytes: result.discarded.sizeBytes,
      },
    };
  },
};
