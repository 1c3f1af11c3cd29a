import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  entityRefInput,
  incidentIdInput,
  outputRun,
  runOutputSchema,
} from './outputs';
import { examples } from './restoredCopyDiscard.examples';
import { DisasterRecoveryActionOptions } from './helpers';
import { runRecoveryOperation } from './runOperation';

/** Id of the action that drops a restored copy. @public */
export const RESTORED_COPY_DISCARD_ACTION_ID =
  'disaster-recovery:restored-copy:discard';

/**
 * Scaffolder action that drops a restored copy through the disaster-recovery backend: a database a
 * restore made, the old live database a cut-over kept, or a tenant side schema. The backend only
 * accepts names among the target's restored copies, so the live database is never dropped.
 *
 * @public
 */
export function createRestoredCopyDiscardAction(
  options: DisasterRecoveryActionOptions,
) {
  return createTemplateAction({
    id: RESTORED_COPY_DISCARD_ACTION_ID,
    description:
      "Drops a restored copy that is no longer needed: a `<db>_restore_<ts>` database, the `<db>_old_<ts>` database a cut-over kept, or a `restore_<tenant>_<ts>` side schema. Names outside the target's restored copies are refused; the live database is never touched. Dry run shows exactly what would be dropped.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        entityRef: entityRefInput(
          "Entity ref of the database Resource, or of a tenant Resource for that tenant's side schemas",
        ),
        incidentId: incidentIdInput,
        name: z =>
          z
            .string()
            .regex(/^(?:[a-z_][a-z0-9_]{0,62}|pitr-[A-Za-z0-9_.-]{1,120})$/)
            .describe(
              'Name of the restored database, side schema or PITR server to drop',
            ),
      },
      output: {
        ...runOutputSchema,
        discarded: z =>
          z.string().optional().describe('Name of the dropped copy'),
        kind: z =>
          z
            .string()
            .optional()
            .describe('restore, old (kept by a cut-over) or tenant-restore'),
        freedBytes: z =>
          z
            .number()
            .optional()
            .describe('Size of the dropped copy when it was dropped, bytes'),
      },
    },
    async handler(ctx) {
      const run = await runRecoveryOperation(ctx, options, {
        actionId: RESTORED_COPY_DISCARD_ACTION_ID,
        operation: 'discard-copy',
        entityRef: ctx.input.entityRef,
        parameters: { name: ctx.input.name },
        incidentId: ctx.input.incidentId,
      });
      await outputRun(ctx, options, run, ['discarded', 'kind', 'freedBytes']);
    },
  });
}
