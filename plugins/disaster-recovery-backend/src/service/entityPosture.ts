import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  PostureResult,
  evaluate,
  getTier,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { loadWindowIncidents } from '../posture/incidentEvidence';
import {
  buildTenantEvidence,
  TargetEvidenceCache,
} from '../posture/subjectEvidence';
import {
  describeSubject,
  loadTargetsOf,
  PostureSubject,
} from '../posture/tenants';
import { DrServiceContext } from './context';

/**
 * Finds an entity in the catalog (with the caller's credentials, so the catalog's own
 * permissions apply), describes it for posture, and checks that the caller may read its
 * posture. Throws NotFoundError / NotAllowedError.
 */
export async function resolveReadableSubject(
  ctx: DrServiceContext,
  entityRef: string,
  credentials: BackstageCredentials,
): Promise<PostureSubject> {
  const entity = await ctx.catalog.getEntityByRef(entityRef, { credentials });
  if (!entity) {
    throw new NotFoundError(`No entity ${entityRef} in the catalog`);
  }
  const targets = await loadTargetsOf(ctx.catalog, credentials, entity);
  const subject = describeSubject(entity, targets);
  await ctx.access.assertCanRead(credentials, {
    entityRef: subject.entityRef,
    owner: subject.owner,
    tier: getTier(ctx.policy, subject.tier).id,
  });
  return subject;
}

/**
 * The posture of one entity, evaluated now from the store's evidence of its database target,
 * the incidents that reached it and the catalog's runbooks, vendors and training; every check names the evidence it used.
 *
 * @public
 */
export async function getEntityPosture(
  ctx: DrServiceContext,
  entityRef: string,
  credentials: BackstageCredentials,
): Promise<PostureResult> {
  const subject = await resolveReadableSubject(ctx, entityRef, credentials);
  const now = ctx.now();
  const [target, catalog, incidents] = await Promise.all([
    new TargetEvidenceCache(ctx.stores, ctx.policy).get(subject),
    ctx.catalogEvidence(),
    loadWindowIncidents(ctx.stores.incidents, ctx.policy, now),
  ]);
  return evaluate(
    ctx.policy,
    buildTenantEvidence(subject, target, catalog, incidents),
    now,
  );
}
