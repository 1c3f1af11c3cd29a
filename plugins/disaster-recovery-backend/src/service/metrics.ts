import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  DrMetricsResponse,
  DrPolicy,
  isIncidentRecoveryRun,
  RecoveryRun,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { VerificationRecord } from '../database/VerificationStore';
import { DrServiceContext } from './context';

const DAY_MS = 24 * 3600_000;
/** The most runs read for one metrics computation. */
const MAX_RUNS = 10_000;

function durationSeconds(run: RecoveryRun): number | undefined {
  if (run.achievedRtoSeconds !== undefined) return run.achievedRtoSeconds;
  if (!run.finishedAt) return undefined;
  return (Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000;
}

function mean(values: number[]): number | null {
  return values.length
    ? values.reduce((a, b) => a + b, 0) / values.length
    : null;
}

/**
 * Share of the DR test calendar done in the window: each activity is expected once per cadence
 * interval (at least once); the activity counts as done in as many intervals as it has evidence:
 * succeeded non-dry-run runs whose operation or `output.activity` names it, drills for the drill
 * activities, and verification runs for `backup-verification`. Null without any such evidence.
 */
export function testCompletionRate(
  policy: DrPolicy,
  runs: RecoveryRun[],
  verifications: VerificationRecord[],
  windowStart: number,
  windowEnd: number,
): number | null {
  const windowMs = windowEnd - windowStart;
  let expectedTotal = 0;
  let doneTotal = 0;
  let anyEvidence = false;
  for (const activity of policy.testCalendar.activities) {
    const cadence = policy.testCalendar.cadences.find(
      c => c.id === activity.cadence,
    );
    if (!cadence || cadence.interval.ms <= 0) continue;
    const intervalMs = cadence.interval.ms;
    const expected = Math.max(1, Math.floor(windowMs / intervalMs));
    const times: number[] = [];
    for (const run of runs) {
      if (run.dryRun || run.status !== 'succeeded') continue;
      const named =
        run.operation === activity.id ||
        (run.output as { activity?: unknown } | undefined)?.activity ===
          activity.id ||
        (/drill|failover|simulation/.test(activity.id) &&
          run.purpose === 'drill');
      if (named) times.push(Date.parse(run.finishedAt ?? run.startedAt));
    }
    if (activity.id === 'backup-verification') {
      for (const v of verifications) times.push(Date.parse(v.finishedAt));
    }
    if (times.length) anyEvidence = true;
    // Count the distinct cadence intervals (counted back from the window end) with evidence.
    const intervals = new Set(
      times
        .filter(t => t >= windowStart && t <= windowEnd)
        .map(t => Math.floor((windowEnd - t) / intervalMs)),
    );
    expectedTotal += expected;
    doneTotal += Math.min(expected, intervals.size);
  }
  if (!anyEvidence || expectedTotal === 0) return null;
  return doneTotal / expectedTotal;
}

/**
 * The plan's DR metrics over the last `windowDays` days, each null when there is no evidence:
 * MTTR (mean time of the succeeded incident recoveries: runs whose purpose is `recovery`), MTBF
 * (window length over the number of incident recoveries: tests and drills are not failures),
 * backup success rate (backup runs), test completion rate (DR test calendar) and documentation
 * currency (runbooks reviewed within their interval).
 *
 * @public
 */
export async function getMetrics(
  ctx: DrServiceContext,
  options: { windowDays: number },
  credentials: BackstageCredentials,
): Promise<DrMetricsResponse> {
  const access = await ctx.access.fleetAccess(credentials);
  if (access.result === 'none') {
    throw new NotAllowedError('Not allowed to read disaster-recovery metrics');
  }
  const end = ctx.now().getTime();
  const start = end - options.windowDays * DAY_MS;
  const since = new Date(start);
  const [{ items: runs }, verifications, catalog] = await Promise.all([
    ctx.stores.runs.listRecoveryRuns({ since, limit: MAX_RUNS }),
    ctx.stores.verifications.listVerifications({ since, limit: MAX_RUNS }),
    ctx.catalogEvidence(),
  ]);

  // Only real recoveries: a test restore or a drill is not a time to recover from a failure.
  const recoveries = runs.filter(isIncidentRecoveryRun);
  const mttr = mean(
    recoveries
      .filter(r => r.status === 'succeeded')
      .map(durationSeconds)
      .filter((s): s is number => s !== undefined && s >= 0),
  );
  const incidents = recoveries.length;
  const backups = runs.filter(
    r =>
      r.operation === 'backup' &&
      !r.dryRun &&
      (r.status === 'succeeded' || r.status === 'failed'),
  );
  const currency = catalog.runbookCurrency();
  return {
    mttrSeconds: mttr,
    mtbfSeconds: incidents ? (end - start) / 1000 / incidents : null,
    backupSuccessRate: backups.length
      ? backups.filter(r => r.status === 'succeeded').length / backups.length
      : null,
    testCompletionRate: testCompletionRate(
      ctx.policy,
      runs,
      verifications,
      start,
      end,
    ),
    documentationCurrency: currency ? currency.current / currency.total : null,
    windowDays: options.windowDays,
  };
}
