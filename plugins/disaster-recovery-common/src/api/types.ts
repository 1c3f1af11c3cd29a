import type { CheckStatus, PostureResult } from '../posture/types';
import type { RunPurpose } from '../runs/runPurpose';
import type { IncidentReliabilityMetrics } from '../incidents/reliability';
import type { DrillCalendarStatus } from '../drills/calendar';

/**
 * Shapes of the disaster-recovery backend REST API (`/api/disaster-recovery`), shared by the
 * backend router and the frontend client.
 */

/** One row of the fleet posture page. @public */
export interface FleetPostureItem {
  entityRef: string;
  title: string;
  tier: string;
  owner?: string;
  overall: CheckStatus;
  /** Compact list of check ids with their statuses. */
  checks: Array<{ id: string; status: CheckStatus }>;
  nextBreachAt?: string;
  evaluatedAt: string;
  /** The database entity whose evidence the posture used (entity ref). */
  database?: string;
  /**
   * The worst check that does not pass, preferring one particular to this entity over a platform
   * finding (a cause many entities share, shown once on the fleet page). Absent when all pass.
   */
  worstCheck?: FleetWorstCheck;
  /** How many of its not-passing checks are platform findings. */
  platformFindings?: number;
}

/** The worst check of a fleet row, with its reason. @public */
export interface FleetWorstCheck {
  id: string;
  title: string;
  status: CheckStatus;
  reason: string;
  /** Whether this cause is a platform finding (shared by many entities). */
  platform: boolean;
}

/**
 * How many entities must share a cause (the same check not passing for the same reason) for it to
 * be a platform finding.
 * @public
 */
export const PLATFORM_FINDING_MIN_ENTITIES = 2;

/**
 * A platform finding: one cause (the same check not passing for the same reason) shared by many
 * entities, shown once with the entities it affects. @public
 */
export interface PlatformFinding {
  /** The cause key; `GET /fleet?cause=` lists the entities it affects. */
  cause: string;
  checkId: string;
  title: string;
  status: CheckStatus;
  reason: string;
  /** How many entities (that the caller may read) it affects. */
  entityCount: number;
}

/** Query of `GET /findings`. @public */
export interface PlatformFindingsQuery {
  offset?: number;
  limit?: number;
  /** Least number of entities sharing a cause (default {@link PLATFORM_FINDING_MIN_ENTITIES}). */
  minEntities?: number;
}

/** Response of `GET /findings`: platform findings, worst and widest first. @public */
export interface PlatformFindingsResponse {
  items: PlatformFinding[];
  totalItems: number;
  /** Entities (that the caller may read) affected by at least one of all the findings. */
  affectedEntities: number;
}

/** Response of `GET /entities/:kind/:namespace/:name/posture/stored`: the evaluation the fleet page shows. @public */
export interface StoredPostureResponse {
  entityRef: string;
  overall: CheckStatus;
  checks: PostureResult['checks'];
  nextBreachAt?: string;
  evaluatedAt: string;
}

/** Query for `GET /fleet`. All filters are optional; paging is done on the server. @public */
export interface FleetPostureQuery {
  offset?: number;
  limit?: number;
  sort?: 'entityRef' | 'title' | 'overall' | 'tier' | 'nextBreachAt';
  order?: 'asc' | 'desc';
  status?: CheckStatus[];
  tier?: string[];
  /** Only entities whose check with this id has status fail (or warn/unknown with status filter). */
  failingCheck?: string;
  owner?: string;
  /** Only entities affected by this platform finding (its `cause`). */
  cause?: string;
  /** Only entities whose evidence comes from this database (entity ref): a database's tenants. */
  database?: string;
  /** Only entities part of this system (entity ref): a system's roll-up. */
  system?: string;
  /** Free text over entity ref, title and owner. */
  q?: string;
  /** With `drillStatus`: only entities whose drill of this scenario (id) stands so on the calendar. */
  drill?: string;
  /** Calendar statuses of the `drill` scenario to keep (e.g. `overdue`). */
  drillStatus?: DrillCalendarStatus[];
}

/** Response of `GET /fleet`. @public */
export interface FleetPostureResponse {
  items: FleetPostureItem[];
  totalItems: number;
  /** Counts by overall status over the whole filtered fleet (not just the page). */
  counts: Record<CheckStatus, number>;
  /** Every tier in the fleet the caller may read, whatever the filters (the tier filter's options). */
  tiers?: string[];
  /** Every owner in the fleet the caller may read (the owner filter's options). */
  owners?: string[];
}

/** A logical backup indexed from object storage. @public */
export interface BackupItem {
  id: string;
  /** Target (database) name as in app-config `disasterRecovery.targets`. */
  target: string;
  bucket: string;
  key: string;
  sizeBytes: number;
  etag?: string;
  sha256?: string;
  serverSideEncryption?: string;
  storageClass?: string;
  /** When the backup was taken (from metadata or key), else LastModified (ISO 8601). */
  takenAt: string;
  lastModified: string;
  durationSeconds?: number;
  /** Latest verification status of this backup, if verified. */
  verification?: {
    status: 'pass' | 'fail';
    verifiedAt: string;
    mode: 'quick' | 'full';
  };
}

/** Response of `GET /entities/:kind/:namespace/:name/backups`. @public */
export interface BackupListResponse {
  items: BackupItem[];
  totalItems: number;
}

/** One cell of the data-class compliance matrix. @public */
export interface ComplianceCell {
  status: CheckStatus;
  reason: string;
}

/** Response of `GET /compliance`: data classes x (frequency, retention) over the fleet. @public */
export interface ComplianceMatrixResponse {
  dataClasses: Array<{
    id: string;
    title: string;
    classification: string;
    frequency: string;
    retention: string;
  }>;
  /** For each data class: how many entities pass/warn/fail/unknown its frequency and retention checks. */
  rows: Array<{
    dataClass: string;
    frequency: Record<CheckStatus, number>;
    retention: Record<CheckStatus, number>;
  }>;
}

/** Response of `GET /metrics`: the plan's DR metrics. Each value may be null when there is no evidence. @public */
export interface DrMetricsResponse {
  /** Mean time to recovery of the real incidents resolved in the window (start to resolution), seconds. */
  mttrSeconds: number | null;
  /** Mean time between failures: the window over the number of real incidents, seconds. */
  mtbfSeconds: number | null;
  /** MTTR and MTBF from incidents, overall, per tier and per tenant. */
  incidents?: IncidentReliabilityMetrics;
  /** Share of backup attempts that succeeded in the window (0..1). */
  backupSuccessRate: number | null;
  /** Share of scheduled DR tests done on time in the window (0..1). */
  testCompletionRate: number | null;
  /** Share of runbooks reviewed within their interval (0..1). */
  documentationCurrency: number | null;
  windowDays: number;
}

/** One point of posture history. @public */
export interface PostureHistoryPoint {
  at: string;
  counts: Record<CheckStatus, number>;
}

/** Response of `GET /history` (fleet) or `GET /entities/.../history` (one entity). @public */
export interface PostureHistoryResponse {
  points: PostureHistoryPoint[];
}

/** Status of a recovery run (backup, verify, restore, failover, drill). @public */
export type RecoveryRunStatus = 'planned' | 'running' | 'succeeded' | 'failed';

/** One timed step of a recovery run. @public */
export interface RecoveryRunStep {
  id: string;
  title: string;
  status: 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped';
  startedAt?: string;
  finishedAt?: string;
  detail?: string;
}

/** A recorded recovery run: the evidence that drills, metrics and posture read. @public */
export interface RecoveryRun {
  id: string;
  /** e.g. backup, verify, restore, restore-pitr, restore-tenant, failover, failback, drill. */
  operation: string;
  /** The entity the run was asked for (a tenant, or a database Resource). */
  entityRef: string;
  /**
   * The database Resource whose target the run acted on: the entity itself for a database, the
   * tenant's (shared) database for a tenant.
   */
  databaseRef?: string;
  target: string;
  initiatedBy: string;
  /**
   * Why the run was made: only `recovery` runs measure recovery objectives and MTTR; `test` and
   * `drill` runs count for the verification and drill checks. Absent for runs that neither test
   * nor recover (a backup, discarding a copy). See `RUN_PURPOSE_FEEDS`.
   */
  purpose?: RunPurpose;
  /** The incident (`INC-YYYY-NNN`) the run serves, when its caller named one; its review lists the run. */
  incidentId?: string;
  status: RecoveryRunStatus;
  dryRun: boolean;
  /** Scenario id from policy when the run is a drill. */
  scenario?: string;
  startedAt: string;
  finishedAt?: string;
  steps: RecoveryRunStep[];
  /** Achieved recovery time, seconds (restore/failover/drill). */
  achievedRtoSeconds?: number;
  /** Data-loss window, seconds (time between restore point and the incident/start). */
  dataLossSeconds?: number;
  restorePoint?: string;
  error?: string;
  output?: Record<string, unknown>;
}

/**
 * A copy a restore left next to the live data (`GET /entities/:kind/:namespace/:name/restored-copies`):
 * a restore database, the old live database kept by a cut-over, or a tenant side schema. The
 * `discard-copy` operation drops it.
 * @public
 */
export interface RestoredCopyItem {
  kind: 'restore' | 'old' | 'tenant-restore' | 'pitr-server';
  /** Database name, schema name for `tenant-restore`, directory name for `pitr-server`. */
  name: string;
  /** The database holding it. */
  database: string;
  /** When the run that made it started (ISO 8601, from the name). */
  createdAt: string;
  /** Size on disk (database size, total size of the schema's tables, or the server's directory). */
  sizeBytes: number;
  /** Identifier form of the tenant id, for side schemas. */
  tenant?: string;
  /** Port of a PITR server. */
  port?: number;
  /** Whether a PITR server is running. */
  running?: boolean;
}

/** Response of the restored copies route. @public */
export interface RestoredCopiesResponse {
  items: RestoredCopyItem[];
}
