import { InputError } from '@backstage/errors';
import {
  disasterRecoveryDrillRunPermission,
  DRILL_KIND_INFO,
  DrillKind,
  drillTargets,
  DrPolicy,
  DrScenario,
  DR_ANNOTATIONS,
  getTier,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import {
  drillArtefactNames,
  scrubSecrets,
  targetSecrets,
} from '@dr-portal/backstage-plugin-disaster-recovery-node';
import { OperationDefinition } from '../operationDefinition';
import { OperationParameters } from '../parameters';
import {
  DrillKindDefinition,
  DrillPrepareContext,
  PreparedDrill,
} from './drills/drillKind';
import { drillReportOf } from './drills/drillReport';
import { isolatedFailoverDrillKind } from './drills/isolatedFailoverDrillKind';
import { liveSwitchoverDrillKind } from './drills/liveSwitchoverDrillKind';
import { pitrDrillKind } from './drills/pitrDrillKind';
import { FailoverSettingsMap } from './failoverSettingsOf';
import { restoreDrillKind } from './drills/restoreDrillKind';

/** The drill kinds this portal runs, each planned and run by its own definition. */
function drillKinds(
  failover: FailoverSettingsMap,
): Partial<Record<DrillKind, DrillKindDefinition<any>>> {
  return {
    restore: restoreDrillKind('restore'),
    'tenant-restore': restoreDrillKind('tenant-restore'),
    'isolated-failover': isolatedFailoverDrillKind,
    'live-switchover': liveSwitchoverDrillKind(failover),
  };
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

/** The definition of a drill kind, once it has checked it can run here. */
function kindDefinition(
  kinds: Partial<Record<DrillKind, DrillKindDefinition<any>>>,
  kind: DrillKind,
  context: DrillPrepareContext,
): DrillKindDefinition<any> {
  const definition = kinds[kind];
  if (!definition) {
    throw new InputError(
      `Invalid parameters for drill: kind: a ${DRILL_KIND_INFO[
        kind
      ].title.toLocaleLowerCase(
        'en-US',
      )} cannot be run here yet; this portal runs ${Object.keys(kinds).join(
        ', ',
      )} drills (name one with kind)`,
    );
  }
  definition.check(context);
  return definition;
}

/**
 * The `drill` operation: rehearses a policy scenario with its drill kind through the same `-node`
 * functions as real recoveries, into drill artefacts that are always removed, and records the
 * plan's test report as the run's evidence: achieved RTO and data loss against the scenario's
 * targets for the entity's tier, the validation, the clean-up, issues and action items. Each kind
 * plans and runs in its own definition (`drills/`); this one dispatches. A drill that exceeds a
 * target still succeeds as a run; its report and the posture's drill check say fail.
 */
export function createDrillOperation(options: {
  policy: DrPolicy;
  /** Where drills make their work directories (default the OS temp dir). */
  workBase?: string;
  /** The targets' failover settings, for live switchover drills. */
  failover: FailoverSettingsMap;
}): OperationDefinition<OperationParameters['drill'], PreparedDrill> {
  const { policy, workBase } = options;
  const kinds = drillKinds(options.failover);
  const of = (prepared: PreparedDrill) =>
    prepared.pointInTime ? pitrDrillKind : kinds[prepared.kind]!;
  return {
    permission: disasterRecoveryDrillRunPermission,
    // A drill never writes the live database: the permission on the entity is enough.
    affectsWholeDatabase: false,
    scenarioOf: prepared => prepared.facts.scenario.id,
    alsoRequires: prepared => of(prepared).alsoRequires ?? [],
    async prepare(context) {
      const { entity, target, parameters, now } = context;
      const scenario = findScenario(policy, parameters.scenario);
      const kind = parameters.kind ?? scenario.drillKind;
      const pointInTime = parameters.pointInTime === true;
      if (pointInTime && kind !== 'restore') {
        throw new InputError(
          `Invalid parameters for drill: pointInTime: only a restore drill recovers to a point in time (this is a ${kind} drill)`,
        );
      }
      const definition = pointInTime
        ? pitrDrillKind
        : kindDefinition(kinds, kind, context);
      if (pointInTime) definition.check(context);
      const tier = getTier(
        policy,
        entity.entity.metadata.annotations?.[DR_ANNOTATIONS.tier],
      );
      const tenantId =
        kind === 'tenant-restore' ? entity.tenant!.id : undefined;
      const { extra, backup } = await definition.prepare(context);
      return {
        target,
        kind,
        tenantId,
        names: drillArtefactNames(target, now, {
          tenantId,
          workBase,
          server: definition.server,
          pitrServer: definition.pitrServer,
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
          cleanupTarget: definition.cleanupTarget,
        },
        state: { steps: [], warnings: [] },
        extra,
        pointInTime,
      };
    },
    plan: prepared => of(prepared).plan(prepared),
    execute: (prepared, context) => of(prepared).execute(prepared, context),
    rolesAfter: (prepared, steps) => of(prepared).rolesAfter?.(prepared, steps),
    onFailure(prepared, error) {
      const { kind, facts, state } = prepared;
      of(prepared).onFailure?.(prepared, error);
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
