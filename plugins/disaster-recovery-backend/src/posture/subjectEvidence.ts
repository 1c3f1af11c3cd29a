import {
  DrPolicy,
  IncidentItem,
  TenantEvidence,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { CatalogEvidence } from './catalogEvidence';
import { incidentEvidenceOf } from './incidentEvidence';
import {
  EvidenceStores,
  loadTargetEvidence,
  TargetEvidence,
} from './storeEvidence';
import { PostureSubject } from './tenants';

/** The region a subject's data lives in: its own annotation, else the policy's primary region. */
export function homeRegionOf(
  subject: PostureSubject,
  policy: DrPolicy,
): string | undefined {
  return subject.region ?? policy.regions.find(r => r.role === 'primary')?.id;
}

/**
 * Loads the store evidence of a subject's target, memoized per target and home region so that a
 * round over many tenants of one database reads the store once.
 */
export class TargetEvidenceCache {
  private readonly cache = new Map<string, Promise<TargetEvidence>>();

  constructor(
    private readonly stores: EvidenceStores,
    private readonly policy: DrPolicy,
  ) {}

  /** The evidence of the subject's target (empty when it has none). */
  get(subject: PostureSubject): Promise<TargetEvidence> {
    if (!subject.target) return Promise.resolve({});
    const homeRegion = homeRegionOf(subject, this.policy);
    const key = `${subject.target}\u0000${homeRegion ?? ''}`;
    let entry = this.cache.get(key);
    if (!entry) {
      entry = loadTargetEvidence(this.stores, subject.target, { homeRegion });
      this.cache.set(key, entry);
    }
    return entry;
  }
}

/**
 * Everything `evaluate` needs about one subject, from the store and the catalog; `incidents` are
 * those of the availability window (see `loadWindowIncidents`), scoped here to the subject.
 */
export function buildTenantEvidence(
  subject: PostureSubject,
  target: TargetEvidence,
  catalog?: CatalogEvidence,
  incidents?: IncidentItem[],
): TenantEvidence {
  const evidence: TenantEvidence = {
    entityRef: subject.entityRef,
    title: subject.title,
    ...target,
    ...(catalog ? catalog.forSubject(subject) : {}),
  };
  if (subject.tier) evidence.tier = subject.tier;
  if (subject.dataClasses) evidence.dataClasses = subject.dataClasses;
  if (subject.owner) evidence.owner = subject.owner;
  if (incidents) evidence.incidents = incidentEvidenceOf(subject, incidents);
  return evidence;
}
