import { disasterRecoveryDatabaseRestorePermission } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import {
  BackupObjectInfo,
  DatabaseTarget,
  oldDatabaseName,
  restoreDatabase,
  restoreDatabaseName,
  targetDatabaseName,
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

interface PreparedRestore {
  target: DatabaseTarget;
  backup: BackupObjectInfo;
  cutOver: boolean;
  acceptWarnings: string[];
}

/** Restore from a dump into a new database, verified, then (only when asked) cut over. */
export const restoreOperation: OperationDefinition<
  OperationParameters['restore'],
  PreparedRestore
> = {
  permission: disasterRecoveryDatabaseRestorePermission,
  affectsWholeDatabase: true,
  async prepare({ target, parameters, signal }) {
    const backup = await locateBackup(target, parameters.key, signal);
    return {
      target,
      backup,
      cutOver: parameters.cutOver,
      acceptWarnings: parameters.acceptWarnings,
    };
  },
  plan({ target, backup, cutOver, acceptWarnings }, { now }) {
    const live = targetDatabaseName(target);
    const newDb = restoreDatabaseName(live, now);
    const location = describeBackupLocation(target, backup.key);
    const oldDb = oldDatabaseName(live, now);
    return {
      steps: [
        locateStep(location, backup.takenAt.toISOString()),
        downloadStep(`${backup.sizeBytes} bytes from ${location}`),
        {
          id: 'toc',
          title: 'Read the table of contents (pg_restore --list)',
          detail: 'the dump must be a custom-format archive of this database',
        },
        {
          id: 'create-database',
          title: 'Create the new database',
          detail: describeDatabase(target, newDb),
        },
        {
          id: 'restore',
          title: 'Restore into the new database (pg_restore -j N)',
          detail: describeDatabase(target, newDb),
        },
        {
          id: 'verify',
          title: 'Check the new database against the expected shape',
          detail:
            'every expected schema and table present, row counts within the tolerance (row-drift), per tenant',
        },
        cutOver
          ? {
              id: 'cutover',
              title: 'Cut over',
              detail: `only on a clean pass, or with every warning accepted (${acceptedWarningsText(
                acceptWarnings,
              )}): rename ${live} -> ${oldDb}, ${newDb} -> ${live}`,
            }
          : {
              id: 'cutover',
              title: 'No cut-over',
              detail: `not requested: ${newDb} is left next to the live ${live}`,
            },
      ],
      wouldNotTouch: cutOver
        ? [
            `the data of the live ${describeDatabase(
              target,
            )}: it is kept, renamed to ${oldDb}`,
            `the backup object ${location} (read only)`,
          ]
        : [
            `the live ${describeDatabase(target)}`,
            `the backup object ${location} (read only)`,
          ],
      resolved: {
        key: backup.key,
        restorePoint: backup.takenAt.toISOString(),
        plannedNewDatabase: newDb,
        cutOver,
        acceptWarnings,
      },
    };
  },
  async execute({ target, backup, cutOver, acceptWarnings }, context) {
    const { signal, logger, onStep } = context;
    const result = await restoreDatabase({
      target,
      key: backup.key,
      cutover: cutOver,
      acceptWarnings,
      previousVerifiedKey: await context.previousVerifiedKey(),
      signal,
      logger,
      onStep,
    });
    return dumpRestoreOutcome(result, {
      sizeBytes: result.sizeBytes,
      newDatabase: result.restoredDatabase,
      liveDatabase: result.liveDatabase,
      cutOver: !!result.cutover,
      ...(result.cutover
        ? {
            oldDatabase: result.cutover.oldDatabase,
            cutOverAt: result.cutover.at,
          }
        : {}),
    });
  },
};
