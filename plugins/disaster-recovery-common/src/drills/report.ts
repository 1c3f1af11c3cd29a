import { formatMeasuredDuration as measured } from '../report/reportDocument';
import { DRILL_KIND_INFO, DrillKind } from './drillKinds';
import { DrillTargets } from './targets';

/** Pass or fail of one drill objective, and of the whole drill. @public */
export type DrillResult = 'pass' | 'fail';

/** One objective of a drill with its target, what was achieved, and the verdict. @public */
export interface DrillObjectiveResult {
  /** `rto`, `rpo`, `validation` or `cleanup`. */
  id: string;
  title: string;
  /** The target, human readable (e.g. `≤ 2h`). */
  target: string;
  /** What the drill achieved, human readable. */
  achieved: string;
  result: DrillResult;
  /** The target and the achieved value in milliseconds, for the time-based objectives. */
  targetMs?: number;
  achievedMs?: number;
}

/** One step of the drill as the report lists it. @public */
export interface DrillReportStep {
  id: string;
  title: string;
  status: string;
  startedAt?: string;
  finishedAt?: string;
  /** Seconds, to a tenth. */
  durationSeconds?: number;
  detail?: string;
}

/**
 * The plan's DR test report of one drill: date, type, duration, participants, objectives, the
 * results per objective (target against achieved, pass or fail), issues found and action items.
 * Stored as the drill run's evidence (`output.report`) and rendered as Markdown.
 * @public
 */
export interface DrillReport {
  runId: string;
  /** When the drill started (ISO 8601): the report's date. */
  date: string;
  finishedAt: string;
  type: DrillKind;
  /** The type for people, e.g. "Restore drill". */
  typeTitle: string;
  scenario: { id: string; title: string };
  entityRef: string;
  target: string;
  /** Whole drill, set-up to clean-up, seconds to a tenth. */
  durationSeconds: number;
  /** The initiator first, then the people they named. */
  participants: string[];
  /** What the drill set out to show, one sentence each. */
  objectives: string[];
  results: DrillObjectiveResult[];
  /** Pass only when every objective passed. */
  result: DrillResult;
  /** From failed objectives, the run's failure and the steps' warnings. */
  issues: string[];
  actionItems: string[];
  steps: DrillReportStep[];
  /** The point in time the recovered data reflects (ISO 8601), when one was reached. */
  restorePoint?: string;
}

/** What a drill measured and observed, from which {@link buildDrillReport} judges it. @public */
export interface DrillReportInput {
  runId: string;
  kind: DrillKind;
  scenario: { id: string; title: string };
  entityRef: string;
  target: string;
  startedAt: string;
  finishedAt: string;
  initiatedBy: string;
  /** People the initiator named (besides themselves). */
  participants?: string[];
  targets: DrillTargets;
  /** Achieved recovery time, ms (absent when the drill did not get that far). */
  achievedRtoMs?: number;
  /** Data-loss window, ms: from the restore point to the drill's start. */
  dataLossMs?: number;
  restorePoint?: string;
  /** The validation of the recovered data: what it compares, whether it passed, what it found. */
  validation?: { target: string; passed: boolean; detail: string };
  /** The removal of what the drill created. */
  /** The clean-up step's outcome, and what it must achieve (default: every artefact removed; a live drill: the roles back). */
  cleanup?: { passed: boolean; detail: string; target?: string };
  steps: DrillReportStep[];
  /** Warnings of steps and checks, in words. */
  warnings?: string[];
  /** Why the drill's run failed, when it did. */
  failure?: string;
  actionItems?: string[];
}

function timeObjective(
  id: 'rto' | 'rpo',
  title: string,
  targetMs: number,
  targetText: string,
  achievedMs: number | undefined,
): DrillObjectiveResult {
  const reached = achievedMs !== undefined && achievedMs >= 0;
  return {
    id,
    title,
    target: `≤ ${targetText}`,
    achieved: reached ? measured(achievedMs) : 'not reached',
    result: reached && achievedMs <= targetMs ? 'pass' : 'fail',
    targetMs,
    ...(reached ? { achievedMs } : {}),
  };
}

/**
 * Judges a drill into the plan's test report: recovery time against the RTO, data loss against
 * the RPO, the validation of the recovered data, and the clean-up. An objective the drill did not
 * reach fails; the drill passes only when every objective passed. Pure.
 * @public
 */
export function buildDrillReport(input: DrillReportInput): DrillReport {
  const { targets } = input;
  const results: DrillObjectiveResult[] = [
    timeObjective(
      'rto',
      'Recover within the recovery time objective',
      targets.rtoMs,
      targets.rtoText,
      input.achievedRtoMs,
    ),
    timeObjective(
      'rpo',
      'Lose no more data than the recovery point objective',
      targets.rpoMs,
      targets.rpoText,
      input.dataLossMs,
    ),
    {
      id: 'validation',
      title: 'The recovered data matches the source',
      target: input.validation?.target ?? 'validated against the source',
      achieved: input.validation?.detail ?? 'not reached',
      result: input.validation?.passed ? 'pass' : 'fail',
    },
    {
      id: 'cleanup',
      title: 'Leave nothing behind',
      target:
        input.cleanup?.target ?? 'every artefact the drill created removed',
      achieved: input.cleanup?.detail ?? 'not reached',
      result: input.cleanup?.passed ? 'pass' : 'fail',
    },
  ];
  const issues = [
    ...(input.failure ? [`The drill failed: ${input.failure}`] : []),
    ...results
      .filter(r => r.result === 'fail')
      .map(r => `${r.title}: ${r.achieved}, target ${r.target}.`),
    ...(input.warnings ?? []).map(w => `Warning: ${w}`),
  ];
  const participants = [
    input.initiatedBy,
    ...(input.participants ?? []).filter(p => p !== input.initiatedBy),
  ].filter((p, i, all) => all.indexOf(p) === i);
  const info = DRILL_KIND_INFO[input.kind];
  return {
    runId: input.runId,
    date: input.startedAt,
    finishedAt: input.finishedAt,
    type: input.kind,
    typeTitle: info.title,
    scenario: input.scenario,
    entityRef: input.entityRef,
    target: input.target,
    durationSeconds:
      Math.round(
        (Date.parse(input.finishedAt) - Date.parse(input.startedAt)) / 100,
      ) / 10,
    participants,
    objectives: results.map(r => `${r.title} (${r.target}).`),
    results,
    result: results.every(r => r.result === 'pass') ? 'pass' : 'fail',
    issues,
    actionItems: [...(input.actionItems ?? [])],
    steps: input.steps,
    ...(input.restorePoint ? { restorePoint: input.restorePoint } : {}),
  };
}
