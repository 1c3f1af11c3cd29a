import { InputError } from '@backstage/errors';
import {
  DatabaseTarget,
  DrillArtefactNames,
  runIsolatedFailoverDrill,
  targetDatabaseName,
} from '@dr-portal/backstage-plugin-disaster-recovery-node';
import { ExecuteContext, PlannedStep } from '../../operationDefinition';
import { describeDatabase } from '../describeTarget';
import {
  checkWarnings,
  DrillKindDefinition,
  drillFrame,
  drillOutcome,
  participantsOf,
  PreparedDrill,
  REPORT_STEP,
  targetsOutput,
} from './drillKind';

/** The steps of an isolated test failover drill, as its dry run shows them. */
function failoverPlanSteps(options: {
  target: DatabaseTarget;
  names: DrillArtefactNames;
}): PlannedStep[] {
  const { target, names } = options;
  const settings = target.isolatedFailover!;
  const primary = `${target.primary.host}:${target.primary.port}`;
  return [
    {
      id: 'prepare',
      title: 'Create the throwaway server directory and pick a port',
      detail: `${names.serverDir}; port ${
        settings.ports
          ? `from ${settings.ports.from} to ${settings.ports.to}`
          : 'any free one'
      } on 127.0.0.1`,
    },
    {
      id: 'basebackup',
      title: 'Copy the primary with pg_basebackup (WAL streamed, no slot)',
      detail: `from ${primary}${
        settings.osUser ? ` as OS user ${settings.osUser}` : ''
      }`,
    },
    {
      id: 'source',
      title: "Read the primary's row counts and WAL position",
      detail:
        'per table and per tenant in one snapshot; a WAL message marks the position',
    },
    {
      id: 'configure',
      title:
        "Configure the copy: own port, no archiving, replay up to the primary's position",
      detail:
        'archive_mode off, no slot, no feedback, listen on 127.0.0.1, recovery_target_lsn = the position',
    },
    { id: 'start', title: 'Start the copy', detail: 'pg_ctl start' },
    {
      id: 'catch-up',
      title: "Let the copy catch up to the primary's position",
      detail: 'until its replay pauses at the position',
    },
    {
      id: 'promote',
      title:
        'Promote the copy (pg_promote, nothing fenced) and wait until it answers',
      detail:
        'pg_promote(wait => true), then a write on a new session: the end of the achieved RTO; the WAL and write transactions the primary had past the copy are the data-loss window',
    },
    {
      id: 'smoke',
      title:
        "Compare the copy's row counts per table and per tenant with the primary's",
      detail:
        'every table present, counts equal to the primary at the position',
    },
    {
      id: 'cleanup',
      title: 'Stop the copy and remove its directory',
      detail: `stop the server, delete ${names.serverDir}, free the port; also when the drill fails or is cancelled, and by the scheduler's clean-up pass when the backend died`,
    },
    REPORT_STEP,
  ];
}

/** What an isolated test failover drill would do, create and remove, and what it never touches. */
function failoverDrillPlan(prepared: PreparedDrill) {
  const { target, names, facts } = prepared;
  const settings = target.isolatedFailover!;
  const ports = settings.ports
    ? `the first free port from ${settings.ports.from} to ${settings.ports.to}`
    : 'a free port';
  const creates = [
    `server directory ${
      names.serverDir
    } (a copy of the primary's data directory, its socket and log${
      settings.osUser ? `, owned by OS user ${settings.osUser}` : ''
    })`,
    `a PostgreSQL server on 127.0.0.1 at ${ports}, promoted during the drill`,
  ];
  return {
    steps: failoverPlanSteps({ target, names }),
    wouldNotTouch: [
      `the live ${describeDatabase(
        target,
        targetDatabaseName(target),
      )}: read only (a base backup, row counts, one WAL message marking the copy's position); nothing is fenced`,
      ...(target.standby
        ? [
            `the standby ${target.standby.host}:${target.standby.port}: not used`,
          ]
        : []),
      'the WAL archive and replication slots: the copy never archives, holds no slot and sends no feedback',
    ],
    resolved: {
      kind: prepared.kind,
      scenario: facts.scenario.id,
      targets: targetsOutput(facts.targets),
      creates,
      removes: creates,
      participants: participantsOf(facts),
    },
  };
}

/** Runs an isolated test failover drill and records its report. */
async function executeFailoverDrill(
  prepared: PreparedDrill,
  context: ExecuteContext,
) {
  const { target, names, state } = prepared;
  const result = await runIsolatedFailoverDrill({
    target,
    names,
    ...drillFrame(prepared, context),
  });
  state.validation = result.validation;
  state.restorePoint = result.source.at;
  state.recoveredAt = result.recoveredAt;
  state.dataLossMs = result.dataLoss.windowMs;
  state.warnings = [
    ...(result.source.consistent
      ? []
      : [
          'source: writes kept committing while the primary was counted; the counts were compared as warnings',
        ]),
    ...checkWarnings(result.checks),
  ];
  return drillOutcome(prepared, {
    server: { port: result.server.port, directory: result.server.directory },
    source: result.source,
    dataLoss: result.dataLoss,
    timeline: result.timeline,
    validation: result.validation,
    checks: result.checks,
    removed: result.removed,
  });
}

/**
 * An isolated test failover drill: a throwaway copy of the primary promoted without fencing
 * anything, checked against the primary's counts, then removed.
 */
export const isolatedFailoverDrillKind: DrillKindDefinition = {
  server: true,
  check(context) {
    if (!context.target.isolatedFailover) {
      throw new InputError(
        `Invalid parameters for drill: kind: target ${context.target.name} has no isolated test failover settings (disasterRecovery.targets.${context.target.name}.isolatedFailover: scratch directory, ports, OS user)`,
      );
    }
    if (context.parameters.key !== undefined) {
      throw new InputError(
        'Invalid parameters for drill: key: an isolated test failover copies the primary, not a backup',
      );
    }
  },
  async prepare() {
    return { extra: undefined };
  },
  plan: failoverDrillPlan,
  execute: executeFailoverDrill,
};
