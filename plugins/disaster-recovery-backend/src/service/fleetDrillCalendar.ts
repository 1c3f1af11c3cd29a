import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  DRILL_KIND_INFO,
  DrillCalendarEntry,
  DrillCalendarStatus,
  drillCalendar,
  FleetDrillCalendarResponse,
  FleetDrillCalendarScenario,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { FleetPermissionFilter } from '../database/PostureStore';
import { loadTargetEvidence } from '../posture/storeEvidence';
import { DrServiceContext } from './context';

/** The calendar of one target, and how many entities of the fleet read their drills from it. */
interface TargetCalendar {
  /** `null`: the entities without a target, which have no drills (never drilled). */
  target: string | null;
  entities: number;
  calendar: DrillCalendarEntry[];
}

/**
 * The policy's DR test calendar of every target the (permitted) fleet uses: the drills of a
 * tenant are its database target's (as the posture's drill checks read them), so the calendar is
 * computed once per target, never per entity, and entities are counted on the database.
 */
export async function targetDrillCalendars(
  ctx: DrServiceContext,
  permissionFilter?: FleetPermissionFilter,
): Promise<TargetCalendar[]> {
  const groups = await ctx.stores.postures.countEntitiesByTarget(
    permissionFilter,
  );
  const now = ctx.now();
  return Promise.all(
    groups.map(async g => {
      const drills = g.target
        ? (await loadTargetEvidence(ctx.stores, g.target)).drills ?? []
        : [];
      return { ...g, calendar: drillCalendar(ctx.policy, drills, now) };
    }),
  );
}

/** Throws an InputError unless `scenario` is a scenario of the policy. */
export function assertKnownScenario(ctx: DrServiceContext, scenario: string) {
  if (!ctx.policy.scenarios.some(s => s.id === scenario)) {
    throw new InputError(
      `Invalid query: drill: unknown scenario '${scenario}'`,
    );
  }
}

/**
 * The targets whose drill of `scenario` stands in one of `statuses` on the calendar: the fleet
 * filter "tenants overdue for this drill".
 */
export function targetsInDrillStatus(
  calendars: TargetCalendar[],
  scenario: string,
  statuses: DrillCalendarStatus[],
): Array<string | null> {
  return calendars
    .filter(c => {
      const entry = c.calendar.find(e => e.scenario === scenario);
      return entry !== undefined && statuses.includes(entry.status);
    })
    .map(c => c.target);
}

/**
 * The DR test calendar over the fleet the caller may read: per scenario of the policy, how many
 * entities were never drilled, are current, due or overdue, and whether their last drill
 * succeeded or failed.
 *
 * @public
 */
export async function getFleetDrillCalendar(
  ctx: DrServiceContext,
  credentials: BackstageCredentials,
): Promise<FleetDrillCalendarResponse> {
  const at = ctx.now().toISOString();
  const access = await ctx.access.fleetAccess(credentials);
  const calendars =
    access.result === 'none'
      ? []
      : await targetDrillCalendars(
          ctx,
          access.result === 'filtered' ? access.filter : undefined,
        );
  const scenarios = ctx.policy.scenarios.map(scenario => {
    const out: FleetDrillCalendarScenario = {
      scenario: scenario.id,
      title: scenario.title,
      kind: scenario.drillKind,
      cadence: scenario.drillCadence,
      scheduled: DRILL_KIND_INFO[scenario.drillKind].scheduled,
      counts: { never: 0, current: 0, due: 0, overdue: 0 },
      lastSucceeded: 0,
      lastFailed: 0,
    };
    for (const { entities, calendar } of calendars) {
      const entry = calendar.find(e => e.scenario === scenario.id);
      if (!entry) continue;
      out.counts[entry.status] += entities;
      if (entry.lastStatus === 'succeeded') out.lastSucceeded += entities;
      if (entry.lastStatus === 'failed') out.lastFailed += entities;
      if (
        entry.lastDrillAt &&
        (!out.lastDrillAt || entry.lastDrillAt > out.lastDrillAt)
      ) {
        out.lastDrillAt = entry.lastDrillAt;
      }
    }
    return out;
  });
  return {
    at,
    totalEntities: calendars.reduce((sum, c) => sum + c.entities, 0),
    scenarios,
  };
}
