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
import { drillPlanSteps } from './drillPlan';

/** The drill kinds this portal runs today. */
const RUNNABLE: readonly DrillKind[] = ['restore', 'tenant-restore'];

interface PreparedDrill {
  target: DatabaseTarget;
  kind: 'restore' | 'tenant-restore';
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
): 'restore' | 'tenant-restore' {
  if (!RUNNABLE.includes(kind)) {
    throw new InputError(
      `Invalid parameters for drill: kind: a ${DRILL_KIND_INFO[
        kind
      ].title.toLocaleLowerCase(
        'en-US',
      )} cannot be run here yet; this portal runs ${RUNNABLE.join(
        ' and ',
      )} drills (name one with kind)`,
    );
  }
  if (kind === 'tenant-restore' && !context.entity.tenant) {
    throw new InputError(
      `Invalid parameters for drill: kind: a tenant restore drill needs a tenant Resource; ${context.entity.entityRef} is a database`,
    );
  }
  return kind as 'restore' | 'tenant-restore';
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
      const backup = await locateBackup(target, parameters.key, signal);
      return {
        target,
        kind,
        tenantId,
        names: drillArtefactNames(target, now, { tenantId, workBase }),
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
    plan({ target, kind, names, facts, tenantId }) {
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
          targets: {
            rto: targets.rtoText,
            rpo: targets.rpoText,
            rtoSeconds: targets.rtoMs / 1000,
            rpoSeconds: targets.rpoMs / 1000,
          },
          // The drill artefacts, recorded with the run before anything is created.
          creates,
          removes: creates,
          participants: [facts.initiatedBy, ...facts.participants],
        },
      };
    },
    async execute(prepared, context) {
      const { target, kind, names, facts, state, tenantId } = prepared;
      state.runStartedAt = context.runStartedAt;
      const result = await runRestoreDrill({
        target,
        kind,
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
      const figures = drillFigures(state);
      return {
        measuresRecovery: true,
        restorePoint: result.restorePoint,
        // The recovery ended with the validation (the clean-up is not part of it).
        ...(figures.rtoMs !== undefined
          ? {
              serviceRestored: {
                at: state.recoveredAt!,
                dataLossSeconds: Math.round((figures.lossMs ?? 0) / 1000),
              },
            }
          : {}),
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
          summary: `${report.typeTitle} of ${facts.scenario.title}: ${
            report.result
          } (RTO ${
            figures.rtoMs === undefined ? '–' : formatDuration(figures.rtoMs)
          } of ${facts.targets.rtoText}, data loss ${
            figures.lossMs === undefined ? '–' : formatDuration(figures.lossMs)
          } of ${facts.targets.rpoText})`,
          report,
        },
      };
    },
    onFailure(prepared, error) {
      const { kind, facts, state } = prepared;
      if (error instanceof BackupCheckError) {
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
