import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { examples } from './failoverPreflight.examples';
import {
  acceptRisksInput,
  PROMOTION_OUTPUTS,
  promotionOutputSchema,
} from './failoverSchemas';
import { DisasterRecoveryActionOptions } from './helpers';
import { entityRefInput, runOutputSchema } from './outputs';
import { runFailoverAction } from './failoverRun';

/** Id of the preflight action. @public */
export const FAILOVER_PREFLIGHT_ACTION_ID =
  'disaster-recovery:failover:preflight';

/**
 * Scaffolder action that checks, changing nothing, whether a switchover or failover of a
 * database can run: the dry run of that operation on the disaster-recovery backend. Its output
 * lists every check with its reason and says whether the run may go on.
 *
 * @public
 */
export function createFailoverPreflightAction(
  options: DisasterRecoveryActionOptions,
) {
  return createTemplateAction({
    id: FAILOVER_PREFLIGHT_ACTION_ID,
    description:
      'Checks whether a switchover or failover of a database can run, changing nothing: standby reachable, in recovery and streaming, replay not paused, lag in bytes and seconds against the RPO, timelines and LSNs of both servers, the old primary reachable, no other run holding the target. Lists the steps the run would take.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        entityRef: entityRefInput(
          'Entity ref of the database Resource to check',
        ),
        mode: z =>
          z
            .enum(['switchover', 'failover'])
            .default('switchover')
            .describe('The run to check: switchover (planned) or failover'),
        acceptRisks: acceptRisksInput,
      },
      output: { ...runOutputSchema, ...promotionOutputSchema },
    },
    async handler(ctx) {
      await runFailoverAction(
        ctx,
        options,
        FAILOVER_PREFLIGHT_ACTION_ID,
        {
          entityRef: ctx.input.entityRef,
          action: 'preflight',
          mode: ctx.input.mode,
          acceptRisks: ctx.input.acceptRisks,
        },
        PROMOTION_OUTPUTS,
      );
    },
  });
}
