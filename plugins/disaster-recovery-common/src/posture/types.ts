/**
 * Outcome of one posture check. `unknown` means the evidence needed to decide is missing or
 * too old; it is never shown as a pass.
 *
 * @public
 */
export type CheckStatus = 'pass' | 'warn' | 'fail' | 'unknown';

/** All check statuses, worst first (the order used to compute an overall status). @public */
export const CHECK_STATUSES: readonly CheckStatus[] = [
  'fail',
  'unknown',
  'warn',
  'pass',
];

/** A pointer from a check result to the evidence it was decided on. @public */
export interface EvidenceRef {
  /** What kind of evidence: backup, wal-archive, replication, verification, recovery-run, drill, runbook, vendor, training, incident. */
  kind: string;
  /** Identifier of the evidence row or entity ref. */
  id: string;
  /** Optional human label. */
  title?: string;
  /** When the evidence was observed or produced (ISO 8601). */
  observedAt?: string;
}

/** Result of one posture check for one entity. @public */
export interface CheckResult {
  /** Stable check id, e.g. `rpo`, `backup-frequency:customer-pii`, `replica-lag`. */
  id: string;
  /** Short human title, e.g. "Recovery point objective". */
  title: string;
  status: CheckStatus;
  /** Why the check has this status, in words (always set, also for pass). */
  reason: string;
  /** The target, human readable (e.g. "15m"). */
  target?: string;
  /** The measured value, human readable (e.g. "4m 12s"). */
  measured?: string;
  /** When this check will breach (turn fail) if nothing changes (ISO 8601); absent when failing already or not time-based. */
  breachAt?: string;
  /** The evidence the decision was based on. */
  evidence: EvidenceRef[];
}

/** Recovery objectives of a tier, as ISO 8601 durations plus an availability percentage. @public */
export interface ObjectivesSummary {
  tier: string;
  rto: string;
  rpo: string;
  mtd: string;
  availability: number;
}

/** The posture of one entity (tenant or database) at one moment. @public */
export interface PostureResult {
  entityRef: string;
  evaluatedAt: string;
  /** Worst status over all checks (fail > unknown > warn > pass); `unknown` when there are no checks. */
  overall: CheckStatus;
  objectives: ObjectivesSummary;
  checks: CheckResult[];
  /** Earliest breachAt over all checks (ISO 8601). */
  nextBreachAt?: string;
}
