import { LoggerService } from '@backstage/backend-plugin-api';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { RecoveryRun } from '@dr-portal/backstage-plugin-disaster-recovery-common';
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

interface LoggedCheck {
  id: string;
  status: string;
  detail: string;
  risk?: string;
  accepted?: boolean;
}

/**
 * Logs every check of a planned run's preflight with its reason, then whether the run would go
 * on or be refused and which risk would let it go on: what an on-call engineer reads in the task
 * log before the run itself.
 */
function logPreflight(logger: LoggerService, run: RecoveryRun): void {
  const result = run.output?.preflight as
    | { ok?: boolean; checks?: LoggedCheck[] }
    | undefined;
  if (!result || !Array.isArray(result.checks)) return;
  logger.info(`Preflight of the ${run.operation}:`);
  for (const check of result.checks) {
    let risk = '';
    if (check.status === 'fail' && check.risk) {
      risk = check.accepted
        ? ` (risk "${check.risk}" accepted)`
        : ` (accept risk "${check.risk}" to go on)`;
    }
    const line = `  [${check.status}] ${check.id}: ${check.detail}${risk}`;
    if (check.status === 'pass') logger.info(line);
    else logger.warn(line);
  }
  if (result.ok) {
    logger.info(`Preflight passed: the ${run.operation} may go on`);
  } else {
    const failing = result.checks
      .filter(c => c.status === 'fail' && !c.accepted)
      .map(c => c.id);
    logger.warn(
      `Preflight failed: the ${run.operation} would be refused (${failing.join(
        ', ',
      )})`,
    );
  }
}

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
        run => logPreflight(ctx.logger, run),
      );
    },
  });
}
