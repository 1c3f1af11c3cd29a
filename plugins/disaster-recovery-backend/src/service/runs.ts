import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { RecoveryRunListResponse } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { DrServiceContext } from './context';
import { resolveReadableSubject } from './entityPosture';

/** Which recorded runs to list: of one entity, of some operations, a page. */
export interface RunListQuery {
  entityRef?: string;
  operation?: string[];
  offset?: number;
  limit?: number;
}

/**
 * Recorded recovery runs (backups, verifications, restores, failovers, drills), newest first:
 * of one entity and its database target (checked against its posture permission), or of every
 * entity for callers who may read the whole fleet.
 *
 * @public
 */
export async function listRuns(
  ctx: DrServiceContext,
  query: RunListQuery,
  credentials: BackstageCredentials,
): Promise<RecoveryRunListResponse> {
  let entityRef: string | undefined;
  let target: string | undefined;
  if (query.entityRef) {
    const subject = await resolveReadableSubject(
      ctx,
      query.entityRef,
      credentials,
    );
    entityRef = subject.entityRef;
    // A tenant's runs are often recorded on its database: include the runs on its target.
    target = subject.target;
  } else if ((await ctx.access.fleetAccess(credentials)).result !== 'all') {
    throw new NotAllowedError(
      'Listing the runs of every entity needs read access to the whole fleet; ask for one entityRef',
    );
  }
  return ctx.stores.runs.listRecoveryRuns({
    entityRef,
    target,
    matchEither: true,
    operations: query.operation,
    offset: query.offset,
    limit: query.limit,
  });
}
