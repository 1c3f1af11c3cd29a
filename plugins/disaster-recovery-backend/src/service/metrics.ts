import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  DrMetricsResponse,
  DrPolicy,
  incidentReliability,
  RecoveryRun,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { incidentsSince } from '../incidents/incidentsSince';
import { VerificationRecord } from '../database/VerificationStore';
import { DrServiceContext } from './context';

const DAY_MS = 24 * 3600_000;
/** The most runs read for one metrics computation. */
const MAX_RUNS = 10_000;

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
 * MTTR and MTBF from the real incidents (not drills) that started in the window, overall, per tier
 * and per tenant (see `incidentReliability`),
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

  // MTTR and MTBF from real incidents (drills are no failures), per tier and tenant.
  const incidents = await incidentsSince(ctx.stores.incidents, since);
  const tenantTiers = await ctx.stores.postures.getEntityTiers([
    ...new Set(incidents.flatMap(i => i.affected.tenants)),
  ]);
  const reliability = incidentReliability(incidents, {
    windowStart: since,
    windowEnd: new Date(end),
    tenantTiers,
    defaultTier: ctx.policy.defaultTier,
  });
  const backups = runs.filter(
    r =>
      r.operation === 'backup' &&
      !r.dryRun &&
      (r.status === 'succeeded' || r.status === 'failed'),
  );
  const currency = catalog.runbookCurrency();
  return {
    mttrSeconds: reliability.mttrSeconds,
    mtbfSeconds: reliability.mtbfSeconds,
    incidents: reliability,
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
