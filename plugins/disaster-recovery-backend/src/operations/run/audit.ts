import {
  AuditorService,
  AuditorServiceEvent,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { RecoveryRun } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { OperationCaller } from './caller';
import { elapsedSeconds } from './recoveryTimes';

/**
 * Opens the audit event of an operation request (`recovery-operation`), before anything is
 * parsed, so that every attempt is audited, malformed ones included.
 */
export function auditOperationRequest(
  auditor: AuditorService,
  body: unknown,
  caller: OperationCaller,
): Promise<AuditorServiceEvent> {
  const raw = body as
    | { dryRun?: unknown; operation?: unknown; entityRef?: unknown }
    | undefined;
  return auditor.createEvent({
    eventId: 'recovery-operation',
    severityLevel: raw?.dryRun ? 'medium' : 'high',
    request: caller.request,
    meta: {
      actionType: raw?.dryRun ? 'plan' : 'start',
      operation: String(raw?.operation ?? ''),
      entityRef: String(raw?.entityRef ?? ''),
      via: caller.via ?? 'rest',
    },
  });
}

/** Opens the audit event of a cancel request (`recovery-run-cancel`). */
export function auditCancelRequest(
  auditor: AuditorService,
  runId: string,
  caller: OperationCaller,
): Promise<AuditorServiceEvent> {
  return auditor.createEvent({
    eventId: 'recovery-run-cancel',
    severityLevel: 'high',
    request: caller.request,
    meta: { runId, via: caller.via ?? 'rest' },
  });
}

/** The warnings a restore went ahead with because its caller accepted them (its run output). */
function acceptedWarnings(run: RecoveryRun): {
  acceptedWarnings?: Array<{ id: string; status: string; detail: string }>;
} {
  const accepted = run.output?.acceptedWarnings;
  if (!Array.isArray(accepted) || accepted.length === 0) {
    return {};
  }
  return {
    acceptedWarnings: accepted.map(w => ({
      id: String(w?.id),
      status: String(w?.status),
      detail: String(w?.detail),
    })),
  };
}

/** Facts of a run's output an auditor must see: the risks it was let through with, the roles it left. */
function recordedFacts(run: RecoveryRun): Record<string, unknown> {
  const out = run.output ?? {};
  const facts: Record<string, unknown> = {};
  if (Array.isArray(out.acceptRisks) && out.acceptRisks.length) {
    facts.acceptRisks = out.acceptRisks;
  }
  if (Array.isArray(out.acceptedRisks) && out.acceptedRisks.length) {
    facts.acceptedRisks = out.acceptedRisks;
  }
  if (typeof out.incidentStartedAt === 'string') {
    facts.incidentStartedAt = out.incidentStartedAt;
  }
  if (out.topology) {
    facts.topology = out.topology;
  }
  return facts;
}

/**
 * Closes the audit event of a run that ended, with its status, duration, measured recovery
 * times and the warnings its caller accepted, and logs the end.
 */
export async function auditRunEnd(
  event: AuditorServiceEvent,
  logger: LoggerService,
  run: RecoveryRun,
  details: { databaseRef: string; finishedAt: Date },
): Promise<void> {
  const meta = {
    runId: run.id,
    target: run.target,
    databaseRef: details.databaseRef,
    ...(run.purpose ? { purpose: run.purpose } : {}),
    status: run.status,
    durationSeconds: elapsedSeconds(run.startedAt, details.finishedAt),
    ...(run.achievedRtoSeconds !== undefined
      ? { achievedRtoSeconds: run.achievedRtoSeconds }
      : {}),
    ...(run.dataLossSeconds !== undefined
      ? { dataLossSeconds: run.dataLossSeconds }
      : {}),
    ...acceptedWarnings(run),
    ...recordedFacts(run),
  };
  if (run.status === 'succeeded') {
    logger.info(
      `Run ${run.id} (${run.operation} of ${run.entityRef}) succeeded`,
    );
    await event.success({ meta });
  } else {
    logger.error(
      `Run ${run.id} (${run.operation} of ${run.entityRef}) failed: ${run.error}`,
    );
    await event.fail({ meta, error: new Error(run.error) });
  }
}
