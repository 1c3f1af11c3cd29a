import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { DrPolicy } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { PersistenceContext } from '../database/persistenceContext';
import { PostureAccess } from '../permissions/postureAccess';
import { CatalogEvidence } from '../posture/catalogEvidence';

/** What the operations of the disaster-recovery API need. @public */
export interface DrServiceContext {
  /** The evidence the read operations serve. */
  stores: Omit<PersistenceContext, 'training'>;
  catalog: CatalogService;
  auth: AuthService;
  access: PostureAccess;
  policy: DrPolicy;
  logger: LoggerService;
  /** The catalog evidence (runbooks, vendors, training), cached for a short while. */
  catalogEvidence: CatalogEvidenceSource;
  now: () => Date;
}

/**
 * Loads the catalog evidence (runbooks, vendors, training); `fresh` skips the cache and renews
 * it (an evaluation round), otherwise an answer up to the cache's age is fine (API reads). @public
 */
export type CatalogEvidenceSource = (options?: {
  fresh?: boolean;
}) => Promise<CatalogEvidence>;

/**
 * The one way the plugin loads catalog evidence, with its own service credentials: cached for
 * `ttlMs` (loading it means reading every Runbook, Vendor, TrainingRecord, User and Group), or
 * fresh on request.
 */
export function cachedCatalogEvidence(options: {
  catalog: CatalogService;
  auth: AuthService;
  policy: DrPolicy;
  ttlMs?: number;
  now?: () => Date;
}): CatalogEvidenceSource {
  const ttlMs = options.ttlMs ?? 60_000;
  const now = options.now ?? (() => new Date());
  let cached: { at: number; value: Promise<CatalogEvidence> } | undefined;
  return ({ fresh = false } = {}) => {
    const at = now().getTime();
    if (fresh || !cached || at - cached.at > ttlMs) {
      const value = (async () =>
        CatalogEvidence.load({
          catalog: options.catalog,
          credentials: await options.auth.getOwnServiceCredentials(),
          policy: options.policy,
          now: new Date(at),
        }))();
      const entry = { at, value };
      value.catch(() => {
        if (cached === entry) cached = undefined;
      });
      cached = entry;
    }
    return cached.value;
  };
}
