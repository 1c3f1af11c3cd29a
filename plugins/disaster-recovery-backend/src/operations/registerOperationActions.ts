import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  restoreOperationFor,
  RUN_PURPOSES,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import {
  common,
  incidentIdInput,
  runOutput,
  toOutput,
} from './operationActionSchemas';
import { RecoveryOperationExecutor } from './RecoveryOperationExecutor';
import { registerDrillActions } from './registerDrillActions';
import { registerFailoverActions } from './registerFailoverActions';
import { runOperation } from './runOperation';

/**
 * Registers the recovery operations in the backend actions registry (MCP and scripts):
 * `disaster-recovery:backup-create`, `disaster-recovery:backup-verify`,
 * `disaster-recovery:database-restore`, `disaster-recovery:restored-copy-discard`, and the
 * failover actions (see `registerFailoverActions`) and `disaster-recovery:drill-run`
 * (`registerDrillActions`). They run through the same executor as the
 * REST API, with the caller's credentials.
 *
 * @public
 */
export function registerOperationActions(
  actionsRegistry: ActionsRegistryService,
  deps: { executor: RecoveryOperationExecutor },
): void {
  const { executor } = deps;
  registerFailoverActions(actionsRegistry, deps);
  registerDrillActions(actionsRegistry, deps);

  actionsRegistry.register({
    name: 'backup-create',
    title: 'Create a database backup',
    description:
      'Takes a logical backup (pg_dump custom format) of a database Resource (or the database of a tenant), streamed to the object store with server-side encryption and a SHA-256, and records the run as evidence. Locks the target while it runs.',
    attributes: { readOnly: false, destructive: false, idempotent: false },
    schema: {
      input: z => z.object({ ...common(z), incidentId: incidentIdInput(z) }),
      output: runOutput,
    },
    action: async ({ input, credentials }) => {
      const run = await runOperation(
        executor,
        {
          operation: 'backup',
          entityRef: input.entityRef,
          dryRun: input.dryRun,
          parameters: {},
          idempotencyKey: input.idempotencyKey,
          incidentId: input.incidentId,
        },
        { credentials, via: 'actions-registry' },
        { wait: input.wait },
      );
      return { output: toOutput(run) };
    },
  });

  actionsRegistry.register({
    name: 'backup-verify',
    title: 'Verify a database backup',
    description:
      'Verifies the newest backup by time (or a given key) of a database: size, SHA-256, pg_restore --list; in full mode restores into a scratch database, checks tables and row counts, and drops it. Fails when the backup is bad; the result is recorded as evidence.',
    attributes: { readOnly: false, destructive: false, idempotent: false },
    schema: {
      input: z =>
        z.object({
          ...common(z),
          incidentId: incidentIdInput(z),
          mode: z
            .enum(['quick', 'full'])
            .optional()
            .describe('quick (default) or full'),
          key: z
            .string()
            .optional()
            .describe('Object key of the backup; default the newest by time'),
        }),
      output: runOutput,
    },
    action: async ({ input, credentials }) => {
      const run = await runOperation(
        executor,
        {
          operation: 'verify',
          entityRef: input.entityRef,
          dryRun: input.dryRun,
          parameters: {
            ...(input.mode ? { mode: input.mode } : {}),
            ...(input.key ? { key: input.key } : {}),
          },
          idempotencyKey: input.idempotencyKey,
          incidentId: input.incidentId,
        },
        { credentials, via: 'actions-registry' },
        { wait: input.wait },
      );
      return { output: toOutput(run) };
    },
  });

  actionsRegistry.register({
    name: 'database-restore',
    title: 'Restore a database',
    description:
      "Restores a database from a dump (a key or the newest) or to a point in time (pgBackRest) into a NEW database, verifies it, and cuts over only when asked; or, with scope tenant, restores one tenant's rows into a side schema. Records achieved RTO and data-loss window. Use dryRun first.",
    attributes: { readOnly: false, destructive: true, idempotent: false },
    schema: {
      input: z =>
        z.object({
          ...common(z),
          incidentId: incidentIdInput(z),
          source: z
            .enum(['dump', 'point-in-time'])
            .optional()
            .describe('dump (default) or point-in-time'),
          scope: z
            .enum(['database', 'tenant'])
            .optional()
            .describe(
              "database (default) or tenant (one tenant's rows into a side schema)",
            ),
          key: z
            .string()
            .optional()
            .describe('Dump to restore; default the newest by time'),
          targetTime: z
            .string()
            .optional()
            .describe(
              'ISO 8601 date-time inside the PITR window (source point-in-time)',
            ),
          cutOver: z
            .boolean()
            .optional()
            .describe('Repoint traffic to the verified copy (default false)'),
          acceptWarnings: z
            .array(z.string())
            .optional()
            .describe(
              'Ids of checks whose warnings you accept (source dump); recorded with the run. Any other warning stops the restore',
            ),
          purpose: z
            .enum(RUN_PURPOSES)
            .optional()
            .describe(
              'Why the restore runs: test (default without cut-over), drill, or recovery (default with cut-over). Only recoveries count for recovery objectives and MTTR',
            ),
        }),
      output: runOutput,
    },
    action: async ({ input, credentials }) => {
      const { operation, parameters } = restoreOperationFor(input);
      const run = await runOperation(
        executor,
        {
          operation,
          entityRef: input.entityRef,
          dryRun: input.dryRun,
          ...(input.purpose ? { purpose: input.purpose } : {}),
          parameters,
          idempotencyKey: input.idempotencyKey,
          incidentId: input.incidentId,
        },
        { credentials, via: 'actions-registry' },
        { wait: input.wait },
      );
      return { output: toOutput(run) };
    },
  });
  actionsRegistry.register({
    name: 'restored-copy-discard',
    title: 'Discard a restored copy',
    description:
      "Drops a restored copy that is no longer needed: a `<db>_restore_<ts>` database a restore made, the `<db>_old_<ts>` database a cut-over kept, or a `restore_<tenant>_<ts>` side schema. Only names found among the target's restored copies are accepted; the live database is never touched. Use dryRun first.",
    attributes: { readOnly: false, destructive: true, idempotent: false },
    schema: {
      input: z =>
        z.object({
          ...common(z),
          incidentId: incidentIdInput(z),
          name: z
            .string()
            .describe('Name of the restored database or side schema'),
        }),
      output: runOutput,
    },
    action: async ({ input, credentials }) => {
      const run = await runOperation(
        executor,
        {
          operation: 'discard-copy',
          entityRef: input.entityRef,
          dryRun: input.dryRun,
          parameters: { name: input.name },
          idempotencyKey: input.idempotencyKey,
          incidentId: input.incidentId,
        },
        { credentials, via: 'actions-registry' },
        { wait: input.wait },
      );
      return { output: toOutput(run) };
    },
  });
}
