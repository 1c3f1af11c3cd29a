import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { BackupListResponse } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { DrServiceContext } from './context';
import { resolveReadableSubject } from './entityPosture';

/**
 * The backups of an entity's database target, newest first by the time they were taken, paged
 * on the database. Empty when the entity has no target.
 *
 * @public
 */
export async function listEntityBackups(
  ctx: DrServiceContext,
  entityRef: string,
  page: { offset?: number; limit?: number },
  credentials: BackstageCredentials,
): Promise<BackupListResponse> {
  const subject = await resolveReadableSubject(ctx, entityRef, credentials);
  if (!subject.target) return { items: [], totalItems: 0 };
  const result = await ctx.stores.backups.listBackups({
    targets: [subject.target],
    offset: page.offset,
    limit: page.limit,
  });
  return {
    totalItems: result.totalItems,
    // The API shape, without the store's extra fields.
    items: result.items.map(({ region: _r, dataClass: _d, ...item }) => item),
  };
}
