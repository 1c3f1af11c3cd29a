import { FAILOVER_RISK_IDS } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { z as zv3 } from 'zod/v3';

type Z = typeof zv3;

/** The `acceptRisks` input of the switchover, failover and preflight actions. */
export const acceptRisksInput = (z: Z) =>
  z
    .array(z.enum(FAILOVER_RISK_IDS))
    .optional()
    .describe(
      'Risks of failing preflight checks you accept (old-primary-unreachable, replication-not-streaming, replay-paused, lag-beyond-rpo, fence-failed); recorded with the run. Default none: any failing check refuses the run',
    );

/** The `incidentStartedAt` input of the failover actions. */
export const incidentStartedAtInput = (z: Z) =>
  z
    .string()
    .optional()
    .describe(
      'When the incident started (ISO 8601 with zone); the achieved RTO counts from it, else from the run start',
    );

const check = (z: Z) =>
  z.object({
    id: z.string(),
    status: z.string(),
    detail: z.string(),
    risk: z.string().optional(),
    accepted: z.boolean().optional(),
  });

/** Evidence outputs of a preflight, switchover or failover. */
export const promotionOutputSchema = {
  oldPrimary: (z: Z) =>
    z.string().optional().describe('host:port of the primary before the run'),
  newPrimary: (z: Z) =>
    z
      .string()
      .optional()
      .describe('host:port of the standby that is (or would be) promoted'),
  preflight: (z: Z) =>
    z
      .object({ ok: z.boolean(), checks: z.array(check(z)) })
      .passthrough()
      .optional()
      .describe(
        'Every preflight check with its status and reason, and whether the run may go on',
      ),
  acceptedRisks: (z: Z) =>
    z
      .array(z.string())
      .optional()
      .describe('Risks of failing checks the run went ahead with'),
  oldTimeline: (z: Z) =>
    z.number().optional().describe('Timeline of the old primary'),
  newTimeline: (z: Z) =>
    z.number().optional().describe('Timeline of the promoted server'),
  dataLoss: (z: Z) =>
    z
      .object({
        lastReceivedLsn: z.string().optional(),
        lastReplayedLsn: z.string().optional(),
        lastReplayedCommitAt: z.string().optional(),
        lostBytes: z.number().optional(),
      })
      .optional()
      .describe(
        'Data-loss window: WAL the standby had received and replayed when promoted, its last replayed commit, bytes it never replayed',
      ),
  firstWriteAt: (z: Z) =>
    z
      .string()
      .optional()
      .describe('When the first write through the switch committed'),
  achievedRtoSeconds: (z: Z) =>
    z
      .number()
      .optional()
      .describe(
        'Achieved RTO: from the incident start (or run start) to the first write, seconds',
      ),
  dataLossSeconds: (z: Z) =>
    z.number().optional().describe('Data-loss window, seconds'),
  topology: (z: Z) =>
    z
      .object({
        primaryServer: z.string(),
        standbyServer: z.string().nullable(),
        standbyStreaming: z.boolean(),
      })
      .optional()
      .describe(
        'Which configured server is the primary after the run, and which streams from it (none until reprotect)',
      ),
};

/** The names of {@link promotionOutputSchema}, for `outputRun`. */
export const PROMOTION_OUTPUTS = Object.keys(promotionOutputSchema);
