import { ConflictError, InputError } from '@backstage/errors';
import {
  disasterRecoveryDatabaseFailbackPermission,
  disasterRecoveryDatabaseFailoverPermission,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import {
  LIVE_SWITCHOVER_CLEANUP_TARGET,
  LIVE_SWITCHOVER_CLEANUP_TITLE,
  LIVE_SWITCHOVER_PHASE_TITLES,
  LIVE_SWITCHOVER_PHASES,
  LiveSwitchoverPhase,
  ReprotectOptions,
  runLiveSwitchoverDrill,
  serverAddress,
} from '@dr-portal/backstage-plugin-disaster-recovery-node';
import { TargetFailoverSettings } from '../../../failover/failoverSettings';
import { otherServer, TargetRoles } from '../../../failover/targetTopology';
import { PlannedStep } from '../../operationDefinition';
import { FailoverSettingsMap, failoverSettingsOf } from '../failoverSettingsOf';
import { promotionPlanSteps } from '../promotion';
import { reprotectModeOf, reprotectPlanSteps } from '../reprotect';
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

/** What a live switchover drill prepares: the pair, its roles and how each server rejoins. */
interface LiveDrillExtra {
  settings: TargetFailoverSettings;
  roles: TargetRoles & {
    standbyServer: NonNullable<TargetRoles['standbyServer']>;
  };
  primaryMode: ReprotectOptions['mode'];
  standbyMode: ReprotectOptions['mode'];
}

type PreparedLiveDrill = PreparedDrill<LiveDrillExtra>;

/** The steps of each phase, prefixed with the phase as the run records them. */
function planSteps(prepared: PreparedLiveDrill): PlannedStep[] {
  const { target, extra } = prepared;
  const primary = target.primary;
  const standby = target.standby!;
  const { settings } = extra;
  const reprotectOf = (
    server: typeof primary,
    newPrimary: typeof primary,
    mode: ReprotectOptions['mode'],
  ) =>
    reprotectPlanSteps({
      server,
      newPrimary,
      mode,
      settings,
      allowBasebackup: settings.allowBasebackup,
    });
  const phases: Record<LiveSwitchoverPhase, PlannedStep[]> = {
    switchover: promotionPlanSteps({
      mode: 'switchover',
      target: { ...target, standby },
      settings,
    }),
    reprotect: reprotectOf(primary, standby, extra.primaryMode),
    switchback: promotionPlanSteps({
      mode: 'switchover',
      target: { ...target, primary: standby, standby: primary },
      settings,
    }),
    'reprotect-back': reprotectOf(standby, primary, extra.standbyMode),
  };
  return [
    ...LIVE_SWITCHOVER_PHASES.flatMap(phase =>
      phases[phase].map(s => ({
        ...s,
        id: `${phase}.${s.id}`,
        title: `${LIVE_SWITCHOVER_PHASE_TITLES[phase]}: ${s.title}`,
      })),
    ),
    {
      id: 'cleanup',
      title: LIVE_SWITCHOVER_CLEANUP_TITLE,
      detail: `${serverAddress(primary)} is the primary, ${serverAddress(
        standby,
      )} streams from it`,
    },
    REPORT_STEP,
  ];
}

/** Which configured server is the primary after the phases whose decisive step succeeded. */
function rolesAfter(
  prepared: PreparedLiveDrill,
  steps: ReadonlyArray<{ id: string; status: string }>,
): TargetRoles | undefined {
  const done = (id: string) =>
    steps.some(s => s.id === id && s.status === 'succeeded');
  const start = prepared.extra.roles;
  if (!done('switchover.promote')) return undefined;
  if (!done('reprotect.wait-streaming')) {
    return { primaryServer: start.standbyServer };
  }
  if (!done('switchback.promote')) {
    return {
      primaryServer: start.standbyServer,
      standbyServer: start.primaryServer,
    };
  }
  if (!done('reprotect-back.wait-streaming')) {
    return { primaryServer: start.primaryServer };
  }
  return { ...start };
}

/**
 * A live switchover drill, for the annual full simulation: a real switchover to the standby and
 * back through the failover library, with the target's fencers, traffic switch and reprotect
 * settings. Opt-in: it runs only on the database entity, with `acknowledgeLiveSwitchover`, and the
 * scheduler never runs it.
 */
export function liveSwitchoverDrillKind(
  failover: FailoverSettingsMap,
): DrillKindDefinition<LiveDrillExtra> {
  return {
    cleanupTarget: LIVE_SWITCHOVER_CLEANUP_TARGET,
    // it runs a switchover and a reprotect: it needs what they need
    alsoRequires: [
      disasterRecoveryDatabaseFailoverPermission,
      disasterRecoveryDatabaseFailbackPermission,
    ],
    check(context) {
      const { entity, parameters, dryRun, roles, target } = context;
      if (entity.tenant) {
        throw new InputError(
          `Invalid parameters for drill: kind: a live switchover drill switches the whole database; run it on the database Resource, not the tenant ${entity.entityRef}`,
        );
      }
      if (parameters.key !== undefined) {
        throw new InputError(
          'Invalid parameters for drill: key: a live switchover drill switches the servers, it restores no backup',
        );
      }
      if (!dryRun && parameters.acknowledgeLiveSwitchover !== true) {
        throw new InputError(
          'Invalid parameters for drill: acknowledgeLiveSwitchover: a live switchover drill switches production to the standby and back; set it to true to run one',
        );
      }
      if (!target.standby || !roles.standbyServer) {
        throw new ConflictError(
          `Target ${
            target.name
          } has no standby streaming from its primary ${serverAddress(
            target.primary,
          )}: a live switchover drill needs a protected pair (reprotect first)`,
        );
      }
    },
    async prepare({ target, configured, roles }) {
      const settings = failoverSettingsOf(
        failover,
        target,
        'a live switchover drill',
      );
      return {
        extra: {
          settings,
          roles: { ...roles, standbyServer: roles.standbyServer! },
          primaryMode: reprotectModeOf(
            configured,
            settings,
            roles.primaryServer,
          ),
          standbyMode: reprotectModeOf(
            configured,
            settings,
            otherServer(roles.primaryServer),
          ),
        },
      };
    },
    plan(prepared) {
      const { target, facts, extra } = prepared;
      const primary = serverAddress(target.primary);
      const standby = serverAddress(target.standby!);
      const sw = extra.settings.trafficSwitch();
      const changes = [
        `${standby} promoted to primary, then rejoined as a standby (${extra.standbyMode.type} reprotect)`,
        `${primary} fenced and rejoined as a standby (${extra.primaryMode.type} reprotect), then the primary again`,
        sw
          ? `the traffic switch ${sw.describe()}: paused, repointed to ${standby}, then back to ${primary}`
          : 'no traffic switch: clients are not repointed by the drill',
        'both servers move to new timelines; writes are held while each switchover runs',
      ];
      return {
        steps: planSteps(prepared),
        wouldNotTouch: [
          `the data of ${primary} and ${standby}: each switchover waits until the standby replayed every committed transaction (zero loss expected)`,
        ],
        resolved: {
          kind: prepared.kind,
          scenario: facts.scenario.id,
          targets: targetsOutput(facts.targets),
          primary,
          standby,
          changes,
          creates: [],
          removes: [],
          participants: participantsOf(facts),
        },
      };
    },
    async execute(prepared, context) {
      const { target, state, extra } = prepared;
      const { settings } = extra;
      const result = await runLiveSwitchoverDrill({
        primary: target.primary,
        standby: target.standby!,
        switchoverSettings: () => ({
          fencers: settings.fencers(),
          trafficSwitch: settings.trafficSwitch(),
          probe: settings.probe,
          rpoSeconds: settings.rpoSeconds,
          maxLagBytes: settings.maxLagBytes,
          replayTimeoutMs: settings.replayTimeoutMs,
          verifyTimeoutMs: settings.verifyTimeoutMs,
          secrets: settings.secrets,
        }),
        reprotect: {
          slotName: settings.slotName,
          pgBinDir: target.pgBinDir,
          allowBasebackup: settings.allowBasebackup,
          secrets: settings.secrets,
          primaryMode: extra.primaryMode,
          standbyMode: extra.standbyMode,
        },
        ...drillFrame(prepared, context),
      });
      state.validation = result.validation;
      state.recoveredAt = result.recoveredAt;
      state.dataLossMs = result.lostBytes === 0 ? 0 : undefined;
      state.warnings = checkWarnings(result.checks);
      return drillOutcome(prepared, {
        primary: serverAddress(target.primary),
        standby: serverAddress(target.standby!),
        switchover: promotionSummary(result.switchover),
        switchback: promotionSummary(result.switchback),
        reprotects: result.reprotects.map(r => ({
          method: r.method,
          timeline: r.timeline,
        })),
        lostBytes: result.lostBytes,
        validation: result.validation,
        checks: result.checks,
      });
    },
    rolesAfter,
  };
}

/** What the drill output keeps of a switchover. */
function promotionSummary(
  r: Awaited<ReturnType<typeof runLiveSwitchoverDrill>>['switchover'],
) {
  return {
    achievedRtoMs: r.achievedRtoMs,
    firstWriteAt: r.firstWriteAt,
    verifiedThrough: r.verifiedThrough,
    oldTimeline: r.oldTimeline,
    newTimeline: r.newTimeline,
    lostBytes: r.dataLoss.lostBytes,
  };
}
