import { NotFoundError } from '@backstage/errors';
import {
  buildDrillReport,
  RecoveryRun,
  DrillKind,
  DrillReport,
  DrillTargets,
  DrScenario,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import {
  BackupObjectInfo,
  DrillValidation,
  OperationStep,
} from '@dr-portal/backstage-plugin-disaster-recovery-node';

/** What a drill run knows about itself while it runs, for its report (also when it fails). */
export interface DrillRunState {
  runStartedAt?: string;
  /** Every step as last reported (by id and start). */
  steps: OperationStep[];
  validation?: DrillValidation;
  restorePoint?: string;
  /** End of the validated recovery (ISO 8601). */
  recoveredAt?: string;
  /** Data-loss window measured by the drill itself (isolated test failover), ms; else from the restore point. */
  dataLossMs?: number;
  /** Warnings of checks, in words. */
  warnings: string[];
}

/** The facts of a prepared drill its report names. */
export interface DrillReportFacts {
  runId: string;
  kind: DrillKind;
  scenario: DrScenario;
  entityRef: string;
  target: string;
  initiatedBy: string;
  participants: string[];
  actionItems: string[];
  targets: DrillTargets;
  backup?: BackupObjectInfo;
  /** What the clean-up must achieve, when not "every artefact removed" (a live drill: the roles back). */
  cleanupTarget?: string;
}

/** Records a step's latest state. */
export function recordStep(state: DrillRunState, step: OperationStep): void {
  const i = state.steps.findIndex(
    s => s.id === step.id && s.startedAt === step.startedAt,
  );
  if (i >= 0) state.steps[i] = { ...step };
  else state.steps.push({ ...step });
}

/** Milliseconds between two ISO 8601 moments. */
function between(from: string, to: string): number {
  return Date.parse(to) - Date.parse(from);
}

/**
 * The achieved recovery figures of a drill: RTO from the run's start to the validated recovery,
 * data loss as the drill measured it (an isolated test failover: what the primary wrote after the
 * copy's position by the promotion), else from the restore point to the run's start (never
 * negative). Undefined parts were not reached.
 */
export function drillFigures(state: DrillRunState): {
  rtoMs?: number;
  lossMs?: number;
} {
  const start = state.runStartedAt;
  if (!start) return {};
  return {
    ...(state.recoveredAt && state.validation?.passed
      ? { rtoMs: between(start, state.recoveredAt) }
      : {}),
    ...lossOf(state, start),
  };
}

/** The data loss of a drill: as it measured it, else from the restore point to the run's start. */
function lossOf(state: DrillRunState, start: string): { lossMs?: number } {
  if (state.dataLossMs !== undefined) return { lossMs: state.dataLossMs };
  if (!state.restorePoint) return {};
  return { lossMs: Math.max(0, between(state.restorePoint, start)) };
}

/** The drill's test report from its facts and what it recorded, ended at `finishedAt`. */
export function drillReportOf(
  facts: DrillReportFacts,
  state: DrillRunState,
  finishedAt: Date,
  failure?: string,
): DrillReport {
  const figures = drillFigures(state);
  const cleanup = [...state.steps].reverse().find(s => s.id === 'cleanup');
  return buildDrillReport({
    runId: facts.runId,
    kind: facts.kind,
    scenario: { id: facts.scenario.id, title: facts.scenario.title },
    entityRef: facts.entityRef,
    target: facts.target,
    startedAt: state.runStartedAt ?? finishedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    initiatedBy: facts.initiatedBy,
    participants: facts.participants,
    targets: facts.targets,
    achievedRtoMs: figures.rtoMs,
    dataLossMs: figures.lossMs,
    restorePoint: state.restorePoint,
    validation: state.validation,
    cleanup: cleanup && {
      passed: cleanup.status === 'succeeded',
      detail: cleanup.detail ?? cleanup.status,
      target: facts.cleanupTarget,
    },
    steps: state.steps.map(s => ({
      id: s.id,
      title: s.title,
      status: s.status,
      startedAt: s.startedAt,
      finishedAt: s.finishedAt,
      ...(s.durationMs !== undefined
        ? { durationSeconds: Math.round(s.durationMs / 100) / 10 }
        : {}),
      ...(s.detail ? { detail: s.detail } : {}),
    })),
    warnings: state.warnings,
    failure,
    actionItems: facts.actionItems,
  });
}

/** The test report a drill run recorded (`output.report`); NotFoundError for any other run. */
export function drillReportOfRun(run: RecoveryRun): DrillReport {
  const report = run.output?.report as DrillReport | undefined;
  if (run.operation !== 'drill' || !report || typeof report !== 'object') {
    throw new NotFoundError(
      run.status === 'running'
        ? `Run ${run.id} is still running; its report is recorded when it ends`
        : `Run ${run.id} is not a drill with a test report`,
    );
  }
  return report;
}
