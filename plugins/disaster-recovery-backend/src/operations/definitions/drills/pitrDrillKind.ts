import { InputError } from '@backstage/errors';
import {
  runPitrDrill,
  targetDatabaseName,
} from '@dr-portal/backstage-plugin-disaster-recovery-node';
import { PlannedStep } from '../../operationDefinition';
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

/** The steps of a point-in-time restore drill, as its dry run shows them. */
function planSteps(prepared: PreparedDrill): PlannedStep[] {
  const { target, names } = prepared;
  const stanza = target.pgbackrest!.stanza;
  return [
    {
      id: 'source',
      title: "Read the primary's row counts and the moment to recover to",
      detail: 'per table and per tenant in one snapshot, with its time',
    },
    {
      id: 'archive',
      title: 'Mark the moment with a commit and wait until its WAL is archived',
      detail:
        'an empty transaction and a WAL switch on the primary; no data changes',
    },
    {
      id: 'window',
      title: 'Read the PITR window (pgbackrest info)',
      detail: `stanza ${stanza}`,
    },
    {
      id: 'prepare',
      title: 'Create the restored server directory',
      detail: names.serverDir!,
    },
    {
      id: 'restore',
      title: 'pgbackrest restore --type=time to the moment',
      detail: `stanza ${stanza}, into the new data directory`,
    },
    {
      id: 'start',
      title: 'Start the restored server on a new port',
      detail: 'a free port on 127.0.0.1',
    },
    {
      id: 'promote',
      title: 'Wait for recovery to reach the moment and promote',
      detail: 'recovery stops before the marking commit',
    },
    {
      id: 'verify',
      title: 'Check the restored database',
      detail: 'tables readable, where recovery stopped',
    },
    {
      id: 'compare',
      title:
        "Compare the restored database's row counts with the primary's at that moment",
      detail: 'every table present, counts per table and per tenant equal',
    },
    {
      id: 'cleanup',
      title: 'Stop the restored server and remove its directory',
      detail: `stop it, delete ${names.serverDir}, free the port; also when the drill fails or is cancelled, and by the scheduler's clean-up pass when the backend died`,
    },
    REPORT_STEP,
  ];
}

/**
 * A restore drill to a point in time: the stanza recovered through pgBackRest to a moment the
 * drill marks on the primary, by the same `-node` function as real PITR restores, into a restored
 * server that is compared with the primary's counts at that moment and then removed.
 */
export const pitrDrillKind: DrillKindDefinition = {
  pitrServer: true,
  check(context) {
    if (!context.target.pgbackrest) {
      throw new InputError(
        `Invalid parameters for drill: pointInTime: target ${context.target.name} has no pgBackRest settings`,
      );
    }
    if (context.parameters.key !== undefined) {
      throw new InputError(
        'Invalid parameters for drill: key: a point-in-time restore drill recovers from the pgBackRest stanza, not a dump',
      );
    }
  },
  async prepare() {
    return { extra: undefined };
  },
  plan(prepared) {
    const { target, names, facts } = prepared;
    const creates = [
      `server directory ${
        names.serverDir
      } (the restored data directory, its socket and log${
        target.pgbackrest!.osUser
          ? `, owned by OS user ${target.pgbackrest!.osUser}`
          : ''
      })`,
      'a PostgreSQL server on 127.0.0.1 at a free port',
    ];
    return {
      steps: planSteps(prepared),
      wouldNotTouch: [
        `the live ${describeDatabase(
          target,
          targetDatabaseName(target),
        )}: read, plus one empty transaction and a WAL switch marking the moment`,
        `the pgBackRest repository of stanza ${
          target.pgbackrest!.stanza
        } (read only)`,
      ],
      resolved: {
        kind: prepared.kind,
        scenario: facts.scenario.id,
        pointInTime: true,
        targets: targetsOutput(facts.targets),
        creates,
        removes: creates,
        participants: participantsOf(facts),
      },
    };
  },
  async execute(prepared, context) {
    const { target, names, state } = prepared;
    const result = await runPitrDrill({
      target,
      names,
      ...drillFrame(prepared, context),
    });
    state.validation = result.validation;
    state.restorePoint = result.source.at;
    state.recoveredAt = result.recoveredAt;
    state.warnings = checkWarnings(result.checks);
    return drillOutcome(prepared, {
      pointInTime: true,
      restorePoint: result.source.at,
      source: result.source,
      server: result.server,
      ...(result.recoveryStop ? { recoveryStop: result.recoveryStop } : {}),
      validation: result.validation,
      checks: result.checks,
      removed: result.removed,
    });
  },
};
