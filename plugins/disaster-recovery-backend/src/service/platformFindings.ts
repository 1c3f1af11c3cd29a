import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  PlatformFindingsQuery,
  PlatformFindingsResponse,
  StoredPostureResponse,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { DrServiceContext } from './context';
import { resolveReadableSubject } from './entityPosture';

/**
 * Platform findings: the causes (a check not passing for the same reason) that many entities
 * share, each once with how many entities it affects, computed and paged on the database over
 * the entities the caller may read. `GET /fleet?cause=` lists the entities of one.
 *
 * @public
 */
export async function getPlatformFindings(
  ctx: DrServiceContext,
  query: PlatformFindingsQuery,
  credentials: BackstageCredentials,
): Promise<PlatformFindingsResponse> {
  const access = await ctx.access.fleetAccess(credentials);
  if (access.result === 'none') {
    return { items: [], totalItems: 0, affectedEntities: 0 };
  }
  return ctx.stores.postures.queryPlatformFindings(
    query,
    access.result === 'filtered' ? access.filter : undefined,
  );
}

/**
 * The stored evaluation of one entity: the one the fleet page shows, with its time, so that a
 * page showing a fresher evaluation can say how old the fleet's is. NotFoundError when the
 * entity has not been evaluated in the background yet.
 *
 * @public
 */
export async function getStoredPosture(
  ctx: DrServiceContext,
  entityRef: string,
  credentials: BackstageCredentials,
): Promise<StoredPostureResponse> {
  const subject = await resolveReadableSubject(ctx, entityRef, credentials);
  const snapshot = await ctx.stores.postures.getPostureSnapshot(
    subject.entityRef,
  );
  if (!snapshot) {
    throw new NotFoundError(
      `${subject.entityRef} has not been evaluated for the fleet yet`,
    );
  }
  return {
    entityRef: snapshot.entityRef,
    overall: snapshot.overall,
    checks: snapshot.checks,
    nextBreachAt: snapshot.nextBreachAt,
    evaluatedAt: snapshot.evaluatedAt,
  };
}
