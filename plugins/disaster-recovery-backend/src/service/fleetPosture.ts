import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  FleetPostureQuery,
  FleetPostureResponse,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { emptyCounts } from '../database/fleetQuery';
import { DrServiceContext } from './context';
import {
  assertKnownScenario,
  targetDrillCalendars,
  targetsInDrillStatus,
} from './fleetDrillCalendar';

/**
 * One page of the fleet from the posture snapshots the evaluator writes: filtered, sorted,
 * paged and counted on the database (the whole fleet is never loaded), limited to what the
 * caller may read; `drill` (with `drillStatus`, default overdue) keeps the entities whose drill
 * of that scenario stands so on the calendar. `counts` are over the fleet filtered by everything
 * but the overall status filter, so a status filter does not hide the other statuses' counts.
 *
 * @public
 */
export async function getFleetPosture(
  ctx: DrServiceContext,
  query: FleetPostureQuery,
  credentials: BackstageCredentials,
): Promise<FleetPostureResponse> {
  if (query.drill) assertKnownScenario(ctx, query.drill);
  else if (query.drillStatus) {
    throw new InputError('Invalid query: drillStatus needs drill (a scenario)');
  }
  const access = await ctx.access.fleetAccess(credentials);
  if (access.result === 'none') {
    return {
      items: [],
      totalItems: 0,
      counts: emptyCounts(),
      tiers: [],
      owners: [],
    };
  }
  const permissionFilter =
    access.result === 'filtered' ? access.filter : undefined;
  const targets = query.drill
    ? targetsInDrillStatus(
        await targetDrillCalendars(ctx, permissionFilter),
        query.drill,
        query.drillStatus ?? ['overdue'],
      )
    : undefined;
  return ctx.stores.postures.queryFleet(query, permissionFilter, targets);
}
