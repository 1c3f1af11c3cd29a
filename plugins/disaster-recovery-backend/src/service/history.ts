import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { PostureHistoryResponse } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { DrServiceContext } from './context';
import { resolveReadableSubject } from './entityPosture';

const DAY_MS = 24 * 3600_000;

/**
 * Fleet posture over time: the counts by overall status after each evaluation round in the last
 * `days` days. Needs read access to the whole fleet (the counts cover every entity).
 *
 * @public
 */
export async function getFleetHistory(
  ctx: DrServiceContext,
  options: { days: number; limit?: number },
  credentials: BackstageCredentials,
): Promise<PostureHistoryResponse> {
  const access = await ctx.access.fleetAccess(credentials);
  if (access.result !== 'all') {
    throw new NotAllowedError(
      'Fleet posture history covers every entity; it needs read access to the whole fleet',
    );
  }
  const since = new Date(ctx.now().getTime() - options.days * DAY_MS);
  return {
    points: await ctx.stores.postures.getFleetHistory({
      since,
      limit: options.limit,
    }),
  };
}

/**
 * One entity's posture over time: its check counts by status at each change in the last `days`
 * days (and the state at the start of the window).
 *
 * @public
 */
export async function getEntityHistory(
  ctx: DrServiceContext,
  entityRef: string,
  options: { days: number; limit?: number },
  credentials: BackstageCredentials,
): Promise<PostureHistoryResponse> {
  const subject = await resolveReadableSubject(ctx, entityRef, credentials);
  const since = new Date(ctx.now().getTime() - options.days * DAY_MS);
  return {
    points: await ctx.stores.postures.getEntityHistory({
      entityRef: subject.entityRef,
      since,
      limit: options.limit,
    }),
  };
}
