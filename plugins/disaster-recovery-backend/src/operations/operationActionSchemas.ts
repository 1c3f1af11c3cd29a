import {
  INCIDENT_ID_PATTERN,
  RecoveryRun,
  RUN_PURPOSES,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { z as zv3 } from 'zod/v3';

type Z = typeof zv3;

/** Output schema of every recovery action: the recorded run. */
export const runOutput = (z: Z) =>
  z.object({
    runId: z.string().describe('Id of the recorded recovery run'),
    status: z
      .enum(['planned', 'running', 'succeeded', 'failed'])
      .describe('planned (dry run), running (wait=false), succeeded'),
    operation: z.string(),
    entityRef: z.string().describe('Entity the run was asked for'),
    databaseRef: z
      .string()
      .optional()
      .describe('Database Resource whose target the run acted on'),
    purpose: z
      .enum(RUN_PURPOSES)
      .optional()
      .describe(
        'test, drill or recovery (only recoveries count for RTO, data loss and MTTR)',
      ),
    incidentId: z
      .string()
      .optional()
      .describe('Incident (INC-YYYY-NNN) the run serves'),
    target: z
      .string()
      .describe('Target (app-config disasterRecovery.targets) acted on'),
    startedAt: z.string(),
    finishedAt: z.string().optional(),
    steps: z
      .array(
        z.object({
          id: z.string(),
          title: z.string(),
          status: z.string(),
          startedAt: z.string().optional(),
          finishedAt: z.string().optional(),
          detail: z.string().optional(),
        }),
      )
      .describe('Steps taken with timings, or the plan of a dry run'),
    restorePoint: z.string().optional(),
    achievedRtoSeconds: z.number().optional(),
    dataLossSeconds: z.number().optional(),
    scenario: z
      .string()
      .optional()
      .describe(
        'Scenario a drill rehearsed (its report is in evidence.report)',
      ),
    evidence: z
      .record(z.unknown())
      .describe(
        'What the run produced: key, sha256, checks, new database, ...',
      ),
  });

/** A recorded run as the output of a recovery action. */
export function toOutput(run: RecoveryRun) {
  return {
    runId: run.id,
    status: run.status,
    operation: run.operation,
    entityRef: run.entityRef,
    databaseRef: run.databaseRef,
    purpose: run.purpose,
    ...(run.incidentId ? { incidentId: run.incidentId } : {}),
    target: run.target,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    steps: run.steps,
    restorePoint: run.restorePoint,
    achievedRtoSeconds: run.achievedRtoSeconds,
    dataLossSeconds: run.dataLossSeconds,
    ...(run.scenario ? { scenario: run.scenario } : {}),
    evidence: (run.output ?? {}) as Record<string, unknown>,
  };
}

/** The `incidentId` input of the actions that start recovery runs (the rule of `POST /operations`). */
export const incidentIdInput = (z: Z) =>
  z
    .string()
    .regex(INCIDENT_ID_PATTERN, {
      message: 'must be an incident id INC-YYYY-NNN',
    })
    .optional()
    .describe(
      'The incident (INC-YYYY-NNN) the run serves; its review lists the run with its achieved RTO and data loss. An id of no incident is refused before anything starts',
    );

/** Inputs every recovery action takes. */
export const common = (z: Z) => ({
  entityRef: z
    .string()
    .min(1)
    .describe(
      'Entity ref of a database Resource (annotated dr.platform.io/target) or a tenant Resource',
    ),
  dryRun: z
    .boolean()
    .optional()
    .describe(
      'Only plan: list every step, the target, and what would not be touched; no side effect',
    ),
  wait: z
    .boolean()
    .optional()
    .describe(
      'Wait for the run to end (default true); false returns the running run at once',
    ),
  idempotencyKey: z
    .string()
    .optional()
    .describe(
      'Retrying with the same key returns the same run instead of starting another',
    ),
});
