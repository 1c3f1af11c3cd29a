import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  DRILL_KINDS,
  DrillReport,
  renderDrillReportMarkdown,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { examples } from './drillRun.examples';
import { DisasterRecoveryActionOptions, runUrl } from './helpers';
import { entityRefInput, outputRun, runOutputSchema } from './outputs';
import { runRecoveryOperation } from './runOperation';

/** Id of the drill action. @public */
export const DRILL_RUN_ACTION_ID = 'disaster-recovery:drill:run';

/**
 * Scaffolder action that runs a DR drill of a policy scenario through the disaster-recovery
 * backend: a restore, tenant restore or isolated test failover drill that never writes the live
 * database, or a live switchover drill (opt-in, acknowledged) that switches over and back, judged
 * against the scenario's targets, with the plan's test report as output (Markdown) and as evidence.
 * A drill that missed a target completes with `result: fail`; a drill that could not run fails the
 * task.
 *
 * @public
 */
export function createDrillRunAction(options: DisasterRecoveryActionOptions) {
  return createTemplateAction({
    id: DRILL_RUN_ACTION_ID,
    description:
      "Runs a DR drill of a scenario of the policy: restore drill (the newest or a named backup into a scratch database), tenant restore drill (one tenant's rows into a side schema), isolated test failover (a throwaway copy of the primary promoted), each validated and with everything it created removed; or a live switchover drill (a real switchover to the standby and back, only with acknowledgeLiveSwitchover). Measured against the scenario's RTO and RPO; outputs the test report (Markdown) and records it as evidence. The dry run lists the steps, the targets, what it creates and removes and what it changes.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        entityRef: entityRefInput(
          'Entity ref of a database Resource, or of a tenant Resource (tenant restore drills)',
        ),
        scenario: z =>
          z
            .string()
            .min(1)
            .describe('Scenario id of the policy, e.g. `database-corruption`'),
        kind: z =>
          z
            .enum(DRILL_KINDS)
            .optional()
            .describe("Drill kind; default the scenario's `drillKind`"),
        backupKey: z =>
          z
            .string()
            .optional()
            .describe(
              'Object key of the backup to restore; omit (or `newest`) for the newest backup by time',
            ),
        participants: z =>
          z
            .array(z.string())
            .optional()
            .describe('People taking part besides the initiator'),
        actionItems: z =>
          z
            .array(z.string())
            .optional()
            .describe('Action items to record in the report'),
        pointInTime: z =>
          z
            .boolean()
            .optional()
            .describe(
              "Restore drills: recover the pgBackRest stanza to the drill's own moment (point-in-time restore into a new server) instead of restoring a dump",
            ),
        acknowledgeLiveSwitchover: z =>
          z
            .boolean()
            .optional()
            .describe(
              'Live switchover drills only: true says you know it switches production to the standby and back (required to run one)',
            ),
      },
      output: {
        ...runOutputSchema,
        kind: z => z.string().optional().describe('Drill kind run'),
        scenario: z => z.string().optional().describe('Scenario drilled'),
        result: z =>
          z
            .enum(['pass', 'fail'])
            .optional()
            .describe('Whether every objective of the drill was met'),
        summary: z => z.string().optional().describe('One-line outcome'),
        achievedRtoSeconds: z =>
          z.number().optional().describe('Achieved recovery time, seconds'),
        dataLossSeconds: z =>
          z.number().optional().describe('Data-loss window, seconds'),
        restorePoint: z =>
          z.string().optional().describe('Point in time the drill restored'),
        report: z =>
          z
            .string()
            .optional()
            .describe('The test report as Markdown (also stored as evidence)'),
        reportUrl: z =>
          z
            .string()
            .optional()
            .describe(
              "URL of the test report on the run's evidence page in the portal (with its Markdown download)",
            ),
      },
    },
    async handler(ctx) {
      const {
        entityRef,
        scenario,
        kind,
        backupKey,
        participants,
        actionItems,
        acknowledgeLiveSwitchover,
        pointInTime,
      } = ctx.input;
      const run = await runRecoveryOperation(ctx, options, {
        actionId: DRILL_RUN_ACTION_ID,
        operation: 'drill',
        entityRef,
        parameters: {
          scenario,
          ...(kind ? { kind } : {}),
          ...(backupKey && backupKey !== 'newest' ? { key: backupKey } : {}),
          ...(participants?.length ? { participants } : {}),
          ...(actionItems?.length ? { actionItems } : {}),
          ...(pointInTime ? { pointInTime } : {}),
          ...(acknowledgeLiveSwitchover !== undefined
            ? { acknowledgeLiveSwitchover }
            : {}),
        },
      });
      if (run.dryRun) {
        const targets = run.output?.targets as
          | { rto?: string; rpo?: string }
          | undefined;
        ctx.logger.info(
          `It would be judged against RTO ${targets?.rto ?? '?'} and RPO ${
            targets?.rpo ?? '?'
          }`,
        );
        for (const what of (run.output?.creates as string[]) ?? []) {
          ctx.logger.info(`It would create and then remove: ${what}`);
        }
        for (const what of (run.output?.changes as string[]) ?? []) {
          ctx.logger.info(`It would change: ${what}`);
        }
      }
      await outputRun(ctx, options, run, [
        'kind',
        'scenario',
        'result',
        'summary',
        'achievedRtoSeconds',
        'dataLossSeconds',
        'restorePoint',
      ]);
      const report = run.output?.report as DrillReport | undefined;
      if (report) {
        ctx.output('report', renderDrillReportMarkdown(report));
        ctx.output(
          'reportUrl',
          `${runUrl(options.appBaseUrl, run.id)}#drill-report`,
        );
        if (report.result === 'fail') {
          ctx.logger.error(
            `The drill missed its objectives: ${report.issues.join(' ')}`,
          );
        }
      }
    },
  });
}
