import { DrPolicy } from '../policy/types';
import { DrillEvidence } from '../posture/evidence';
import { DRILL_KIND_INFO, DrillKind } from './drillKinds';

/**
 * Where a scenario stands on the DR test calendar:
 * - `never`: no drill of it has been recorded (due now);
 * - `current`: the last drill is younger than the cadence;
 * - `due`: the cadence has passed, the grace has not;
 * - `overdue`: the cadence and the grace have passed.
 * @public
 */
export type DrillCalendarStatus = 'never' | 'current' | 'due' | 'overdue';

/** One scenario of one tenant (or database) on the DR test calendar. @public */
export interface DrillCalendarEntry {
  scenario: string;
  title: string;
  kind: DrillKind;
  /** Calendar cadence id (e.g. `quarterly`). */
  cadence: string;
  /** Whether the scheduler runs this drill when it is due (not for drills that touch production). */
  scheduled: boolean;
  status: DrillCalendarStatus;
  /** Id of the last drill run (succeeded or failed, not a dry run). */
  lastRunId?: string;
  /** When the last drill finished (ISO 8601). */
  lastDrillAt?: string;
  /** Whether the last drill's run succeeded (its figures are judged by the posture check). */
  lastStatus?: 'succeeded' | 'failed';
  /** When the next drill is due: the last drill plus the cadence (absent when never drilled). */
  dueAt?: string;
  /** When it turns overdue: the due date plus the calendar's grace (absent when never drilled). */
  overdueAt?: string;
}

/**
 * The due and overdue moments of a drill done at `lastAt` under a cadence of the policy's test
 * calendar (epoch ms): due after the cadence's interval, overdue after the grace on top. Undefined
 * when the policy has no such cadence.
 * @public
 */
export function drillDeadlines(
  policy: DrPolicy,
  cadenceId: string,
  lastAt: number,
): { dueAt: number; overdueAt: number } | undefined {
  const cadence = policy.testCalendar.cadences.find(c => c.id === cadenceId);
  if (!cadence) return undefined;
  const dueAt = lastAt + cadence.interval.ms;
  return { dueAt, overdueAt: dueAt + policy.testCalendar.grace.ms };
}

/**
 * The calendar status at `now` of deadlines: overdue from the overdue moment on (exactly at the
 * boundary), due from the due moment on, current before.
 * @public
 */
export function deadlineStatus(
  deadlines: { dueAt: number; overdueAt: number },
  now: number,
): Exclude<DrillCalendarStatus, 'never'> {
  if (now >= deadlines.overdueAt) return 'overdue';
  if (now >= deadlines.dueAt) return 'due';
  return 'current';
}

/** The drills that count for the calendar: executed (not dry runs) and ended. */
function endedDrills(drills: readonly DrillEvidence[], scenario: string) {
  const out: Array<{ d: DrillEvidence; at: number }> = [];
  for (const d of drills) {
    if (d.scenario !== scenario || d.dryRun) continue;
    if (d.status !== 'succeeded' && d.status !== 'failed') continue;
    const at = d.finishedAt ? Date.parse(d.finishedAt) : NaN;
    if (Number.isFinite(at)) out.push({ d, at });
  }
  return out;
}

/**
 * The policy's test calendar as due dates of one tenant (or database): for every scenario, its
 * drill kind, the last drill, when the next is due and overdue, and the status at `now`. A drill
 * that ran and failed still counts as done for the calendar (its failure is the posture check's
 * business); a drill never run is due now.
 * @public
 */
export function drillCalendar(
  policy: DrPolicy,
  drills: readonly DrillEvidence[],
  now: Date | number,
): DrillCalendarEntry[] {
  const nowMs = typeof now === 'number' ? now : now.getTime();
  return policy.scenarios.map(scenario => {
    const base = {
      scenario: scenario.id,
      title: scenario.title,
      kind: scenario.drillKind,
      cadence: scenario.drillCadence,
      scheduled: DRILL_KIND_INFO[scenario.drillKind].scheduled,
    };
    let last: { d: DrillEvidence; at: number } | undefined;
    for (const x of endedDrills(drills, scenario.id)) {
      if (x.at <= nowMs && (!last || x.at > last.at)) last = x;
    }
    const deadlines =
      last && drillDeadlines(policy, scenario.drillCadence, last.at);
    if (!last || !deadlines) {
      return { ...base, status: 'never' as const };
    }
    return {
      ...base,
      status: deadlineStatus(deadlines, nowMs),
      lastRunId: last.d.id,
      lastDrillAt: new Date(last.at).toISOString(),
      lastStatus: last.d.status as 'succeeded' | 'failed',
      dueAt: new Date(deadlines.dueAt).toISOString(),
      overdueAt: new Date(deadlines.overdueAt).toISOString(),
    };
  });
}

/** The entries the scheduler should run now: scheduled kinds that are never drilled, due or overdue. @public */
export function dueScheduledDrills(
  calendar: readonly DrillCalendarEntry[],
): DrillCalendarEntry[] {
  return calendar.filter(e => e.scheduled && e.status !== 'current');
}
