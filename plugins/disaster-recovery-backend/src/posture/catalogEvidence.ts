import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  DrPolicy,
  isRunbookEntity,
  isTrainingRecordEntity,
  isVendorEntity,
  normalizeEntityRef,
  OwnerTrainingEvidence,
  roleCoverage,
  RoleCoverageEvidence,
  RunbookEntity,
  runbookToEvidence,
  RunbookEvidence,
  runbookReviewDueAt,
  TenantEvidence,
  trainingPeopleFromCatalog,
  TrainingPerson,
  trainingRecordToInput,
  TrainingRecordInput,
  trainingStatus,
  VendorEntity,
  vendorToEvidence,
  VendorEvidence,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { PostureSubject, queryAllEntities } from './tenants';

/** The catalog evidence of one subject: runbooks, vendors, owner training, role coverage. */
export type SubjectCatalogEvidence = Pick<
  TenantEvidence,
  'runbooks' | 'vendors' | 'ownerTraining' | 'roleCoverage'
>;

async function loadKind(
  catalog: CatalogService,
  credentials: BackstageCredentials,
  kind: string,
): Promise<Entity[]> {
  const all: Entity[] = [];
  for await (const page of queryAllEntities(catalog, credentials, { kind })) {
    all.push(...page);
  }
  return all;
}

/**
 * What the catalog says about DR readiness, loaded once per evaluation round (Runbook, Vendor,
 * TrainingRecord, User and Group entities) and then looked up per subject in memory: the
 * runbooks and vendors that apply to it (through the subject itself, the databases it depends on,
 * or its system), its owner's training, and the response roles' coverage. When the catalog holds
 * no entity of a kind at all, the checks that need it stay unknown.
 *
 * @public
 */
export class CatalogEvidence {
  /** Loads the catalog entities the DR checks need. */
  static async load(options: {
    catalog: CatalogService;
    credentials: BackstageCredentials;
    policy: DrPolicy;
    now: Date;
  }): Promise<CatalogEvidence> {
    const { catalog, credentials } = options;
    const [runbooks, vendors, records, users, groups] = await Promise.all([
      loadKind(catalog, credentials, 'runbook'),
      loadKind(catalog, credentials, 'vendor'),
      loadKind(catalog, credentials, 'trainingrecord'),
      loadKind(catalog, credentials, 'user'),
      loadKind(catalog, credentials, 'group'),
    ]);
    return new CatalogEvidence(
      options.policy,
      options.now,
      runbooks.filter(isRunbookEntity),
      vendors.filter(isVendorEntity),
      records.filter(isTrainingRecordEntity).map(trainingRecordToInput),
      trainingPeopleFromCatalog({ users, groups }),
    );
  }

  private readonly runbooksByRef = new Map<string, RunbookEvidence[]>();
  private readonly vendorsByRef = new Map<string, VendorEvidence[]>();
  private readonly roleCoverage: RoleCoverageEvidence[];
  private readonly trainingByGroup = new Map<
    string,
    OwnerTrainingEvidence['people']
  >();
  private readonly people: TrainingPerson[];
  private readonly allRunbooks: RunbookEvidence[];
  private readonly hasVendors: boolean;
  private readonly hasTraining: boolean;

  private constructor(
    private readonly policy: DrPolicy,
    private readonly now: Date,
    runbooks: RunbookEntity[],
    vendors: VendorEntity[],
    private readonly records: TrainingRecordInput[],
    people: TrainingPerson[],
  ) {
    this.people = people;
    this.allRunbooks = runbooks.map(runbookToEvidence);
    this.hasVendors = vendors.length > 0;
    this.hasTraining = records.length > 0;
    for (const runbook of runbooks) {
      const evidence = runbookToEvidence(runbook);
      for (const ref of runbook.spec.appliesTo ?? []) {
        const key = normalizeEntityRef(ref);
        this.runbooksByRef.set(key, [
          ...(this.runbooksByRef.get(key) ?? []),
          evidence,
        ]);
      }
    }
    for (const vendor of vendors) {
      const evidence = vendorToEvidence(vendor);
      for (const ref of vendor.spec.dependencyOf ?? []) {
        const key = normalizeEntityRef(ref);
        this.vendorsByRef.set(key, [
          ...(this.vendorsByRef.get(key) ?? []),
          evidence,
        ]);
      }
    }
    this.roleCoverage = roleCoverage({
      roles: policy.roles,
      people,
      courses: policy.training.courses,
      records,
      now,
      dueSoonMs: policy.posture.dueSoon.ms,
    }).map(c => ({ role: c.role, people: c.people }));
  }

  private ownerTraining(
    owner: string | undefined,
  ): OwnerTrainingEvidence | undefined {
    if (!owner) return undefined;
    const ownerRef = normalizeEntityRef(owner, { defaultKind: 'group' });
    const cached = this.trainingByGroup.get(ownerRef);
    if (cached) return { people: cached };
    const members = ownerRef.startsWith('user:')
      ? this.people.filter(
          p => p.ref === normalizeEntityRef(ownerRef, { defaultKind: 'user' }),
        )
      : this.people.filter(p => p.groups.includes(ownerRef));
    const list = members.map(person => {
      const status = trainingStatus({
        person,
        courses: this.policy.training.courses,
        records: this.records,
        now: this.now,
        dueSoonMs: this.policy.posture.dueSoon.ms,
      });
      return {
        ref: status.person,
        current: status.current,
        ...(status.expiresAt ? { expiresAt: status.expiresAt } : {}),
        ...(status.missing.length ? { missing: status.missing } : {}),
      };
    });
    this.trainingByGroup.set(ownerRef, list);
    return { people: list };
  }

  /**
   * Documentation currency: the share of runbooks reviewed within their interval (their own,
   * capped by the policy's), or null when the catalog holds no runbook.
   */
  runbookCurrency(): { current: number; total: number } | null {
    if (!this.allRunbooks.length) return null;
    const policyMs = this.policy.runbookReview.interval.ms;
    const now = this.now.getTime();
    let current = 0;
    for (const r of this.allRunbooks) {
      const reviewed = r.lastReviewed ? Date.parse(r.lastReviewed) : NaN;
      const due = runbookReviewDueAt(
        r.lastReviewed,
        r.reviewInterval,
        policyMs,
      );
      if (reviewed <= now && due !== undefined && now <= due) current += 1;
    }
    return { current, total: this.allRunbooks.length };
  }

  /** The catalog evidence of one subject. */
  forSubject(subject: PostureSubject): SubjectCatalogEvidence {
    const refs = [subject.entityRef, ...subject.dependsOn, subject.system]
      .filter((r): r is string => !!r)
      .map(r => normalizeEntityRef(r));
    const unique = <T extends { ref: string }>(items: T[]) => {
      const seen = new Set<string>();
      return items.filter(i =>
        seen.has(i.ref) ? false : (seen.add(i.ref), true),
      );
    };
    // A kind the catalog holds nothing of (e.g. the catalog module is not installed) is not
    // evidence of absence: those checks stay unknown.
    const out: SubjectCatalogEvidence = {};
    if (this.allRunbooks.length) {
      out.runbooks = unique(refs.flatMap(r => this.runbooksByRef.get(r) ?? []));
    }
    if (this.hasVendors) {
      out.vendors = unique(refs.flatMap(r => this.vendorsByRef.get(r) ?? []));
    }
    if (this.hasTraining) {
      out.roleCoverage = this.roleCoverage;
      const training = this.ownerTraining(subject.owner);
      if (training) out.ownerTraining = training;
    }
    return out;
  }
}
