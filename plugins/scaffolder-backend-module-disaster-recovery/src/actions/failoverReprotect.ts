import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { examples } from './failoverReprotect.examples';
import { promotionOutputSchema } from './failoverSchemas';
import { DisasterRecoveryActionOptions } from './helpers';
import { entityRefInput, incidentIdInput, runOutputSchema } from './outputs';
import { runFailoverAction } from './failoverRun';

/** Id of the reprotect action. @public */
export const FAILOVER_REPROTECT_ACTION_ID =
  'disaster-recovery:failover:reprotect';

/**
 * Scaffolder action that turns a database's old primary into a streaming standby of the new one
 * (pg_rewind, or a fresh pg_basebackup when a rewind is impossible), so the database is protected
 * again; failing back is then a switchover.
 *
 * @public
 */
export function createFailoverReprotectAction(
  options: DisasterRecoveryActionOptions,
) {
  return createTemplateAction({
    id: FAILOVER_REPROTECT_ACTION_ID,
    description:
      'Reprotects a database after a switchover or failover: the old primary is stopped, rewound with pg_rewind (or rebuilt with pg_basebackup when a rewind is impossible) and started as a standby streaming from the new primary. Failing back is then a switchover with zero lag.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        entityRef: entityRefInput(
          'Entity ref of the database Resource to reprotect',
        ),
        incidentId: incidentIdInput,
        allowBasebackup: z =>
          z
            .boolean()
            .optional()
            .describe(
              'Rebuild with pg_basebackup when pg_rewind cannot rewind (default: the target setting, true)',
            ),
      },
      output: {
        ...runOutputSchema,
        server: z =>
          z.string().optional().describe('host:port of the reprotected server'),
        method: z =>
          z.string().optional().describe('pg_rewind, pg_basebackup or command'),
        timeline: z =>
          z
            .number()
            .optional()
            .describe('Timeline the reprotected standby streams on'),
        topology: promotionOutputSchema.topology,
      },
    },
    async handler(ctx) {
      await runFailoverAction(
        ctx,
        options,
        FAILOVER_REPROTECT_ACTION_ID,
        {
          entityRef: ctx.input.entityRef,
          action: 'reprotect',
          allowBasebackup: ctx.input.allowBasebackup,
          incidentId: ctx.input.incidentId,
        },
        ['server', 'method', 'timeline', 'topology'],
      );
    },
  });
}
