import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { examples as failoverExamples } from './failoverFailover.examples';
import { examples as switchoverExamples } from './failoverSwitchover.examples';
import {
  acceptRisksInput,
  incidentStartedAtInput,
  PROMOTION_OUTPUTS,
  promotionOutputSchema,
} from './failoverSchemas';
import { DisasterRecoveryActionOptions } from './helpers';
import { entityRefInput, incidentIdInput, runOutputSchema } from './outputs';
import { runFailoverAction } from './failoverRun';

/** Id of the switchover action. @public */
export const FAILOVER_SWITCHOVER_ACTION_ID =
  'disaster-recovery:failover:switchover';

/** Id of the failover action. @public */
export const FAILOVER_FAILOVER_ACTION_ID =
  'disaster-recovery:failover:failover';

const ENTITY_REF = entityRefInput(
  'Entity ref of the database Resource whose primary is switched to its standby',
);

/**
 * Scaffolder action for a planned switchover with zero committed transactions lost: fence the old
 * primary, wait for the standby to replay its last WAL, promote, repoint the traffic switch and
 * verify a write through it. Runs through the disaster-recovery backend, which locks the target,
 * audits and records the run.
 *
 * @public
 */
export function createFailoverSwitchoverAction(
  options: DisasterRecoveryActionOptions,
) {
  return createTemplateAction({
    id: FAILOVER_SWITCHOVER_ACTION_ID,
    description:
      "Planned switchover of a database's primary to its standby with zero committed transactions lost: preflight, pause the traffic switch, fence the old primary, wait until the standby replayed its last WAL, pg_promote, repoint and resume the switch, verify a write through it. The old primary is no standby afterwards until it is reprotected. Failing back is a switchover after a reprotect.",
    examples: switchoverExamples,
    supportsDryRun: true,
    schema: {
      input: {
        entityRef: ENTITY_REF,
        acceptRisks: acceptRisksInput,
        incidentId: incidentIdInput,
      },
      output: { ...runOutputSchema, ...promotionOutputSchema },
    },
    async handler(ctx) {
      await runFailoverAction(
        ctx,
        options,
        FAILOVER_SWITCHOVER_ACTION_ID,
        {
          entityRef: ctx.input.entityRef,
          action: 'switchover',
          acceptRisks: ctx.input.acceptRisks,
          incidentId: ctx.input.incidentId,
        },
        PROMOTION_OUTPUTS,
      );
    },
  });
}

/**
 * Scaffolder action for an unplanned failover (the old primary is down or unreachable): the
 * switchover's steps without waiting for replay, refused on a failing preflight check unless its
 * risk is accepted, with the data-loss window recorded. Counts as an incident recovery.
 *
 * @public
 */
export function createFailoverFailoverAction(
  options: DisasterRecoveryActionOptions,
) {
  return createTemplateAction({
    id: FAILOVER_FAILOVER_ACTION_ID,
    description:
      "Unplanned failover of a database's primary to its standby: preflight (a failing check refuses the run unless you accept its risk), fence the old primary if it can be reached, pg_promote, repoint the traffic switch, verify a write. Records the data-loss window and the achieved RTO from the incident start.",
    examples: failoverExamples,
    supportsDryRun: true,
    schema: {
      input: {
        entityRef: ENTITY_REF,
        acceptRisks: acceptRisksInput,
        incidentStartedAt: incidentStartedAtInput,
        incidentId: incidentIdInput,
      },
      output: { ...runOutputSchema, ...promotionOutputSchema },
    },
    async handler(ctx) {
      await runFailoverAction(
        ctx,
        options,
        FAILOVER_FAILOVER_ACTION_ID,
        {
          entityRef: ctx.input.entityRef,
          action: 'failover',
          acceptRisks: ctx.input.acceptRisks,
          incidentStartedAt: ctx.input.incidentStartedAt || undefined,
          incidentId: ctx.input.incidentId,
        },
        PROMOTION_OUTPUTS,
      );
    },
  });
}
