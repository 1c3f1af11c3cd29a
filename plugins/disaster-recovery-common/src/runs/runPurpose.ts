/**
 * Why a recovery run was made, and which evidence it may count as. A restore into a new database
 * proves that the backup restores, not that the service recovered: only real recoveries measure
 * recovery objectives and the reliability metrics (MTTR, MTBF).
 */

import { RESTORING_OPERATIONS } from '../operations';

/** The purposes of a run, in the order forms offer them. @public */
export const RUN_PURPOSES = ['test', 'drill', 'recovery'] as const;

/**
 * Why a run was made: `test` (a restore or verification that leaves the live service alone),
 * `drill` (an exercise of a disaster scenario), `recovery` (a real recovery of the live service).
 * @public
 */
export type RunPurpose = (typeof RUN_PURPOSES)[number];

/**
 * What a run's evidence can count for: the recovery objectives measured by the last recovery
 * (achieved RTO, data loss), the reliability metrics (MTTR, MTBF), the verification checks
 * (last verified restore, test completion) and the drill checks of scenarios.
 * @public
 */
export type RunEvidenceUse =
  | 'recovery-objectives'
  | 'reliability-metrics'
  | 'verification-checks'
  | 'drill-checks';

/** The rule, in one place: which purposes feed which checks and metrics. @public */
export const RUN_PURPOSE_FEEDS: Readonly<
  Record<RunPurpose, readonly RunEvidenceUse[]>
> = {
  recovery: ['recovery-objectives', 'reliability-metrics'],
  drill: ['verification-checks', 'drill-checks'],
  test: ['verification-checks', 'drill-checks'],
};

/** Whether a value is one of {@link RUN_PURPOSES}. @public */
export function isRunPurpose(value: unknown): value is RunPurpose {
  return (RUN_PURPOSES as readonly unknown[]).includes(value);
}

/**
 * Whether a run counts for a use: it was really executed (not a dry run) and its purpose feeds
 * that use. A run without a purpose (a backup, discarding a copy) feeds none.
 * @public
 */
export function runFeeds(
  run: { purpose?: RunPurpose; dryRun?: boolean },
  use: RunEvidenceUse,
): boolean {
  if (run.dryRun || !run.purpose) return false;
  return RUN_PURPOSE_FEEDS[run.purpose]?.includes(use) ?? false;
}

/**
 * The purpose a run has when its caller names none. Of the restoring operations
 * ({@link RESTORING_OPERATIONS}): a drill for the `drill` operation or a run of a scenario, a
 * recovery for a failover or a cut-over, a test for a restore without cut-over (into a new
 * database or a side schema). A verification is a test. Other operations (a backup, discarding a
 * copy, a failback, which undoes a failover that already recovered the service) have none.
 * @public
 */
export function defaultRunPurpose(
  operation: string,
  options: { cutOver?: boolean; scenario?: string } = {},
): RunPurpose | undefined {
  if (!RESTORING_OPERATIONS.includes(operation)) {
    return operation === 'verify' ? 'test' : undefined;
  }
  if (operation === 'drill' || options.scenario) return 'drill';
  if (operation === 'failover') return 'recovery';
  return options.cutOver ? 'recovery' : 'test';
}

/**
 * Whether a caller may name a purpose for an operation: only for restoring operations other than
 * `drill`, whose runs can be a test, a drill or a recovery; a verification is always a test, a
 * drill always a drill, a backup has none.
 * @public
 */
export function purposeIsChoosable(operation: string): boolean {
  return operation !== 'drill' && RESTORING_OPERATIONS.includes(operation);
}

/** The parts of a recorded run that decide what it counts as. @public */
export interface RunPurposeFacts {
  operation: string;
  dryRun: boolean;
  scenario?: string;
  /** Absent on runs recorded before runs had a purpose: derived from the operation then. */
  purpose?: RunPurpose;
}

/** A run's purpose as recorded, else as {@link defaultRunPurpose} derives it. */
function purposeOf(run: RunPurposeFacts): RunPurpose | undefined {
  return run.purpose ?? defaultRunPurpose(run.operation, run);
}

/**
 * Whether a run rehearses a scenario: a restoring operation run with a scenario, as a test or a
 * drill (a recovery of a scenario is not a drill of it). Dry runs included: the drill checks
 * tell plans from executions themselves.
 * @public
 */
export function isDrillRun(run: RunPurposeFacts): boolean {
  const purpose = purposeOf(run);
  return (
    !!run.scenario &&
    RESTORING_OPERATIONS.includes(run.operation) &&
    !!purpose &&
    RUN_PURPOSE_FEEDS[purpose].includes('drill-checks')
  );
}

/**
 * Whether a run is a real incident recovery: a restoring operation, not a dry run, whose purpose
 * is `recovery`. Its duration is a time to recovery (MTTR) and it counts as a failure (MTBF).
 * @public
 */
export function isIncidentRecoveryRun(run: RunPurposeFacts): boolean {
  return (
    RESTORING_OPERATIONS.includes(run.operation) &&
    runFeeds(
      { purpose: purposeOf(run), dryRun: run.dryRun },
      'reliability-metrics',
    )
  );
}
