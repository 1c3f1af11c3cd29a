import { InputError } from '@backstage/errors';
import {
  disasterRecoveryDrillRunPermission,
  DRILL_KIND_INFO,
  DrillKind,
  drillTargets,
  DrPolicy,
  DrScenario,
  DR_ANNOTATIONS,
  formatDuration,
  getTier,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import {
  BackupCheckError,
  DatabaseTarget,
  drillArtefactNames,
  DrillArtefactNames,
  drillValidation,
  runIsolatedFailoverDrill,
  runRestoreDrill,
  scrubSecrets,
  targetDatabaseName,
  targetSecrets,
} from '@dr-portal/backstage-plugin-disaster-recovery-node';
import { OperationDefinition, PrepareContext } from '../operationDefinition';
import { OperationParameters } from '../parameters';
import { describeBackupLocation, describeDatabase } from './describeTarget';
import {
  drillFigures,
  DrillReportFacts,
  drillReportOf,
  DrillRunState,
  recordStep,
} from './drillReport';
import { locateBackup } from './locateBackup';
import { drillPlanSteps, failoverDrillPlanSteps } from './drillPlan';

/** The drill kinds this portal runs today. */
const RUNNABLE: readonly DrillKind[] = [
  'restore',
  'tenant-restore',
  'isolated-failover',
];

/** A drill kind this portal runs. */
type RunnableKind = 'restore' | 'tenant-restore' | 'isolated-failover';

interface PreparedDrill {
  target: DatabaseTarget;
  kind: RunnableKind;
  tenantId?: string;
  names: DrillArtefactNames;
  facts: DrillReportFacts;
  state: DrillRunState;
}

function findScenario(policy: DrPolicy, id: string): DrScenario {
  const scenario = policy.scenarios.find(s => s.id === id);
  if (!scenario) {
    throw new InputError(
      `Invalid parameters for drill: scenario: ${JSON.stringify(
        id,
      )} is not a scenario of the policy (${policy.scenarios
        .map(s => s.id)
        .join(', ')})`,
    );
  }
  return scenario;
}

function runnableKind(
  kind: DrillKind,
  context: PrepareContext<OperationParameters['drill']>,
): RunnableKind {
  if (!RUNNABLE.includes(kind)) {
    throw new InputError(
      `Invalid parameters for drill: kind: a ${DRILL_KIND_INFO[
        kind
      ].title.toLocaleLowerCase(
        'en-US',
      )} cannot be run here yet; this portal runs ${RUNNABLE.join(
        ', ',
      )} drills (name one with kind)`,
    );
  }
  if (kind === 'tenant-restore' && !context.entity.tenant) {
    throw new InputError(
      `Invalid parameters for drill: kind: a tenant restore drill needs a tenant Resource; ${context.entity.entityRef} is a database`,
    );
  }
  if (kind === 'isolated-failover') {
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
  }
  return kind as RunnableKind;
}

/**
 * The `drill` operation: rehearses a policy scenario with its drill kind (a restore drill or a
 * tenant restore drill) through the same `-node` restore functions as real restores, into drill
 * artefacts that are always removed, and records the plan's test report as the run's evidence:
 * achieved RTO and data loss against the scenario's targets for the entity's tier, the validation
 * against the source's statistics, the clean-up, issues and action items. A drill that exceeds a
 * target still succeeds as a run; its report and the posture's drill check say fail.
 */
export function createDrillOperation(options: {
  policy: DrPolicy;
  /** Where drills make their work directories (default the OS temp dir). */
  workBase?: string;
}): OperationDefinition<OperationParameters['drill'], PreparedDrill> {
  const { policy, workBase } = options;
  return {
    permission: disasterRecoveryDrillRunPermission,
    // A drill never writes the live database: the permission on the entity is enough.
    affectsWholeDatabase: false,
    scenarioOf: prepared => prepared.facts.scenario.id,
    async prepare(context) {
      const { entity, target, parameters, now, signal } = context;
      const scenario = findScenario(policy, parameters.scenario);
      const kind = runnableKind(parameters.kind ?? scenario.drillKind, context);
      const tier = getTier(
        policy,
        entity.entity.metadata.annotations?.[DR_ANNOTATIONS.tier],
      );
      const tenantId =
        kind === 'tenant-restore' ? entity.tenant!.id : undefined;
      const backup =
        kind === 'isolated-failover'
          ? undefined
          : await locateBackup(target, parameters.key, signal);
      return {
        target,
        kind,
        tenantId,
        names: drillArtefactNames(target, now, {
          tenantId,
          workBase,
          server: kind === 'isolated-failover',
        }),
        facts: {
          runId: context.run?.id ?? '',
          kind,
          scenario,
          entityRef: entity.entityRef,
          target: target.name,
          initiatedBy: context.run?.initiatedBy ?? '',
          participants: parameters.participants,
          actionItems: parameters.actionItems,
          targets: drillTargets(tier, scenario),
          backup,
        },
        state: { steps: [], warnings: [] },
      };
    },
    plan(prepared) {
      if (prepared.kind === 'isolated-failover') {
        return failoverDrillPlan(prepared);
      }
      const { target, kind, names, facts, tenantId } = prepared;
      const { targets, backup } = facts;
      const live = targetDatabaseName(target);
      const creates = [
        `database ${names.database} on ${target.primary.host}:${
          target.primary.port
        }${
          kind === 'tenant-restore'
            ? ` (with side schema ${names.sideSchema} for tenant ${tenantId})`
            : ''
        }`,
        `work directory ${names.workDir} (the downloaded dump)`,
      ];
      return {
        steps: drillPlanSteps({
          kind,
          target,
          names,
          backupLocation: describeBackupLocation(target, backup!.key),
          backupTakenAt: backup!.takenAt.toISOString(),
          tenantId,
        }),
        wouldNotTouch: [
          `the live ${describeDatabase(
            target,
            live,
          )}: the drill never writes it`,
          `the backup object ${describeBackupLocation(
            target,
            backup!.key,
          )} (read only)`,
        ],
        resolved: {
          kind,
          scenario: facts.scenario.id,
          key: backup!.key,
          restorePoint: backup!.takenAt.toISOString(),
          ...(tenantId ? { tenantId } : {}),
          targets: targetsOutput(targets),
          // The drill artefacts, recorded with the run before anything is created.
          creates,
          removes: creates,
          participants: [facts.initiatedBy, ...facts.participants],
        },
      };
    },
    async execute(prepared, context) {
      if (prepared.kind === 'isolated-failover') {
        return executeFailoverDrill(prepared, context);
      }
      const { target, kind, names, facts, state, tenantId } = prepared;
      state.runStartedAt = context.runStartedAt;
      const result = await runRestoreDrill({
        target,
        kind: kind as 'restore' | 'tenant-restore',
        key: facts.backup!.key,
        tenantId,
        names,
        previousVerifiedKey: await context.previousVerifiedKey(),
        signal: context.signal,
        logger: context.logger,
        onStep: step => {
          recordStep(state, step);
          context.onStep(step);
        },
      });
      state.validation = result.validation;
      state.restorePoint = result.restorePoint;
      state.recoveredAt = result.recoveredAt;
      state.warnings = result.checks
        .filter(c => c.status === 'warn')
        .map(c => `${c.id}: ${c.detail}`);
      const report = drillReportOf(facts, state, new Date());
      return {
        ...recoveryFigures(state),
        output: {
          kind,
          scenario: facts.scenario.id,
          key: result.key,
          sha256: result.sha256,
          restorePoint: result.restorePoint,
          validation: result.validation,
          checks: result.checks,
          removed: result.removed,
          result: report.result,
          summary: drillSummary(facts, state, report),
          report,
        },
      };
    },
    onFailure(prepared, error) {
      const { kind, facts, state } = prepared;
      if (error instanceof BackupCheckError && kind !== 'isolated-failover') {
        state.validation = drillValidation(kind, error.checks as never);
      }
      const report = drillReportOf(
        facts,
        state,
        new Date(),
        scrubSecrets(error.message, targetSecrets(prepared.target)),
      );
      return {
        output: {
          kind,
          scenario: facts.scenario.id,
          result: report.result,
          report,
        },
      };
    },
  };
}

/** The scenario's targets as a plan and a run output show them. */
function targetsOutput(targets: DrillReportFacts['targets']) {
  return {
    rto: targets.rtoText,
    rpo: targets.rpoText,
    rtoSeconds: targets.rtoMs / 1000,
    rpoSeconds: targets.rpoMs / 1000,
  };
}

/** The recovery a drill's run records: the end of the validated recovery and its data loss. */
function recoveryFigures(state: DrillRunState) {
  const figures = drillFigures(state);
  return {
    measuresRecovery: true,
    restorePoint: state.restorePoint,
    // The recovery ended with the validation (the clean-up is not part of it).
    ...(figures.rtoMs !== undefined
      ? {
          serviceRestored: {
            at: state.recoveredAt!,
            dataLossSeconds: Math.round((figures.lossMs ?? 0) / 1000),
          },
        }
      : {}),
  };
}

/** One line: the drill's result with its achieved figures against the targets. */
function drillSummary(
  facts: DrillReportFacts,
  state: DrillRunState,
  report: { typeTitle: string; result: string },
): string {
  const figures = drillFigures(state);
  return `${report.typeTitle} of ${facts.scenario.title}: ${
    report.result
  } (RTO ${
    figures.rtoMs === undefined ? '–' : formatDuration(figures.rtoMs)
  } of ${facts.targets.rtoText}, data loss ${
    figures.lossMs === undefined ? '–' : formatDuration(figures.lossMs)
  } of ${facts.targets.rpoText})`;
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
    steps: failoverDrillPlanSteps({ target, names }),
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
      participants: [facts.initiatedBy, ...facts.participants],
    },
  };
}

/** Runs an isolated test failover drill and records its report. */
async function executeFailoverDrill(
  prepared: PreparedDrill,
  context: Parameters<
    OperationDefinition<OperationParameters['drill'], PreparedDrill>['execute']
  >[1],
) {
  const { target, names, facts, state } = prepared;
  state.runStartedAt = context.runStartedAt;
  const result = await runIsolatedFailoverDrill({
    target,
    names,
    signal: context.signal,
    logger: context.logger,
    onStep: step => {
      recordStep(state, step);
      context.onStep(step);
    },
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
    ...result.checks
      .filter(c => c.status === 'warn')
      .map(c => `${c.id}: ${c.detail}`),
  ];
  const report = drillReportOf(facts, state, new Date());
  return {
    ...recoveryFigures(state),
    output: {
      kind: prepared.kind,
      scenario: facts.scenario.id,
      server: { port: result.server.port, directory: result.server.directory },
      source: result.source,
      dataLoss: result.dataLoss,
      timeline: result.timeline,
      validation: result.validation,
      checks: result.checks,
      removed: result.removed,
      result: report.result,
      summary: drillSummary(facts, state, report),
      report,
    },
  };
}
