import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  FleetPostureQuery,
  FleetPostureResponse,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { emptyCounts } from '../database/fleetQuery';
import { DrServiceContext } from './context';

/**
 * One page of the fleet from the posture snapshots the evaluator writes: filtered, sorted,
 * paged and counted on the database (the whole fleet is never loaded), limited to what the
 * caller may read. `counts` are over the fleet filtered by everything but the overall status
 * filter, so a status filter does not hide the other statuses' counts.
 *
 * @public
 */
export async function getFleetPosture(
  ctx: DrServiceContext,
  query: FleetPostureQuery,
  credentials: BackstageCredentials,
): Promise<FleetPostureResponse> {
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
  return ctx.stores.postures.queryFleet(
    query,
    access.result === 'filtered' ? access.filter : undefined,
  );
}
