import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { examples } from './backupCreate.examples';
import {
  entityRefInput,
  incidentIdInput,
  outputRun,
  runOutputSchema,
} from './outputs';
import { DisasterRecoveryActionOptions } from './helpers';
import { runRecoveryOperation } from './runOperation';

/** Id of the backup action. @public */
export const BACKUP_CREATE_ACTION_ID = 'disaster-recovery:backup:create';

/**
 * Scaffolder action that takes a logical backup of a database (or a tenant's database) through the
 * disaster-recovery backend: streamed to the object store with server-side encryption and SHA-256.
 *
 * @public
 */
export function createBackupCreateAction(
  options: DisasterRecoveryActionOptions,
) {
  return createTemplateAction({
    id: BACKUP_CREATE_ACTION_ID,
    description:
      'Takes a logical backup (pg_dump custom format) of a database Resource, or of the database a tenant lives in, streamed to the object store with server-side encryption and a SHA-256; records the run as evidence.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        entityRef: entityRefInput(
          'Entity ref of a database Resource (annotated with dr.platform.io/target) or of a tenant Resource (its database is backed up)',
        ),
        incidentId: incidentIdInput,
      },
      output: {
        ...runOutputSchema,
        bucket: z =>
          z.string().optional().describe('Bucket the backup was written to'),
        key: z =>
          z.string().optional().describe('Object key of the new backup'),
        sha256: z =>
          z.string().optional().describe('SHA-256 (hex) of the backup object'),
        sizeBytes: z =>
          z.number().optional().describe('Size of the backup object, bytes'),
      },
    },
    async handler(ctx) {
      const run = await runRecoveryOperation(ctx, options, {
        actionId: BACKUP_CREATE_ACTION_ID,
        operation: 'backup',
        entityRef: ctx.input.entityRef,
        parameters: {},
        incidentId: ctx.input.incidentId,
      });
      await outputRun(ctx, options, run, [
        'bucket',
        'key',
        'sha256',
        'sizeBytes',
      ]);
    },
  });
}
