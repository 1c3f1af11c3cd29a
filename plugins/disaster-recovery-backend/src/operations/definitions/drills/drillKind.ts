import {
  DrillKind,
  formatDuration,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import type {
  BackupObjectInfo,
  DatabaseTarget,
  DrillArtefactNames,
  OperationStep,
} from '@dr-portal/backstage-plugin-disaster-recovery-node';
import { ResourcePermission } from '@backstage/plugin-permission-common';
import { TargetRoles } from '../../../failover/targetTopology';
import {
  ExecuteContext,
  OperationOutcome,
  OperationPlan,
  PrepareContext,
} from '../../operationDefinition';
import { OperationParameters } from '../../parameters';
import {
  drillFigures,
  DrillReportFacts,
  drillReportOf,
  DrillRunState,
  recordStep,
} from './drillReport';

/** The context a drill kind is prepared in. */
export type DrillPrepareContext = PrepareContext<OperationParameters['drill']>;

/** A drill prepared for its plan and run, whatever its kind. */
export interface PreparedDrill<Extra = unknown> {
  target: DatabaseTarget;
  kind: DrillKind;
  tenantId?: string;
  names: DrillArtefactNames;
  facts: DrillReportFacts;
  state: DrillRunState;
  /** What the kind prepared for itself (a backup to restore, failover settings). */
  extra: Extra;
  /** A restore drill to a point in time (pgBackRest) rather than of a dump. */
  pointInTime: boolean;
}

/** One drill kind: its checks, what it prepares, its plan and its run. */
export interface DrillKindDefinition<Extra = unknown> {
  /** Throws an InputError (or ConflictError) when the kind cannot run with these parameters on this entity. */
  check(context: DrillPrepareContext): void;
  /** Reads what the plan and run need (never writes). */
  prepare(
    context: DrillPrepareContext,
  ): Promise<{ extra: Extra; backup?: BackupObjectInfo }>;
  /** Whether its artefact names include a throwaway server directory. */
  server?: boolean;
  /** Whether its artefact names include a restored PITR server directory. */
  pitrServer?: boolean;
  /** What its clean-up must achieve, for the report (default: every artefact removed). */
  cleanupTarget?: string;
  /** Permissions it needs on the database besides the drill permission (a live switchover). */
  alsoRequires?: ResourcePermission<'catalog-entity'>[];
  plan(prepared: PreparedDrill<Extra>): OperationPlan;
  execute(
    prepared: PreparedDrill<Extra>,
    context: ExecuteContext,
  ): Promise<OperationOutcome>;
  /** Completes the run's state from a failure (a restore's failed checks as the validation). */
  onFailure?(prepared: PreparedDrill<Extra>, error: Error): void;
  /** The servers' roles after a run that changed them (a live drill stopped half way). */
  rolesAfter?(
    prepared: PreparedDrill<Extra>,
    steps: ReadonlyArray<{ id: string; status: string }>,
  ): TargetRoles | undefined;
}

/** The scenario's targets as a plan and a run output show them. */
export function targetsOutput(targets: DrillReportFacts['targets']) {
  return {
    rto: targets.rtoText,
    rpo: targets.rpoText,
    rtoSeconds: targets.rtoMs / 1000,
    rpoSeconds: targets.rpoMs / 1000,
  };
}

/** Who takes part in a drill: the initiator and anyone they named. */
export function participantsOf(facts: DrillReportFacts): string[] {
  return [facts.initiatedBy, ...facts.participants];
}

/** The recovery a drill's run records: the end of the validated recovery and its data loss. */
export function recoveryFigures(state: DrillRunState) {
  const figures = drillFigures(state);
  return {
    measuresRecovery: true,
    restorePoint: state.restorePoint,
    // The recovery ended with the validation (the clean-up is not part of it).
    ...(figures.rtoMs !== undefined
      ? {
          serviceRestored: {
            at: state.recoveredAt!,
            dataLossSeconds: Math.round((figures.lossMs ?? 0) / 1000),
          },
        }
      : {}),
  };
}

/** One line: the drill's result with its achieved figures against the targets. */
export function drillSummary(
  facts: DrillReportFacts,
  state: DrillRunState,
  report: { typeTitle: string; result: string },
): string {
  const figures = drillFigures(state);
  return `${report.typeTitle} of ${facts.scenario.title}: ${
    report.result
  } (RTO ${
    figures.rtoMs === undefined ? '–' : formatDuration(figures.rtoMs)
  } of ${facts.targets.rtoText}, data loss ${
    figures.lossMs === undefined ? '–' : formatDuration(figures.lossMs)
  } of ${facts.targets.rpoText})`;
}

/** The report step every drill plan ends with. */
export const REPORT_STEP = {
  id: 'report',
  title: 'Record the test report',
  detail:
    "achieved RTO and data loss against the scenario's targets, validation, clean-up, issues and action items",
};

/** Warnings of checks, in words. */
export function checkWarnings(
  checks: ReadonlyArray<{ id: string; status: string; detail: string }>,
): string[] {
  return checks
    .filter(c => c.status === 'warn')
    .map(c => `${c.id}: ${c.detail}`);
}

/**
 * Starts a drill's run state and returns what its `-node` function takes from the run: the
 * signal, the logger, and a step recorder that also keeps each step for the report.
 */
export function drillFrame(
  prepared: PreparedDrill<any>,
  context: ExecuteContext,
) {
  prepared.state.runStartedAt = context.runStartedAt;
  return {
    signal: context.signal,
    logger: context.logger,
    onStep: (step: OperationStep) => {
      recordStep(prepared.state, step);
      context.onStep(step);
    },
  };
}

/** The outcome of a drill that ran: its recovery figures, and its output with the report, result and summary. */
export function drillOutcome(
  prepared: PreparedDrill<any>,
  output: Record<string, unknown>,
): OperationOutcome {
  const { facts, state } = prepared;
  const report = drillReportOf(facts, state, new Date());
  return {
    ...recoveryFigures(state),
    output: {
      kind: prepared.kind,
      scenario: facts.scenario.id,
      ...output,
      result: report.result,
      summary: drillSummary(facts, state, report),
      report,
    },
  };
}
