import { ConflictError, InputError } from '@backstage/errors';
import { assertConnection } from '../postgres/pgTools';
import { PgConnection } from '../target/target';
import { lsnDiff, readServerState } from './serverState';
import {
  FAILOVER_RISK_IDS,
  FailoverRiskId,
  PreflightCheck,
  PreflightResult,
  ServerState,
} from './types';

/** Default largest replay lag, in bytes, a run accepts without `lag-beyond-rpo`. @public */
export const DEFAULT_MAX_LAG_BYTES = 16 * 1024 * 1024;

/** Options of {@link preflight}. @public */
export interface PreflightOptions {
  mode: 'switchover' | 'failover';
  primary: PgConnection;
  standby: PgConnection;
  rpoSeconds?: number;
  maxLagBytes?: number;
  acceptRisks?: readonly FailoverRiskId[];
  /** Checks the caller adds (e.g. the backend's "no other run holds the target"). */
  additionalChecks?: PreflightCheck[];
  signal?: AbortSignal;
  secrets?: readonly string[];
}

/** A run was refused by its preflight; `preflight.checks` says which checks failed and why. @public */
export class PreflightRefusedError extends ConflictError {
  /** The preflight that refused the run. */
  readonly preflight: PreflightResult;

  constructor(message: string, result: PreflightResult) {
    super(message);
    this.preflight = result;
  }
}

/** Validates a list of accepted risk ids (InputError naming the bad one). @public */
export function assertRiskIds(risks: unknown): FailoverRiskId[] {
  if (risks === undefined) return [];
  if (!Array.isArray(risks)) {
    throw new InputError('acceptRisks must be an array of risk ids');
  }
  for (const r of risks) {
    if (!FAILOVER_RISK_IDS.includes(r as FailoverRiskId)) {
      throw new InputError(
        `acceptRisks: unknown risk ${JSON.stringify(
          String(r).slice(0, 60),
        )}; known: ${FAILOVER_RISK_IDS.join(', ')}`,
      );
    }
  }
  return [...new Set(risks as FailoverRiskId[])];
}

function standbyChecks(standby: ServerState): PreflightCheck[] {
  if (!standby.reachable) {
    return [
      {
        id: 'standby-reachable',
        status: 'fail',
        detail: `standby ${standby.address} is unreachable: ${standby.error}`,
      },
    ];
  }
  const checks: PreflightCheck[] = [
    {
      id: 'standby-reachable',
      status: 'pass',
      detail: `standby ${standby.address} answered`,
    },
  ];
  if (!standby.inRecovery) {
    checks.push({
      id: 'standby-in-recovery',
      status: 'fail',
      detail: `standby ${standby.address} is not in recovery: it was already promoted (timeline ${standby.timeline}); there is no standby to promote until the old primary is reprotected`,
    });
    return checks;
  }
  checks.push({
    id: 'standby-in-recovery',
    status: 'pass',
    detail: `standby ${standby.address} is in recovery on timeline ${standby.timeline}`,
  });
  checks.push(
    standby.replayPauseState && standby.replayPauseState !== 'not paused'
      ? {
          id: 'replay-not-paused',
          status: 'fail',
          risk: 'replay-paused',
          detail: `WAL replay on the standby is ${standby.replayPauseState}: received WAL is not being applied`,
        }
      : {
          id: 'replay-not-paused',
          status: 'pass',
          detail: 'WAL replay is running',
        },
  );
  return checks;
}

function primaryChecks(
  mode: PreflightOptions['mode'],
  primary: ServerState,
  standby: ServerState,
): PreflightCheck[] {
  if (!primary.reachable) {
    return [
      mode === 'switchover'
        ? {
            id: 'old-primary-reachable',
            status: 'fail',
            detail: `old primary ${primary.address} is unreachable (${primary.error}); a switchover needs a healthy primary: run a failover`,
          }
        : {
            id: 'old-primary-reachable',
            status: 'fail',
            risk: 'old-primary-unreachable',
            detail: `old primary ${primary.address} is unreachable (${primary.error}): it cannot be fenced through SQL, its last WAL position is unknown, and if it is alive it may still take writes`,
          },
    ];
  }
  const checks: PreflightCheck[] = [];
  if (primary.inRecovery) {
    checks.push({
      id: 'old-primary-reachable',
      status: mode === 'switchover' ? 'fail' : 'pass',
      detail: `old primary ${
        primary.address
      } answered but is in recovery (not a primary)${
        mode === 'switchover' ? '; nothing to switch over from' : ''
      }`,
    });
  } else {
    checks.push({
      id: 'old-primary-reachable',
      status: 'pass',
      detail: `old primary ${primary.address} answered: primary on timeline ${primary.timeline} at ${primary.flushLsn}`,
    });
  }
  if (
    standby.reachable &&
    primary.systemIdentifier &&
    standby.systemIdentifier &&
    primary.systemIdentifier !== standby.systemIdentifier
  ) {
    checks.push({
      id: 'same-cluster',
      status: 'fail',
      detail: `standby ${standby.address} is not a copy of ${primary.address} (system identifiers ${standby.systemIdentifier} and ${primary.systemIdentifier} differ)`,
    });
  }
  return checks;
}

function lagCheck(
  options: PreflightOptions,
  primary: ServerState,
  standby: ServerState,
  lag: { replayBytes?: number; receiveBytes?: number; seconds?: number },
): PreflightCheck {
  const maxBytes = options.maxLagBytes ?? DEFAULT_MAX_LAG_BYTES;
  if (lag.replayBytes === undefined) {
    return {
      id: 'replay-lag',
      status: 'warn',
      detail: primary.reachable
        ? 'replay lag unknown: the old primary is not a primary'
        : `replay lag unknown: the old primary is unreachable; the standby last replayed a commit at ${
            standby.lastReplayedCommitAt ?? 'unknown time'
          }`,
    };
  }
  const seconds = lag.seconds ?? 0;
  const overSeconds =
    options.rpoSeconds !== undefined && seconds > options.rpoSeconds;
  const overBytes = lag.replayBytes > maxBytes;
  const text = `replay lag ${lag.replayBytes} bytes (${
    lag.receiveBytes
  } not yet received), at most ${seconds.toFixed(
    1,
  )} s; limits ${maxBytes} bytes${
    options.rpoSeconds !== undefined ? `, RPO ${options.rpoSeconds} s` : ''
  }`;
  return overSeconds || overBytes
    ? { id: 'replay-lag', status: 'fail', risk: 'lag-beyond-rpo', detail: text }
    : { id: 'replay-lag', status: 'pass', detail: text };
}

function streamingCheck(
  primary: ServerState,
  standby: ServerState,
): PreflightCheck {
  if (standby.walReceiverStatus === 'streaming') {
    return {
      id: 'wal-receiver-streaming',
      status: 'pass',
      detail: `the standby streams WAL on timeline ${standby.timeline}`,
    };
  }
  if (!primary.reachable) {
    return {
      id: 'wal-receiver-streaming',
      status: 'warn',
      detail: `the standby's WAL receiver is ${
        standby.walReceiverStatus ?? 'not running'
      }, as expected with an unreachable primary (see old-primary-reachable)`,
    };
  }
  return {
    id: 'wal-receiver-streaming',
    status: 'fail',
    risk: 'replication-not-streaming',
    detail: `the standby's WAL receiver is ${
      standby.walReceiverStatus ?? 'not running'
    } although the primary answers: the standby may be far behind or following another server`,
  };
}

/**
 * Checks that a switchover or failover from `primary` to `standby` can run, and with what risk.
 * Every check passes or fails with a reason; a failing check refuses the run unless it names a
 * risk the caller accepted. Read-only: changes nothing.
 * @public
 */
export async function preflight(
  options: PreflightOptions,
): Promise<PreflightResult> {
  assertConnection(options.primary, 'primary');
  assertConnection(options.standby, 'standby');
  if (options.mode !== 'switchover' && options.mode !== 'failover') {
    throw new InputError('mode must be switchover or failover');
  }
  const accepted = assertRiskIds(options.acceptRisks);
  const read = { signal: options.signal, secrets: options.secrets };
  const [primary, standby] = await Promise.all([
    readServerState(options.primary, read),
    readServerState(options.standby, read),
  ]);
  const checks = standbyChecks(standby);
  checks.push(...primaryChecks(options.mode, primary, standby));
  let lag: { replayBytes?: number; receiveBytes?: number; seconds?: number } =
    {};
  if (standby.reachable && standby.inRecovery) {
    checks.push(streamingCheck(primary, standby));
    const primaryLsn = primary.inRecovery ? undefined : primary.flushLsn;
    const replayBytes = lsnDiff(primaryLsn, standby.replayLsn);
    const receiveBytes = lsnDiff(primaryLsn, standby.receiveLsn);
    let seconds: number | undefined;
    if (replayBytes !== undefined) {
      const last = standby.lastReplayedCommitAt;
      if (replayBytes <= 0) {
        seconds = 0;
      } else if (last && standby.readAt) {
        seconds = Math.max(
          0,
          (Date.parse(standby.readAt) - Date.parse(last)) / 1000,
        );
      }
    }
    lag = {
      replayBytes:
        replayBytes === undefined ? undefined : Math.max(0, replayBytes),
      receiveBytes:
        receiveBytes === undefined ? undefined : Math.max(0, receiveBytes),
      seconds,
    };
    checks.push(lagCheck(options, primary, standby, lag));
    if (
      primary.reachable &&
      !primary.inRecovery &&
      standby.timeline !== undefined &&
      primary.timeline !== undefined &&
      standby.timeline !== primary.timeline
    ) {
      checks.push({
        id: 'timeline',
        status: 'fail',
        risk: 'replication-not-streaming',
        detail: `the standby is on timeline ${standby.timeline}, the primary on ${primary.timeline}`,
      });
    }
  }
  checks.push(...(options.additionalChecks ?? []));
  for (const check of checks) {
    if (check.status === 'fail' && check.risk) {
      check.accepted = accepted.includes(check.risk);
    }
  }
  const failing = checks.filter(c => c.status === 'fail' && !c.accepted);
  return {
    mode: options.mode,
    ok: failing.length === 0,
    checks,
    acceptedRisks: [
      ...new Set(
        checks.filter(c => c.status === 'fail' && c.accepted).map(c => c.risk!),
      ),
    ],
    primary,
    standby,
    replayLagBytes: lag.replayBytes,
    receiveLagBytes: lag.receiveBytes,
    replayLagSeconds: lag.seconds,
    checkedAt: new Date().toISOString(),
  };
}

/** Throws {@link PreflightRefusedError} naming every failing, unaccepted check. @public */
export function assertPreflight(result: PreflightResult): void {
  if (result.ok) return;
  const failing = result.checks.filter(c => c.status === 'fail' && !c.accepted);
  const text = failing
    .map(c =>
      c.risk
        ? `${c.id}: ${c.detail} (accept risk "${c.risk}" to go on)`
        : `${c.id}: ${c.detail}`,
    )
    .join('; ');
  throw new PreflightRefusedError(
    `The ${result.mode} was refused by its preflight: ${text}`,
    result,
  );
}
