import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { DRILL_KINDS } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { common, runOutput, toOutput } from './operationActionSchemas';
import { RecoveryOperationExecutor } from './RecoveryOperationExecutor';
import { runOperation } from './runOperation';

/**
 * Registers `disaster-recovery:drill-run` in the actions registry (MCP and scripts): a DR drill of
 * a policy scenario through the same executor as the REST API, with the caller's credentials.
 */
export function registerDrillActions(
  actionsRegistry: ActionsRegistryService,
  deps: { executor: RecoveryOperationExecutor },
): void {
  const { executor } = deps;
  actionsRegistry.register({
    name: 'drill-run',
    title: 'Run a DR drill',
    description:
      "Rehearses a disaster scenario of the policy with its drill kind (restore: the newest or a named backup into a scratch database; tenant-restore: one tenant's rows into a side schema; isolated-failover: a throwaway copy of the primary on the backend's machine, promoted without fencing anything), validates the recovered data against the source's statistics, measures achieved RTO and data loss against the scenario's targets, always removes what it created, and records the plan's test report as evidence (the posture's drill check reads it); these never write the live database. live-switchover (only with acknowledgeLiveSwitchover: true, on the database) switches production over to the standby and back through the failover operations, and checks the roles are back. Use dryRun first: it lists the steps, the targets, what it creates and removes and what it changes.",
    // a live switchover drill switches production (acknowledged): destructive
    attributes: { readOnly: false, destructive: true, idempotent: false },
    schema: {
      input: z =>
        z.object({
          ...common(z),
          scenario: z
            .string()
            .describe('Scenario id of the policy, e.g. database-corruption'),
          kind: z
            .enum(DRILL_KINDS)
            .optional()
            .describe("Drill kind; default the scenario's drillKind"),
          key: z
            .string()
            .optional()
            .describe(
              'Backup to restore (restore drills); default the newest by time',
            ),
          participants: z
            .array(z.string())
            .optional()
            .describe('People taking part besides you, for the report'),
          actionItems: z
            .array(z.string())
            .optional()
            .describe('Action items to put into the report'),
          pointInTime: z
            .boolean()
            .optional()
            .describe(
              "Restore drills: recover the pgBackRest stanza to the drill's own moment instead of restoring a dump",
            ),
          acknowledgeLiveSwitchover: z
            .boolean()
            .optional()
            .describe(
              'Live switchover drills only: true says the caller knows it switches production to the standby and back (required to run one)',
            ),
        }),
      output: runOutput,
    },
    action: async ({ input, credentials }) => {
      const run = await runOperation(
        executor,
        {
          operation: 'drill',
          entityRef: input.entityRef,
          dryRun: input.dryRun,
          parameters: {
            scenario: input.scenario,
            ...(input.kind ? { kind: input.kind } : {}),
            ...(input.key ? { key: input.key } : {}),
            ...(input.participants ? { participants: input.participants } : {}),
            ...(input.actionItems ? { actionItems: input.actionItems } : {}),
            ...(input.pointInTime ? { pointInTime: true } : {}),
            ...(input.acknowledgeLiveSwitchover !== undefined
              ? { acknowledgeLiveSwitchover: input.acknowledgeLiveSwitchover }
              : {}),
          },
          idempotencyKey: input.idempotencyKey,
        },
        { credentials, via: 'actions-registry' },
        { wait: input.wait },
      );
      return { output: toOutput(run) };
    },
  });
}
