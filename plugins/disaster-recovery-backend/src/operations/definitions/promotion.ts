import { ConflictError, InputError } from '@backstage/errors';
import {
  disasterRecoveryDatabaseFailoverPermission,
  RecoveryOperationName,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import {
  DatabaseTarget,
  failover,
  PreflightCheck,
  preflight,
  PreflightResult,
  PromotionResult,
  serverAddress,
  switchover,
} from '@dr-portal/backstage-plugin-disaster-recovery-node';
import { TargetFailoverSettings } from '../../failover/failoverSettings';
import { otherServer, TargetRoles } from '../../failover/targetTopology';
import { OperationDefinition, PlannedStep } from '../operationDefinition';
import { OperationParameters } from '../parameters';
import { FailoverSettingsMap, failoverSettingsOf } from './failoverSettingsOf';

type Mode = Extract<RecoveryOperationName, 'switchover' | 'failover'>;

interface PreparedPromotion {
  mode: Mode;
  target: DatabaseTarget & { standby: NonNullable<DatabaseTarget['standby']> };
  settings: TargetFailoverSettings;
  roles: TargetRoles;
  acceptRisks: OperationParameters['failover']['acceptRisks'];
  incidentStartedAt?: string;
  /** A dry run's preflight (read-only). */
  preflight?: PreflightResult;
}

/** The steps of a switchover or failover, as its dry run shows them. */
export function promotionPlanSteps(
  p: Pick<PreparedPromotion, 'mode' | 'target' | 'settings'>,
): PlannedStep[] {
  const sw = p.settings.trafficSwitch();
  const fencers = p.settings.fencers();
  const from = serverAddress(p.target.primary);
  const to = serverAddress(p.target.standby);
  const steps: PlannedStep[] = [
    {
      id: 'preflight',
      title: 'Preflight checks',
      detail: `standby ${to} streaming and in recovery, lag against the RPO, timelines, old primary ${from}`,
    },
    {
      id: 'pause-switch',
      title: 'Pause the traffic switch',
      detail: sw ? sw.describe() : 'no traffic switch configured',
    },
    {
      id: 'fence',
      title: 'Fence the old primary',
      detail: fencers.length
        ? `${from}: ${fencers.map(f => f.describe()).join('; ')}`
        : 'no fencer configured (refused while the old primary is up)',
    },
  ];
  if (p.mode === 'switchover') {
    steps.push({
      id: 'wait-replay',
      title: "Wait for the standby to replay the old primary's last WAL",
      detail: 'zero committed transactions lost',
    });
  }
  steps.push(
    {
      id: 'promote',
      title: 'Promote the standby (pg_promote)',
      detail: `${to} becomes the primary on a new timeline`,
    },
    {
      id: 'release-fence',
      title: 'Undo the replicated fence on the new primary',
      detail: 'grants the SQL fence revoked',
    },
    {
      id: 'repoint-switch',
      title: 'Repoint the traffic switch',
      detail: sw ? `${sw.describe()} -> ${to}` : 'no traffic switch configured',
    },
    {
      id: 'resume-switch',
      title: 'Resume the traffic switch',
      detail: sw ? sw.describe() : 'no traffic switch configured',
    },
    {
      id: 'verify-write',
      title: 'Verify a write',
      detail: p.settings.probe
        ? `through ${serverAddress(p.settings.probe)}`
        : `on ${to}`,
    },
  );
  return steps;
}

function lockCheck(holder: string | undefined): PreflightCheck {
  return holder
    ? {
        id: 'target-free',
        status: 'fail',
        detail: `run ${holder} holds the target (a backup or another recovery run): wait for it to end`,
      }
    : {
        id: 'target-free',
        status: 'pass',
        detail: 'no backup or recovery run holds the target',
      };
}

function dataLossSeconds(
  result: PromotionResult,
  incidentStartedAt: string | undefined,
  runStart: string,
): number | undefined {
  if (result.dataLoss.lostBytes === 0) return 0;
  const last = result.dataLoss.lastReplayedCommitAt;
  if (!last) return undefined;
  const from = Date.parse(incidentStartedAt ?? runStart);
  return Math.max(0, Math.round((from - Date.parse(last)) / 1000));
}

/**
 * A switchover (planned, zero loss) or failover (unplanned) of a target's current primary to its
 * current standby, through the `-node` library's fencers and traffic switch. A dry run is the
 * preflight. After it the promoted server is the primary and no standby streams until the old
 * primary is reprotected.
 */
export function promotionOperation(
  mode: Mode,
  failoverSettings: FailoverSettingsMap,
): OperationDefinition<
  OperationParameters['switchover'] & { incidentStartedAt?: string },
  PreparedPromotion
> {
  return {
    permission: disasterRecoveryDatabaseFailoverPermission,
    affectsWholeDatabase: true,
    async prepare({
      target,
      roles,
      parameters,
      now,
      dryRun,
      lockHolder,
      signal,
    }) {
      const settings = failoverSettingsOf(failoverSettings, target, mode);
      const { standby } = target;
      if (!standby) {
        throw new ConflictError(
          `Target ${
            target.name
          } has no standby streaming from its primary ${serverAddress(
            target.primary,
          )}${
            roles.primaryServer === 'standby'
              ? ' (its configured standby was promoted)'
              : ''
          }: reprotect the old primary first`,
        );
      }
      const { incidentStartedAt } = parameters;
      if (incidentStartedAt && Date.parse(incidentStartedAt) > now.getTime()) {
        throw new InputError(
          `incidentStartedAt ${incidentStartedAt} is in the future`,
        );
      }
      const prepared: PreparedPromotion = {
        mode,
        target: { ...target, standby },
        settings,
        roles,
        acceptRisks: parameters.acceptRisks,
        incidentStartedAt,
      };
      if (dryRun) {
        prepared.preflight = await preflight({
          mode,
          primary: target.primary,
          standby,
          rpoSeconds: settings.rpoSeconds,
          maxLagBytes: settings.maxLagBytes,
          acceptRisks: parameters.acceptRisks,
          additionalChecks: [lockCheck(await lockHolder())],
          signal,
          secrets: settings.secrets,
        });
      }
      return prepared;
    },
    plan(prepared) {
      const pre = prepared.preflight;
      return {
        steps: promotionPlanSteps(prepared),
        wouldNotTouch: [
          `the data of ${serverAddress(
            prepared.target.primary,
          )} (fenced, never promoted or deleted)`,
        ],
        resolved: {
          mode,
          oldPrimary: serverAddress(prepared.target.primary),
          newPrimary: serverAddress(prepared.target.standby),
          acceptRisks: prepared.acceptRisks,
          ...(prepared.incidentStartedAt
            ? { incidentStartedAt: prepared.incidentStartedAt }
            : {}),
          ...(pre
            ? {
                preflight: {
                  ok: pre.ok,
                  checks: pre.checks,
                  replayLagBytes: pre.replayLagBytes,
                  receiveLagBytes: pre.receiveLagBytes,
                  replayLagSeconds: pre.replayLagSeconds,
                  primaryTimeline: pre.primary.timeline,
                  standbyTimeline: pre.standby.timeline,
                  primaryLsn: pre.primary.flushLsn,
                  standbyReplayLsn: pre.standby.replayLsn,
                },
              }
            : {}),
        },
      };
    },
    async execute(prepared, { signal, logger, onStep }) {
      const { target, settings } = prepared;
      const runStart = new Date().toISOString();
      const run = mode === 'switchover' ? switchover : failover;
      const result = await run({
        primary: target.primary,
        standby: target.standby,
        fencers: settings.fencers(),
        trafficSwitch: settings.trafficSwitch(),
        probe: settings.probe,
        rpoSeconds: settings.rpoSeconds,
        maxLagBytes: settings.maxLagBytes,
        acceptRisks: prepared.acceptRisks,
        incidentStartedAt: prepared.incidentStartedAt,
        replayTimeoutMs: settings.replayTimeoutMs,
        verifyTimeoutMs: settings.verifyTimeoutMs,
        secrets: settings.secrets,
        signal,
        logger,
        onStep,
      });
      return {
        serviceRestored: {
          at: result.firstWriteAt,
          incidentStartedAt: prepared.incidentStartedAt,
          dataLossSeconds: dataLossSeconds(
            result,
            prepared.incidentStartedAt,
            runStart,
          ),
        },
        output: {
          mode,
          oldPrimary: serverAddress(target.primary),
          newPrimary: serverAddress(target.standby),
          acceptedRisks: result.preflight.acceptedRisks,
          preflight: {
            ok: result.preflight.ok,
            checks: result.preflight.checks,
            replayLagBytes: result.preflight.replayLagBytes,
            replayLagSeconds: result.preflight.replayLagSeconds,
          },
          fences: result.fences.map(f => ({
            type: f.type,
            fenced: f.fenced,
            actions: f.actions,
            ...(f.reason ? { reason: f.reason } : {}),
          })),
          switchActions: result.switchActions,
          oldTimeline: result.oldTimeline,
          newTimeline: result.newTimeline,
          oldPrimaryLastLsn: result.oldPrimaryLastLsn,
          dataLoss: result.dataLoss,
          firstWriteAt: result.firstWriteAt,
          verifiedThrough: result.verifiedThrough,
          achievedRtoMs: result.achievedRtoMs,
          ...(prepared.incidentStartedAt
            ? { incidentStartedAt: prepared.incidentStartedAt }
            : {}),
        },
      };
    },
    rolesAfter(prepared, steps) {
      const promoted = steps.some(
        s => s.id === 'promote' && s.status === 'succeeded',
      );
      // the old primary is fenced, not streaming: no standby until it is reprotected
      return promoted
        ? { primaryServer: otherServer(prepared.roles.primaryServer) }
        : undefined;
    },
  };
}
