import { readServerState, serverAddress } from '../failover/serverState';
import { switchover } from '../failover/promote';
import { reprotect } from '../failover/reprotect';
import { ReprotectOptions, ReprotectResult } from '../failover/reprotectTypes';
import { PromotionOptions, PromotionResult } from '../failover/types';
import { StepRunner } from '../operation/steps';
import {
  OperationOptions,
  OperationStep,
  silentLogger,
} from '../operation/types';
import { PgConnection } from '../target/target';
import { VerificationCheck } from '../verify/checks';
import { stepCollector } from './drillEpilogue';
import { drillValidation, DrillValidation } from './restoreDrill';

/** The four phases of a live switchover drill, in order; each one's steps carry its id as a prefix (`switchover.promote`). @public */
export const LIVE_SWITCHOVER_PHASES = [
  'switchover',
  'reprotect',
  'switchback',
  'reprotect-back',
] as const;

/** A phase of a live switchover drill. @public */
export type LiveSwitchoverPhase = (typeof LIVE_SWITCHOVER_PHASES)[number];

/** What each phase does, in words (step titles are prefixed with it). @public */
export const LIVE_SWITCHOVER_PHASE_TITLES: Record<LiveSwitchoverPhase, string> =
  {
    switchover: 'Switchover to the standby',
    reprotect: 'Reprotect the old primary as a standby',
    switchback: 'Switch back to the original primary',
    'reprotect-back': 'Reprotect the standby again',
  };

/** Title of the drill's last step, which checks that the roles are back as they were. @public */
export const LIVE_SWITCHOVER_CLEANUP_TITLE =
  'Check that the roles are back as they were';

/** What that step must find, for the report. @public */
export const LIVE_SWITCHOVER_CLEANUP_TARGET =
  'the original primary is the primary again and the standby streams from it';

/** The settings of one switchover of the drill (built fresh for each: a switch remembers what it paused). @public */
export type LiveSwitchoverSettings = Pick<
  PromotionOptions,
  | 'fencers'
  | 'trafficSwitch'
  | 'probe'
  | 'rpoSeconds'
  | 'maxLagBytes'
  | 'replayTimeoutMs'
  | 'verifyTimeoutMs'
  | 'secrets'
>;

/** Input of {@link runLiveSwitchoverDrill}. @public */
export interface LiveSwitchoverDrillOptions extends OperationOptions {
  /** The current primary: the standby's primary during the drill, the primary again after it. */
  primary: PgConnection;
  /** The standby streaming from it: promoted, then reprotected. */
  standby: PgConnection;
  /** Fencers, switch, probe and limits of each switchover. */
  switchoverSettings: () => LiveSwitchoverSettings;
  /** How each server is turned back into a standby (the primary's mode first, then the standby's). */
  reprotect: Pick<
    ReprotectOptions,
    'slotName' | 'pgBinDir' | 'allowBasebackup' | 'streamTimeoutMs' | 'secrets'
  > & {
    primaryMode: ReprotectOptions['mode'];
    standbyMode: ReprotectOptions['mode'];
  };
}

/** Result of {@link runLiveSwitchoverDrill}. @public */
export interface LiveSwitchoverDrillResult {
  kind: 'live-switchover';
  /** The switchover to the standby, then the switch back. */
  switchover: PromotionResult;
  switchback: PromotionResult;
  /** The reprotect of the old primary, then of the standby. */
  reprotects: [ReprotectResult, ReprotectResult];
  /** When the promoted standby answered a write through the traffic switch (end of its verify step): the end of recovery. */
  recoveredAt: string;
  /** Bytes of committed WAL lost by the switchover and the switch back (0 expected). */
  lostBytes: number;
  /** `promoted-write` and `no-data-loss`. */
  checks: VerificationCheck[];
  validation: DrillValidation;
  steps: OperationStep[];
}

/** Forwards a phase's steps with the phase as prefix of their ids and titles. */
function phaseSteps(
  phase: LiveSwitchoverPhase,
  onStep: (step: OperationStep) => void,
) {
  return (step: OperationStep) =>
    onStep({
      ...step,
      id: `${phase}.${step.id}`,
      title: `${LIVE_SWITCHOVER_PHASE_TITLES[phase]}: ${step.title}`,
    });
}

/** Whether the pair has its roles back: the primary writable, the standby streaming from it. */
async function rolesCheck(
  options: LiveSwitchoverDrillOptions,
  secrets: readonly string[],
): Promise<VerificationCheck> {
  const [primary, standby] = await Promise.all([
    readServerState(options.primary, { signal: options.signal, secrets }),
    readServerState(options.standby, { signal: options.signal, secrets }),
  ]);
  const ok =
    primary.reachable &&
    primary.inRecovery === false &&
    standby.reachable &&
    standby.inRecovery === true &&
    standby.walReceiverStatus === 'streaming';
  return {
    id: 'roles',
    status: ok ? 'pass' : 'fail',
    detail: `${serverAddress(options.primary)} ${
      primary.inRecovery === false ? 'is the primary' : 'is not the primary'
    } (timeline ${primary.timeline}); ${serverAddress(options.standby)} ${
      standby.walReceiverStatus === 'streaming'
        ? 'streams from it'
        : `does not stream (${standby.walReceiverStatus ?? standby.error})`
    }`,
  };
}

/**
 * A live switchover drill, for the annual full DR simulation: a real switchover of the primary to
 * its standby through the failover library (`switchover`: fence, zero-loss promotion, traffic
 * switch repointed, a write through it), the old primary reprotected as a standby (`reprotect`),
 * the switch back the same way, and the standby reprotected again, so that the roles end as they
 * began. The drill's recovery ends when the promoted standby answered a write through the switch;
 * it validates that no committed WAL was lost either way; its clean-up step checks that the roles
 * are back. It changes
 * production: callers must only run it when someone asked for it. A failure stops it where it is
 * (the switchover library rolls back a switchover that did not promote); the roles are then what
 * the recorded steps say.
 * @public
 */
export async function runLiveSwitchoverDrill(
  options: LiveSwitchoverDrillOptions,
): Promise<LiveSwitchoverDrillResult> {
  const collected = stepCollector(options.onStep);
  const { signal, logger } = options;
  const promote = (
    phase: 'switchover' | 'switchback',
    from: PgConnection,
    to: PgConnection,
  ) =>
    switchover({
      ...options.switchoverSettings(),
      primary: from,
      standby: to,
      signal,
      logger,
      onStep: phaseSteps(phase, collected.onStep),
    });
  const rejoin = (
    phase: 'reprotect' | 'reprotect-back',
    server: PgConnection,
    newPrimary: PgConnection,
    mode: ReprotectOptions['mode'],
  ) => {
    const { primaryMode, standbyMode, ...rest } = options.reprotect;
    return reprotect({
      ...rest,
      server,
      newPrimary,
      mode,
      signal,
      logger,
      onStep: phaseSteps(phase, collected.onStep),
    });
  };
  const { primary, standby } = options;
  const out = await promote('switchover', primary, standby);
  const recoveredAt =
    collected.steps.find(
      s => s.id === 'switchover.verify-write' && s.status === 'succeeded',
    )?.finishedAt ?? out.firstWriteAt;
  const first = await rejoin(
    'reprotect',
    primary,
    standby,
    options.reprotect.primaryMode,
  );
  const back = await promote('switchback', standby, primary);
  const second = await rejoin(
    'reprotect-back',
    standby,
    primary,
    options.reprotect.standbyMode,
  );
  const lostBytes =
    (out.dataLoss.lostBytes ?? 0) + (back.dataLoss.lostBytes ?? 0);
  const unknownLoss =
    out.dataLoss.lostBytes === undefined ||
    back.dataLoss.lostBytes === undefined;
  const secrets = [
    ...(options.switchoverSettings().secrets ?? []),
    primary.password ?? '',
    standby.password ?? '',
  ].filter(Boolean);
  const checks: VerificationCheck[] = [
    {
      id: 'promoted-write',
      status: 'pass',
      detail: `${serverAddress(standby)} answered a write through the ${
        out.verifiedThrough === 'switch' ? 'traffic switch' : 'server itself'
      } ${out.achievedRtoMs} ms after the switchover started`,
    },
    {
      id: 'no-data-loss',
      status: lostBytes === 0 && !unknownLoss ? 'pass' : 'fail',
      detail: unknownLoss
        ? 'the WAL lost by a switchover could not be measured'
        : `${lostBytes} bytes of committed WAL lost (switchover ${out.dataLoss.lostBytes}, switch back ${back.dataLoss.lostBytes})`,
    },
  ];
  // The drill's clean-up: nothing it changed is left changed.
  await new StepRunner({
    logger: logger ?? silentLogger,
    onStep: collected.onStep,
    signal,
    secrets,
  }).run('cleanup', LIVE_SWITCHOVER_CLEANUP_TITLE, async set => {
    const check = await rolesCheck(options, secrets);
    if (check.status !== 'pass') {
      throw new Error(`the roles are not back: ${check.detail}`);
    }
    set(check.detail);
  });
  return {
    kind: 'live-switchover',
    switchover: out,
    switchback: back,
    reprotects: [first, second],
    recoveredAt,
    lostBytes,
    checks,
    validation: drillValidation('live-switchover', checks),
    steps: collected.steps,
  };
}
