import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  restoreOperationFor,
  RUN_PURPOSES,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { examples } from './databaseRestore.examples';
import {
  entityRefInput,
  incidentIdInput,
  outputRun,
  runOutputSchema,
} from './outputs';
import { DisasterRecoveryActionOptions } from './helpers';
import { runRecoveryOperation } from './runOperation';

/** Id of the restore action. @public */
export const DATABASE_RESTORE_ACTION_ID = 'disaster-recovery:database:restore';

/**
 * Scaffolder action that restores a database (from a dump or to a point in time) into a new
 * database, verifies it, and cuts over only when asked; or restores one tenant's rows into a side
 * schema. Runs through the disaster-recovery backend, which locks the target and records the run.
 *
 * @public
 */
export function createDatabaseRestoreAction(
  options: DisasterRecoveryActionOptions,
) {
  return createTemplateAction({
    id: DATABASE_RESTORE_ACTION_ID,
    description:
      "Restores a database from a dump (a chosen key or the newest) or to a point in time (pgBackRest) into a NEW database, verifies it, and only then cuts over when asked; or restores one tenant's rows into a side schema. Never overwrites live data before a verified copy exists.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        entityRef: entityRefInput(
          'Entity ref of a database Resource, or of a tenant Resource (required for scope `tenant`)',
        ),
        incidentId: incidentIdInput,
        source: z =>
          z
            .enum(['dump', 'point-in-time'])
            .default('dump')
            .describe(
              '`dump`: restore a logical backup; `point-in-time`: replay WAL with pgBackRest up to targetTime',
            ),
        scope: z =>
          z
            .enum(['database', 'tenant'])
            .default('database')
            .describe(
              "`database`: the whole database into a new database; `tenant`: only the tenant's rows into a side schema of the live database",
            ),
        backupKey: z =>
          z
            .string()
            .optional()
            .describe(
              'Object key of the dump to restore; omit (or `newest`) for the newest verified-good backup',
            ),
        targetTime: z =>
          z
            .string()
            .optional()
            .describe(
              'Point in time to restore to (ISO 8601 date-time, inside the PITR window); source `point-in-time` only',
            ),
        cutOver: z =>
          z
            .boolean()
            .default(false)
            .describe(
              'After the restored copy is verified, repoint traffic to it (the old data stays, renamed). Default false',
            ),
        acceptWarnings: z =>
          z
            .array(z.string())
            .optional()
            .describe(
              'Ids of verification checks whose warnings you accept (e.g. `checksum`, `row-drift`); recorded with the run. Any other warning stops the restore. Source `dump` only; default none',
            ),
        purpose: z =>
          z
            .enum(RUN_PURPOSES)
            .optional()
            .describe(
              'Why the restore runs: `test` (default without cut-over), `drill`, or `recovery` (default with cut-over). Only recoveries count for recovery objectives and MTTR',
            ),
      },
      output: {
        ...runOutputSchema,
        key: z =>
          z.string().optional().describe('Object key of the restored dump'),
        restorePoint: z =>
          z
            .string()
            .optional()
            .describe('Point in time the restored data reflects (ISO 8601)'),
        achievedRtoSeconds: z =>
          z
            .number()
            .optional()
            .describe('Achieved recovery time of the run, seconds'),
        dataLossSeconds: z =>
          z
            .number()
            .optional()
            .describe(
              'Data-loss window: time between restore point and the run start, seconds',
            ),
        newDatabase: z =>
          z.string().optional().describe('Name of the database restored into'),
        schema: z =>
          z
            .string()
            .optional()
            .describe(
              'Side schema the tenant rows were restored into (scope `tenant`)',
            ),
        port: z =>
          z
            .number()
            .optional()
            .describe(
              'Port of the server restored into (point-in-time restores)',
            ),
        cutOver: z =>
          z
            .boolean()
            .optional()
            .describe('Whether traffic was cut over to the restored copy'),
        acceptedWarnings: z =>
          z
            .array(
              z.object({
                id: z.string(),
                status: z.string(),
                detail: z.string(),
              }),
            )
            .optional()
            .describe(
              'Warnings the restore went ahead with because you accepted them',
            ),
        purpose: z =>
          z
            .enum(RUN_PURPOSES)
            .optional()
            .describe('Purpose the run was recorded with'),
      },
    },
    async handler(ctx) {
      const { operation, parameters } = restoreOperationFor({
        source: ctx.input.source,
        scope: ctx.input.scope,
        key: ctx.input.backupKey,
        targetTime: ctx.input.targetTime,
        cutOver: ctx.input.cutOver,
        acceptWarnings: ctx.input.acceptWarnings,
      });
      const run = await runRecoveryOperation(ctx, options, {
        actionId: DATABASE_RESTORE_ACTION_ID,
        operation,
        entityRef: ctx.input.entityRef,
        parameters,
        ...(ctx.input.purpose ? { purpose: ctx.input.purpose } : {}),
        incidentId: ctx.input.incidentId,
      });
      await outputRun(ctx, options, run, [
        'key',
        'restorePoint',
        'achievedRtoSeconds',
        'dataLossSeconds',
        'newDatabase',
        'schema',
        'port',
        'cutOver',
        'acceptedWarnings',
      ]);
      if (run.purpose) ctx.output('purpose', run.purpose);
    },
  });
}
