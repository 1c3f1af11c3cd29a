import {
  BackupItem,
  CheckResult,
  CheckStatus,
  FleetPostureItem,
  FleetPostureQuery,
  PostureHistoryPoint,
  RecoveryRun,
  WalExposureEvidence,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { PermissionCriteria } from '@backstage/plugin-permission-common';

/** A backup object as the S3 indexer writes it. @public */
export interface NewBackup {
  target: string;
  bucket: string;
  key: string;
  sizeBytes: number;
  etag?: string;
  sha256?: string;
  serverSideEncryption?: string;
  storageClass?: string;
  region?: string;
  /** Data class the backup holds; absent when it holds the whole database. */
  dataClass?: string;
  takenAt: Date;
  lastModified: Date;
  durationSeconds?: number;
}

/** Where the incremental S3 indexer of one target stopped. @public */
export interface IndexCursor {
  target: string;
  bucket: string;
  prefix: string;
  /** The last key a listing returned (listings are in key order, so the next one starts after it). */
  lastKey?: string;
  updatedAt: Date;
  lastFullScanAt?: Date;
}

/** One pgBackRest backup as recorded from `pgbackrest info`. @public */
export interface PgBackRestBackupRecord {
  label: string;
  type: string;
  startedAt: string;
  stoppedAt: string;
  sizeBytes?: number;
  archiveStart?: string;
  archiveStop?: string;
}

/** One observation of `pgbackrest info` for one target. @public */
export interface PgBackRestInfoSnapshot {
  id?: string;
  target: string;
  stanza: string;
  statusCode?: number;
  statusMessage?: string;
  backups: PgBackRestBackupRecord[];
  archiveMin?: string;
  archiveMax?: string;
  /** When the newest WAL segment was archived (ISO 8601). */
  lastArchivedAt?: string;
  /** Earliest restorable point in time (ISO 8601). */
  pitrStart?: string;
  /** Latest restorable point in time (ISO 8601). */
  pitrEnd?: string;
  /** The primary's WAL position against the archive, when the primary could be read. */
  walExposure?: WalExposureEvidence;
  observedAt: string;
}

/** One observation of streaming replication for one target. @public */
export interface ReplicationObservation {
  id?: string;
  target: string;
  observedAt: string;
  standbyConnected: boolean;
  replayLagSeconds?: number;
  lagBytes?: number;
  detail?: Record<string, unknown>;
}

/** A backup verification result. @public */
export interface VerificationRecord {
  id: string;
  target: string;
  backupId?: string;
  status: 'pass' | 'fail';
  mode: 'quick' | 'full';
  startedAt?: string;
  finishedAt: string;
  runId?: string;
  detail?: Record<string, unknown>;
}

/** A lock on a target, held by a recovery run. @public */
export interface TargetLock {
  target: string;
  owner: string;
  runId?: string;
  /** Secret of the holder: heartbeat and release must present it. */
  token: string;
  acquiredAt: string;
  heartbeatAt: string;
  expiresAt: string;
}

/** The latest posture of one entity, as the evaluator writes it. @public */
export interface PostureSnapshot {
  entityRef: string;
  title: string;
  tier: string;
  owner?: string;
  target?: string;
  overall: CheckStatus;
  checks: CheckResult[];
  nextBreachAt?: string;
  evaluatedAt: string;
}

/** What the store keeps of a previous snapshot to detect transitions. @public */
export interface PreviousPosture {
  overall: CheckStatus;
  checks: Array<{ id: string; status: CheckStatus }>;
}

/** A field of a posture snapshot that permission conditions can filter on. @public */
export type FleetFilterField = 'owner' | 'tier' | 'entityRef';

/** One permission condition translated to a store filter. @public */
export interface FleetFilter {
  field: FleetFilterField;
  values: string[];
}

/** Permission conditions over posture snapshots (allOf / anyOf / not of field filters). @public */
export type FleetPermissionFilter = PermissionCriteria<FleetFilter>;

/** A backup as the store keeps it: the API shape plus where it is and which data it holds. @public */
export interface IndexedBackup extends BackupItem {
  /** Region of the bucket. */
  region?: string;
  /** Data class the backup holds; absent when it holds the whole database. */
  dataClass?: string;
}

/** The backups the posture evaluation needs of one target, bounded in size. @public */
export interface BackupEvidenceSample {
  /** Newest backups (by time taken, never by key), newest first. */
  newest: IndexedBackup[];
  /** Oldest backup still kept per data class (`''` for whole-database backups). */
  oldest: IndexedBackup[];
  /** The first backup ever indexed, including since-deleted ones (ISO 8601). */
  firstBackupAt?: string;
  /** How many backups are kept. */
  count: number;
}

/** A page of backups. @public */
export interface BackupPage {
  items: IndexedBackup[];
  totalItems: number;
}

/** Query of recovery runs. @public */
export interface RecoveryRunQuery {
  entityRef?: string;
  target?: string;
  /** With both `entityRef` and `target`: runs matching either (default: both). */
  matchEither?: boolean;
  operations?: string[];
  since?: Date;
  offset?: number;
  limit?: number;
}

/**
 * The evidence store of the disaster-recovery backend: what the collectors, recovery operations
 * and the posture evaluator write, and what the REST API and actions read.
 *
 * @public
 */
export interface EvidenceStore {
  /** Inserts or updates backups by (bucket, key); marks them seen now. */
  upsertBackups(backups: NewBackup[]): Promise<void>;
  /** Marks backups of a target that a full rescan started at `scanStartedAt` did not see as deleted. */
  markUnseenBackupsDeleted(
    target: string,
    scanStartedAt: Date,
  ): Promise<number>;
  getIndexCursor(target: string): Promise<IndexCursor | undefined>;
  setIndexCursor(cursor: IndexCursor): Promise<void>;
  /** Backups of the given targets, newest first by time taken, paged. */
  listBackups(options: {
    targets: string[];
    offset?: number;
    limit?: number;
  }): Promise<BackupPage>;
  /** The bounded sample of backups that a posture evaluation needs. */
  getBackupEvidence(target: string): Promise<BackupEvidenceSample>;

  insertPgBackRestInfo(snapshot: PgBackRestInfoSnapshot): Promise<void>;
  getLatestPgBackRestInfo(
    target: string,
  ): Promise<PgBackRestInfoSnapshot | undefined>;

  insertReplicationObservation(
    observation: ReplicationObservation,
  ): Promise<void>;
  getLatestReplicationObservation(
    target: string,
  ): Promise<ReplicationObservation | undefined>;

  recordVerification(record: VerificationRecord): Promise<void>;
  /** Verification results, newest first, of one target or (without `target`) of all. */
  listVerifications(options: {
    target?: string;
    since?: Date;
    limit?: number;
  }): Promise<VerificationRecord[]>;

  /** Inserts a recovery run or replaces it by id. */
  saveRecoveryRun(run: RecoveryRun): Promise<void>;
  getRecoveryRun(id: string): Promise<RecoveryRun | undefined>;
  listRecoveryRuns(
    query: RecoveryRunQuery,
  ): Promise<{ items: RecoveryRun[]; totalItems: number }>;

  /**
   * Takes the lock on a target for `ttlMs` unless another owner holds an unexpired one; returns
   * the lock, or undefined when it is held. Safe across backend replicas.
   */
  acquireLock(options: {
    target: string;
    owner: string;
    runId?: string;
    ttlMs: number;
  }): Promise<TargetLock | undefined>;
  /** Extends a held lock; false when it was lost (expired and taken, or released). */
  heartbeatLock(lock: TargetLock, ttlMs: number): Promise<boolean>;
  /** Releases a held lock; false when it was not held any more. */
  releaseLock(lock: TargetLock): Promise<boolean>;
  /** The current, unexpired lock of a target. */
  getLock(target: string): Promise<TargetLock | undefined>;

  /** The previous posture of the given entities (for transition detection). */
  getPreviousPostures(
    entityRefs: string[],
  ): Promise<Map<string, PreviousPosture>>;
  /** Writes snapshots (replacing earlier ones) and a history row for each that changed. */
  savePostureSnapshots(snapshots: PostureSnapshot[]): Promise<void>;
  /** Removes snapshots not re-evaluated since `before` (entities gone from the catalog). */
  deleteStaleSnapshots(before: Date): Promise<number>;
  getPostureSnapshot(entityRef: string): Promise<PostureSnapshot | undefined>;
  /** One page of the fleet, filtered, sorted and counted on the database. */
  queryFleet(
    query: FleetPostureQuery,
    permissionFilter?: FleetPermissionFilter,
  ): Promise<{
    items: FleetPostureItem[];
    totalItems: number;
    counts: Record<CheckStatus, number>;
    /** Every tier the permission filter lets through, whatever the query's filters. */
    tiers: string[];
  }>;
  /** Entities per status of each check whose id starts with one of the prefixes. */
  countCheckStatuses(
    checkIdPrefixes: string[],
    permissionFilter?: FleetPermissionFilter,
  ): Promise<Map<string, Record<CheckStatus, number>>>;
  recordFleetHistory(
    at: Date,
    counts: Record<CheckStatus, number>,
  ): Promise<void>;
  getFleetHistory(options: {
    since: Date;
    limit?: number;
  }): Promise<PostureHistoryPoint[]>;
  getEntityHistory(options: {
    entityRef: string;
    since: Date;
    limit?: number;
  }): Promise<PostureHistoryPoint[]>;
}
