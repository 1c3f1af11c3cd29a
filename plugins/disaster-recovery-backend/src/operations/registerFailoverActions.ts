import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  FAILOVER_RISK_IDS,
  FailoverAction,
  FailoverRequest,
  failoverOperationFor,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { z as zv3 } from 'zod/v3';
import {
  common,
  incidentIdInput,
  runOutput,
  toOutput,
} from './operationActionSchemas';
import { RecoveryOperationExecutor } from './RecoveryOperationExecutor';
import { runOperation } from './runOperation';

type Z = typeof zv3;

const acceptRisks = (z: Z) =>
  z
    .array(z.enum(FAILOVER_RISK_IDS))
    .optional()
    .describe(
      'Risks of failing preflight checks you accept (e.g. old-primary-unreachable, lag-beyond-rpo); recorded with the run. Any other failing check refuses the run',
    );

const incidentStartedAt = (z: Z) =>
  z
    .string()
    .optional()
    .describe(
      'When the incident started (ISO 8601 with zone); the achieved RTO counts from it, else from the run start',
    );

/**
 * Registers the failover actions in the backend actions registry: `failover-preflight` (the dry
 * run of a switchover or failover), `database-switchover`, `database-failover` and
 * `database-reprotect`. Each is one executor operation, as the REST API and the scaffolder
 * actions run it.
 *
 * @public
 */
export function registerFailoverActions(
  actionsRegistry: ActionsRegistryService,
  deps: { executor: RecoveryOperationExecutor },
): void {
  // Each action passes its own input: the fields of the request it does not have are undefined.
  const run = async (
    action: FailoverAction,
    input: Omit<FailoverRequest, 'action'> & {
      entityRef: string;
      dryRun?: boolean;
      wait?: boolean;
      idempotencyKey?: string;
      incidentId?: string;
    },
    credentials: Parameters<typeof runOperation>[2]['credentials'],
  ) => {
    const { operation, parameters, dryRun } = failoverOperationFor({
      action,
      mode: input.mode,
      acceptRisks: input.acceptRisks,
      incidentStartedAt: input.incidentStartedAt,
      allowBasebackup: input.allowBasebackup,
    });
    const result = await runOperation(
      deps.executor,
      {
        operation,
        entityRef: input.entityRef,
        dryRun: dryRun || !!input.dryRun,
        parameters,
        idempotencyKey: input.idempotencyKey,
        incidentId: input.incidentId,
      },
      { credentials, via: 'actions-registry' },
      { wait: input.wait },
    );
    return { output: toOutput(result) };
  };
  const entityRef = (z: Z) => common(z).entityRef;
  const wait = (z: Z) => common(z).wait;
  const idempotencyKey = (z: Z) => common(z).idempotencyKey;

  actionsRegistry.register({
    name: 'failover-preflight',
    title: 'Check whether a database can fail over',
    description:
      "Runs the preflight of a switchover (default) or failover of a database Resource's primary to its standby, changing nothing: standby reachable, in recovery and streaming, replay not paused, lag in bytes and seconds against the RPO, timelines and LSNs of both servers, old primary reachable, no other run holding the target. Each check passes or fails with a reason and the risk you could accept.",
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: {
      input: z =>
        z.object({
          entityRef: entityRef(z),
          mode: z
            .enum(['switchover', 'failover'])
            .optional()
            .describe('The run to check: switchover (default) or failover'),
          acceptRisks: acceptRisks(z),
        }),
      output: runOutput,
    },
    action: async ({ input, credentials }) =>
      run('preflight', input, credentials),
  });

  // A switchover, failover or reprotect: its own fields between the entity and how to run it.
  const registerRun = (
    action: Exclude<FailoverAction, 'preflight'>,
    spec: {
      name: string;
      title: string;
      description: string;
      fields: (z: Z) => zv3.ZodRawShape;
    },
  ) =>
    actionsRegistry.register({
      name: spec.name,
      title: spec.title,
      description: spec.description,
      attributes: { readOnly: false, destructive: true, idempotent: false },
      schema: {
        input: z =>
          z.object({
            entityRef: entityRef(z),
            ...spec.fields(z),
            incidentId: incidentIdInput(z),
            wait: wait(z),
            idempotencyKey: idempotencyKey(z),
          }),
        output: runOutput,
      },
      action: async ({ input, credentials }) => run(action, input, credentials),
    });

  registerRun('switchover', {
    name: 'database-switchover',
    title: 'Switch a database over to its standby',
    description:
      'Planned switchover with zero committed transactions lost: pauses the traffic switch, fences the old primary, waits until the standby replayed its last WAL, promotes it, repoints and resumes the switch, and verifies a write through it. Records step timings, achieved RTO and timelines. The old primary is no standby afterwards until it is reprotected. Use failover-preflight first.',
    fields: z => ({
      acceptRisks: acceptRisks(z),
    }),
  });

  registerRun('failover', {
    name: 'database-failover',
    title: 'Fail a database over to its standby',
    description:
      "Unplanned failover when the primary is down or unreachable: the switchover's steps without waiting for replay. Refuses a failing preflight check unless you accept its risk. Records the data-loss window (last received and replayed LSN, last replayed commit), achieved RTO from the incident start, and timelines. Counts as an incident recovery (MTTR). Use failover-preflight with mode failover first.",
    fields: z => ({
      acceptRisks: acceptRisks(z),
      incidentStartedAt: incidentStartedAt(z),
    }),
  });

  registerRun('reprotect', {
    name: 'database-reprotect',
    title: 'Reprotect a database after a failover',
    description:
      'Turns the old primary into a streaming standby of the new one with pg_rewind (falling back to a fresh pg_basebackup), so the database is protected again. Failing back is then a database-switchover with zero lag.',
    fields: z => ({
      dryRun: common(z).dryRun,
      allowBasebackup: z
        .boolean()
        .optional()
        .describe(
          'Rebuild with pg_basebackup when pg_rewind cannot rewind (default: the target setting, true)',
        ),
    }),
  });
}
