import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { examples } from './backupVerify.examples';
import {
  entityRefInput,
  incidentIdInput,
  outputRun,
  runOutputSchema,
} from './outputs';
import { DisasterRecoveryActionOptions } from './helpers';
import { runRecoveryOperation } from './runOperation';

/** Id of the backup verification action. @public */
export const BACKUP_VERIFY_ACTION_ID = 'disaster-recovery:backup:verify';

/**
 * Scaffolder action that verifies a backup through the disaster-recovery backend: size, checksum and
 * `pg_restore --list` (quick), plus a restore into a scratch database with sanity checks (full).
 * The task fails when the backup is not good.
 *
 * @public
 */
export function createBackupVerifyAction(
  options: DisasterRecoveryActionOptions,
) {
  return createTemplateAction({
    id: BACKUP_VERIFY_ACTION_ID,
    description:
      'Verifies a backup of a database: finds the newest backup by time (or the given key), checks size and SHA-256, lists it with pg_restore; in full mode restores it into a scratch database, checks tables and row counts, then drops the scratch database. Fails the task when the backup is bad.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        entityRef: entityRefInput(
          'Entity ref of a database Resource or of a tenant Resource (its database is verified)',
        ),
        incidentId: incidentIdInput,
        mode: z =>
          z
            .enum(['quick', 'full'])
            .default('quick')
            .describe(
              '`quick`: size, checksum and pg_restore --list; `full`: also restore into a scratch database and run sanity checks',
            ),
        backupKey: z =>
          z
            .string()
            .optional()
            .describe(
              'Object key of the backup to verify; omit (or `newest`) for the newest backup by time',
            ),
      },
      output: {
        ...runOutputSchema,
        key: z =>
          z.string().optional().describe('Object key of the verified backup'),
        sha256: z =>
          z
            .string()
            .optional()
            .describe('SHA-256 (hex) of the verified backup'),
        sizeBytes: z =>
          z.number().optional().describe('Size of the verified backup, bytes'),
        mode: z => z.string().optional().describe('Verification mode used'),
        takenAt: z =>
          z.string().optional().describe('When the verified backup was taken'),
      },
    },
    async handler(ctx) {
      const { entityRef, mode, backupKey } = ctx.input;
      const run = await runRecoveryOperation(ctx, options, {
        actionId: BACKUP_VERIFY_ACTION_ID,
        operation: 'verify',
        entityRef,
        parameters: {
          mode: mode ?? 'quick',
          ...(backupKey && backupKey !== 'newest' ? { key: backupKey } : {}),
        },
        incidentId: ctx.input.incidentId,
      });
      await outputRun(ctx, options, run, [
        'key',
        'sha256',
        'sizeBytes',
        'mode',
        'takenAt',
      ]);
    },
  });
}
