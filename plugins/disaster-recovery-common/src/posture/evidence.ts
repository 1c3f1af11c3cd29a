import type { DrillKind } from '../drills/drillKinds';

/**
 * Evidence about one tenant (or database) that `evaluate` judges against the policy. The backend
 * fills it from its store and the catalog.
 *
 * Every field is optional. `undefined` means "not collected" and makes the checks that need it
 * `unknown`; an empty array means "collected, and there is none" (e.g. `backups: []` after the
 * object store was indexed and holds no backup fails the RPO check). All times are ISO 8601.
 */

/** One backup of the tenant's data. @public */
export interface BackupEvidence {
  /** Id of the backup row (for evidence links). */
  id: string;
  /** When the backup was taken (the data's point in time). */
  takenAt: string;
  sizeBytes: number;
  sha256?: string;
  /** Region the backup is stored in, e.g. `us-east-1`. */
  region?: string;
  /** Storage location, e.g. `s3://bucket/key`. */
  location?: string;
  /** Data class the backup holds; absent when it holds the whole database (every class). */
  dataClass?: string;
  /** Latest verification of this backup. A backup that failed verification is not a good backup. */
  verification?: {
    status: 'pass' | 'fail';
    verifiedAt: string;
    mode: 'quick' | 'full';
  };
}

/** WAL archive state from pgBackRest (`pgbackrest info`). @public */
export interface WalArchiveEvidence {
  /** pgBackRest stanza (for evidence links). */
  id?: string;
  /** When the newest WAL segment was archived. */
  lastArchivedAt?: string;
  /** Earliest point in time that can be restored. */
  pitrWindowStart?: string;
  /** Latest point in time that can be restored. */
  pitrWindowEnd?: string;
  /** When this was read. */
  observedAt?: string;
  /**
   * The primary's WAL position against the archive, read with `pg_current_wal_lsn()` and
   * `pg_stat_archiver` at `observedAt`. Absent when the primary could not be read.
   */
  exposure?: WalExposureEvidence;
}

/**
 * What a disaster would lose at the moment of observation when restoring from the WAL archive.
 * RPO is the age of the oldest change that no recovery point covers: zero when every WAL record
 * written so far is archived. @public
 */
export interface WalExposureEvidence {
  /** When the primary was read. */
  observedAt: string;
  /** The primary's current WAL insert position (`pg_current_wal_lsn()`). */
  currentLsn: string;
  /** End of the newest WAL segment in the archive; everything before it is recoverable. */
  archivedLsn: string;
  /**
   * Earliest time at which a WAL record that is not archived yet may have been written; absent when
   * everything was archived at `observedAt`. An upper bound of the exposure: it is measured by the
   * collector, so it is at most one collection interval early.
   */
  unarchivedSince?: string;
  /** Whether the archiver's last attempt failed (`pg_stat_archiver.last_failed_time` is newer). */
  archiverFailing?: boolean;
}

/** Streaming replication state of the standby. @public */
export interface ReplicationEvidence {
  id?: string;
  /** When this was measured. */
  observedAt: string;
  /** Whether a standby is connected and streaming. */
  standbyConnected: boolean;
  /** Replay lag in seconds (now minus the standby's last replayed transaction time). */
  replayLagSeconds?: number;
  /** WAL bytes the standby has received but not yet replayed (or not received). 0 means caught up. */
  lagBytes?: number;
}

/** One backup verification run (the monthly "backup verification" of the DR calendar). @public */
export interface VerificationEvidence {
  id: string;
  finishedAt: string;
  status: 'pass' | 'fail';
  /** `quick`: checksum and `pg_restore --list`; `full`: restored into a scratch database and checked. */
  mode: 'quick' | 'full';
  backupId?: string;
  /** Ids of checks that warned in a verification that passed: evidence, but not a clean pass. */
  warnings?: string[];
}

/** One drill or recovery run for a disaster scenario. @public */
export interface DrillEvidence {
  id: string;
  /** Scenario id from policy. */
  scenario: string;
  status: 'planned' | 'running' | 'succeeded' | 'failed';
  startedAt?: string;
  finishedAt?: string;
  /** Dry runs are plans, not drills: they are ignored. */
  dryRun?: boolean;
  achievedRtoSeconds?: number;
  dataLossSeconds?: number;
  /** The kind of drill (absent for runs of other operations recorded with a scenario). */
  kind?: DrillKind;
}

/** A copy of a backup in another region. @public */
export interface CrossRegionCopyEvidence {
  id?: string;
  region: string;
  takenAt: string;
}

/** A runbook from the catalog that applies to the tenant. @public */
export interface RunbookEvidence {
  /** Entity ref of the Runbook. */
  ref: string;
  title?: string;
  /** Scenario ids it covers. */
  scenarios: string[];
  lastReviewed?: string;
  /** The runbook's own review interval (a duration); the policy's interval applies when it is longer. */
  reviewInterval?: string;
}

/** A vendor from the catalog that the tenant depends on. @public */
export interface VendorEvidence {
  /** Entity ref of the Vendor. */
  ref: string;
  title?: string;
  /** SLA resolution time (a duration). */
  slaResolution?: string;
  /** Whether an alternative vendor is identified. */
  hasAlternative?: boolean;
  /** When the contract's DR review is due. */
  contractReviewDue?: string;
}

/** People who hold a response role with current DR training. @public */
export interface RoleCoverageEvidence {
  /** Role id from policy. */
  role: string;
  /** People in the role whose required training is current, with when it expires (if it does). */
  people: Array<{ ref: string; trainingExpiresAt?: string }>;
}

/** Training state of the people who own the tenant (and are on call for it). @public */
export interface OwnerTrainingEvidence {
  people: Array<{
    ref: string;
    /** Whether every course required of this person is done and not expired. */
    current: boolean;
    /** When the first of their current courses expires. */
    expiresAt?: string;
    /** Course ids that are missing or expired. */
    missing?: string[];
  }>;
}

/** Everything `evaluate` needs to know about one tenant. @public */
export interface TenantEvidence {
  entityRef: string;
  title?: string;
  /** Tier id from policy; the default tier when absent. */
  tier?: string;
  /** Data class ids from policy. */
  dataClasses?: string[];
  owner?: string;
  /** When the tenant started (from the tenant registry). */
  createdAt?: string;
  /** The first backup ever taken of the tenant, even if since deleted (from the store's history). */
  firstBackupAt?: string;
  backups?: BackupEvidence[];
  walArchive?: WalArchiveEvidence;
  replication?: ReplicationEvidence;
  verifications?: VerificationEvidence[];
  drills?: DrillEvidence[];
  crossRegionCopies?: CrossRegionCopyEvidence[];
  /** For `on-change` data classes: when each class last changed (data class id -> time). */
  dataChanges?: Record<string, string>;
  runbooks?: RunbookEvidence[];
  vendors?: VendorEvidence[];
  roleCoverage?: RoleCoverageEvidence[];
  ownerTraining?: OwnerTrainingEvidence;
  /**
   * The incidents that reached the tenant (named it, its database or its system, or named no
   * entity at all) and overlap the policy's availability window.
   */
  incidents?: IncidentEvidence[];
}

/** An incident that reached the tenant, for its measured availability. @public */
export interface IncidentEvidence {
  /** `INC-YYYY-NNN`. */
  id: string;
  /** Severity level id of the policy; its `downtimeWeight` says how much of the time counts. */
  severity: string;
  title?: string;
  startedAt: string;
  /** Absent while the incident is open: it counts until now. */
  resolvedAt?: string;
  /** A response drill: never counted as downtime. */
  drill?: boolean;
}
