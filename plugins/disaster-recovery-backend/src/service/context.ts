import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { DrPolicy } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { EvidenceStore } from '../database/EvidenceStore';
import { PostureAccess } from '../permissions/postureAccess';
import { CatalogEvidence } from '../posture/catalogEvidence';

/** What the operations of the disaster-recovery API need. @public */
export interface DrServiceContext {
  store: EvidenceStore;
  catalog: CatalogService;
  auth: AuthService;
  access: PostureAccess;
  policy: DrPolicy;
  logger: LoggerService;
  /** The catalog evidence (runbooks, vendors, training), cached for a short while. */
  catalogEvidence: () => Promise<CatalogEvidence>;
  now: () => Date;
}

/**
 * Caches the catalog evidence for `ttlMs` (loading it means reading every Runbook, Vendor,
 * TrainingRecord, User and Group), with the plugin's own service credentials.
 */
export function cachedCatalogEvidence(options: {
  catalog: CatalogService;
  auth: AuthService;
  policy: DrPolicy;
  ttlMs?: number;
  now?: () => Date;
}): () => Promise<CatalogEvidence> {
  const ttlMs = options.ttlMs ?? 60_000;
  const now = options.now ?? (() => new Date());
  let cached: { at: number; value: Promise<CatalogEvidence> } | undefined;
  return () => {
    const at = now().getTime();
    if (!cached || at - cached.at > ttlMs) {
      const value = (async () =>
        CatalogEvidence.load({
          catalog: options.catalog,
          credentials: await options.auth.getOwnServiceCredentials(),
          policy: options.policy,
          now: new Date(at),
        }))();
      value.catch(() => {
        cached = undefined;
      });
      cached = { at, value };
    }
    return cached.value;
  };
}
