import { JsonObject, JsonValue } from '@backstage/types';
import {
  INCIDENT_ID_PATTERN,
  RecoveryRun,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { z as zv3 } from 'zod/v3';
import { DisasterRecoveryActionOptions, runUrl } from './helpers';
import { runDurationSeconds, stepsOutput } from './runOperation';

type Z = typeof zv3;

/** The `entityRef` input of the recovery actions, described for the action at hand. */
export function entityRefInput(description: string) {
  return (z: Z) => z.string().min(1).describe(description);
}

/**
 * The optional `incidentId` input of the actions that start recovery runs: the incident the run
 * serves (its review lists the run). Checked against the backend's rule; an id of no incident is
 * refused by the backend before anything starts.
 */
export const incidentIdInput = (z: Z) =>
  z
    .string()
    .regex(INCIDENT_ID_PATTERN, {
      message: 'must be an incident id INC-YYYY-NNN',
    })
    .optional()
    .describe(
      'The incident (INC-YYYY-NNN) the run serves; the run is listed with its achieved RTO and data loss in the incident review',
    );

/** Output fields every action of this module sets: the recorded run and its timed steps. */
export const runOutputSchema = {
  runId: (z: Z) =>
    z.string().describe('Id of the recovery run recorded by the backend'),
  runUrl: (z: Z) =>
    z.string().describe("URL of the run's evidence page in the portal"),
  status: (z: Z) =>
    z
      .enum(['planned', 'running', 'succeeded', 'failed'])
      .describe('Outcome of the run (`planned` in a dry run)'),
  target: (z: Z) =>
    z
      .string()
      .describe('Target (app-config `disasterRecovery.targets`) acted on'),
  startedAt: (z: Z) => z.string().describe('When the run started (ISO 8601)'),
  finishedAt: (z: Z) =>
    z.string().optional().describe('When the run ended (ISO 8601)'),
  durationSeconds: (z: Z) =>
    z.number().optional().describe('Wall-clock duration of the run, seconds'),
  steps: (z: Z) =>
    z
      .array(
        z.object({
          id: z.string(),
          title: z.string(),
          status: z.string(),
          startedAt: z.string().optional(),
          finishedAt: z.string().optional(),
          durationSeconds: z.number().optional(),
          detail: z.string().optional(),
        }),
      )
      .describe(
        'Every step of the run with its timing (or the plan in a dry run)',
      ),
};

/** Minimal output sink (the action context's `output`). */
export interface OutputSink {
  // The action context types `name` as its own output keys; any key of `runOutputSchema` fits.
  output(name: any, value: any): void;
}

/**
 * Writes the run's evidence to the task output: the common run fields, then each of `evidence`
 * that the backend recorded in `run.output`.
 */
export async function outputRun(
  ctx: OutputSink,
  options: Pick<DisasterRecoveryActionOptions, 'appBaseUrl'>,
  run: RecoveryRun,
  evidence: string[],
): Promise<void> {
  ctx.output('runId', run.id);
  ctx.output('runUrl', runUrl(options.appBaseUrl, run.id));
  ctx.output('status', run.status);
  ctx.output('target', run.target);
  ctx.output('startedAt', run.startedAt);
  if (run.finishedAt) {
    ctx.output('finishedAt', run.finishedAt);
  }
  const duration = runDurationSeconds(run);
  if (duration !== undefined) {
    ctx.output('durationSeconds', duration);
  }
  ctx.output('steps', stepsOutput(run) as unknown as JsonObject[]);
  const recorded: Record<string, unknown> = {
    ...(run.output ?? {}),
    ...(run.restorePoint !== undefined
      ? { restorePoint: run.restorePoint }
      : {}),
    ...(run.achievedRtoSeconds !== undefined
      ? { achievedRtoSeconds: run.achievedRtoSeconds }
      : {}),
    ...(run.dataLossSeconds !== undefined
      ? { dataLossSeconds: run.dataLossSeconds }
      : {}),
  };
  for (const name of evidence) {
    const value = recorded[name];
    if (value !== undefined && value !== null) {
      ctx.output(name, value as JsonValue);
    }
  }
}
