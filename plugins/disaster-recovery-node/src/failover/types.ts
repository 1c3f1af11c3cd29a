import {
  FAILOVER_RISK_IDS,
  type FailoverRiskId,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { PgConnection } from '../target/target';
import { DrLogger, OperationOptions, OperationStep } from '../operation/types';

/** Where a traffic switch sends database clients: a server's address as the clients reach it. @public */
export interface SwitchEndpoint {
  host: string;
  port: number;
  /** Database name on that server. */
  database: string;
}

/** One thing a fencer or traffic switch did, for the run's record (never holds a secret). @public */
export interface RecordedAction {
  /** Short machine-readable name, e.g. `alter-system`, `pause`, `patch-configmap`. */
  action: string;
  /** What exactly was done, e.g. `default_transaction_read_only = on`. */
  detail: string;
  /** ISO 8601 time it was done. */
  at: string;
}

/** What a fencer or switch gets besides its own settings. @public */
export interface FailoverActionContext {
  signal?: AbortSignal;
  logger: DrLogger;
  /** Strings to scrub from anything recorded. */
  secrets: readonly string[];
}

/** What a fencer is asked to fence: the old primary, and whether the run could reach it. @public */
export interface FenceRequest extends FailoverActionContext {
  /** The server to fence (the old primary). */
  primary: PgConnection;
  /** Whether preflight reached the old primary. A command fencer (STONITH) may act either way. */
  reachable: boolean;
}

/** The record of one fencer's work. @public */
export interface FenceRecord {
  /** Fencer type, e.g. `sql`, `command`. */
  type: string;
  /** Whether the old primary is now known not to accept application writes. */
  fenced: boolean;
  /** What the fencer did, in order. */
  actions: RecordedAction[];
  /** Why it could not fence, when `fenced` is false. */
  reason?: string;
  /** Fencer-specific data needed to undo the fence (e.g. the grants it revoked). */
  state?: Record<string, unknown>;
}

/**
 * Makes the old primary stop accepting application writes before a standby is promoted, so that
 * there are never two primaries. Fencers are contributed through the failover extension point.
 * @public
 */
export interface Fencer {
  /** Type of the fencer, e.g. `sql`, `command`. */
  readonly type: string;
  /** One-line description without secrets, e.g. `SQL fence of 10.0.0.5:5432`. */
  describe(): string;
  /** Fences the old primary; resolves with what it did, rejects when it tried and failed. */
  fence(request: FenceRequest): Promise<FenceRecord>;
  /** Undoes the fence on the old primary, when a run stops before the promotion. */
  unfence?(
    record: FenceRecord,
    request: FenceRequest,
  ): Promise<RecordedAction[]>;
  /** Undoes on the promoted server what replication carried over from the fence (e.g. revoked grants). */
  releasePromoted?(
    record: FenceRecord,
    request: FailoverActionContext & { newPrimary: PgConnection },
  ): Promise<RecordedAction[]>;
}

/**
 * Sends database clients to one server or another: PgBouncer, a Kubernetes ConfigMap/Service,
 * a DNS record. Switches are contributed through the failover extension point.
 * @public
 */
export interface TrafficSwitch {
  /** Type of the switch, e.g. `pgbouncer`, `kubernetes`, `route53`. */
  readonly type: string;
  /** One-line description without secrets. */
  describe(): string;
  /** Stops new work from reaching the old primary (clients wait, or are scaled down). */
  pause(context: FailoverActionContext): Promise<RecordedAction[]>;
  /** Points the clients at `to`. */
  repoint(
    to: SwitchEndpoint,
    context: FailoverActionContext,
  ): Promise<RecordedAction[]>;
  /** Lets the clients work again (through the new target after a repoint). */
  resume(context: FailoverActionContext): Promise<RecordedAction[]>;
}

export { FAILOVER_RISK_IDS };
export type { FailoverRiskId };

/** What one server looked like when a run read it. @public */
export interface ServerState {
  /** `host:port`. */
  address: string;
  reachable: boolean;
  /** Why it could not be read, when not reachable. */
  error?: string;
  inRecovery?: boolean;
  /** Database system identifier (equal on a primary and its standbys). */
  systemIdentifier?: string;
  /** Current timeline (primary: of its WAL insert position; standby: the timeline it receives or replays). */
  timeline?: number;
  /** Primary: WAL flush position. */
  flushLsn?: string;
  /** Standby: last WAL received and flushed. */
  receiveLsn?: string;
  /** Standby: last WAL replayed. */
  replayLsn?: string;
  /** Standby: commit time of the last replayed transaction. */
  lastReplayedCommitAt?: string;
  /** Standby: `not paused`, `pause requested` or `paused`. */
  replayPauseState?: string;
  /** Standby: WAL receiver status (`streaming`, …), absent when none runs. */
  walReceiverStatus?: string;
  /** Whether new sessions default to read-only transactions. */
  defaultReadOnly?: boolean;
  /** Server time when read (ISO 8601). */
  readAt?: string;
}

/** One preflight check. @public */
export interface PreflightCheck {
  id: string;
  /** `warn` never refuses a run; it says what could not be checked. */
  status: 'pass' | 'fail' | 'warn';
  /** Why, in words an on-call engineer reads. */
  detail: string;
  /** The risk a caller may accept to go on despite this failing check; absent when it cannot be accepted. */
  risk?: FailoverRiskId;
  /** Whether the caller accepted that risk. */
  accepted?: boolean;
}

/** Result of {@link preflight}. @public */
export interface PreflightResult {
  mode: 'switchover' | 'failover';
  /** Whether the run may go on: every failing check is acceptable and was accepted. */
  ok: boolean;
  checks: PreflightCheck[];
  /** The risks that failed and were accepted; recorded with the run. */
  acceptedRisks: FailoverRiskId[];
  primary: ServerState;
  standby: ServerState;
  /** WAL the standby has not replayed yet, in bytes (unknown when the primary is unreachable). */
  replayLagBytes?: number;
  /** WAL the standby has not received yet, in bytes: what a failover now would lose. */
  receiveLagBytes?: number;
  /** Upper bound of the age of the oldest change the standby has not replayed, in seconds. */
  replayLagSeconds?: number;
  checkedAt: string;
}

/** The pair a switchover or failover acts on, and how it fences and switches. @public */
export interface PromotionOptions extends OperationOptions {
  /** The current primary (fenced, never promoted). */
  primary: PgConnection;
  /** The standby to promote. */
  standby: PgConnection;
  /** Fencers run in order on the old primary. Default: none (a reachable primary then refuses the run). */
  fencers?: Fencer[];
  /** The traffic switch to pause, repoint and resume; without one, clients are repointed by other means. */
  trafficSwitch?: TrafficSwitch;
  /** The standby as the switch's clients reach it (default: the standby's host, port and database). */
  switchEndpoint?: SwitchEndpoint;
  /** Connection through the traffic switch for the verification write (default: the promoted server itself). */
  probe?: PgConnection;
  /** Recovery point objective in seconds; replay lag beyond it fails preflight (`lag-beyond-rpo`). */
  rpoSeconds?: number;
  /** Maximum WAL the standby may lag, in bytes (default 16 MiB); beyond it preflight fails (`lag-beyond-rpo`). */
  maxLagBytes?: number;
  /** Risks the caller accepts; each must be one that preflight reported. */
  acceptRisks?: FailoverRiskId[];
  /** When the incident started (ISO 8601); the achieved RTO is measured from it, else from the run start. */
  incidentStartedAt?: string;
  /** Longest wait for the standby to replay the old primary's last WAL (switchover), default 60 s. */
  replayTimeoutMs?: number;
  /** Longest time the verification write is retried, default 30 s. */
  verifyTimeoutMs?: number;
  /** Extra secrets to scrub (switch and fencer credentials). */
  secrets?: readonly string[];
}

/** What a switchover or failover did and achieved. @public */
export interface PromotionResult {
  mode: 'switchover' | 'failover';
  preflight: PreflightResult;
  steps: OperationStep[];
  fences: FenceRecord[];
  switchActions: RecordedAction[];
  /** The old primary's timeline and last WAL position before promotion, and the standby's. */
  oldTimeline?: number;
  newTimeline: number;
  /** WAL position the old primary had flushed when fenced (switchover waits for the standby to replay it). */
  oldPrimaryLastLsn?: string;
  /** Data that may be lost: WAL the standby had received and replayed when promoted, and its last replayed commit. */
  dataLoss: {
    lastReceivedLsn?: string;
    lastReplayedLsn?: string;
    lastReplayedCommitAt?: string;
    /** Bytes of the old primary's WAL the standby never replayed; 0 after a switchover; absent when unknown. */
    lostBytes?: number;
  };
  /** Achieved RTO in ms: from the incident start (or run start) to the first write through the switch. */
  achievedRtoMs: number;
  /** When the first verification write committed (ISO 8601). */
  firstWriteAt: string;
  /** `switch` when the write went through the traffic switch's probe connection, `server` when straight to the promoted server. */
  verifiedThrough: 'switch' | 'server';
  startedAt: string;
  finishedAt: string;
}

/**
 * Physical replication slot a run creates on the old primary when it fences it: it keeps the WAL
 * since the last checkpoint, which `pg_rewind` needs to reprotect the server; reprotect drops it.
 * @public
 */
export const REWIND_KEEP_SLOT = 'dr_rewind_keep';
