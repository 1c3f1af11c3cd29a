/** Connection details of one PostgreSQL server and database. @public */
export interface PgConnection {
  host: string;
  port: number;
  user: string;
  /** Never logged, never in argv: passed to tools through `PGPASSWORD`. */
  password?: string;
  database: string;
}

/**
 * A bucket in another region that each backup is copied to after it is taken (the cross-region
 * copy), in the same account and store as the source bucket. @public
 */
export interface CrossRegionCopyTarget {
  bucket: string;
  /** Region of the bucket; must differ from the source bucket's. */
  region: string;
  /** Server-side encryption of the copies (default: the source's `sse`). */
  sse?: 'AES256' | 'aws:kms';
  /** KMS key id in the copy's region when `sse` is `aws:kms` (KMS keys do not cross regions). */
  sseKmsKeyId?: string;
}

/** Where a target's logical dumps live in object storage. @public */
export interface TargetObjectStore {
  /** Custom endpoint (S3-compatible store); omit for AWS S3. */
  endpoint?: string;
  region: string;
  bucket: string;
  /** Key prefix of this target's backups, without leading or trailing slash (e.g. `prod/ecommerce`). */
  prefix: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Server-side encryption requested on every object written. */
  sse?: 'AES256' | 'aws:kms';
  /** KMS key id when `sse` is `aws:kms` (default: the bucket's AWS managed key). */
  sseKmsKeyId?: string;
  /** Path-style addressing (needed by most S3-compatible stores). */
  forcePathStyle?: boolean;
  /** Where each backup is copied to in another region, if anywhere. */
  copyTo?: CrossRegionCopyTarget;
}

/** pgBackRest settings of a target, for point-in-time recovery. @public */
export interface TargetPgBackRest {
  stanza: string;
  /** Command prefix that runs pgbackrest, e.g. `['runuser','-u','postgres','--','pgbackrest','--config=/etc/pgbackrest.conf']`. */
  command: string[];
  /** OS user that owns restored data directories and runs the restored server (e.g. `postgres`); default: the current user. */
  osUser?: string;
  /** Directory under which PITR data directories are created (default: the OS temp dir). */
  restoreBaseDir?: string;
}

/** A database the disaster-recovery operations act on, as configured in `disasterRecovery.targets`. @public */
export interface DatabaseTarget {
  /** Target name (the key in `disasterRecovery.targets`). */
  name: string;
  primary: PgConnection;
  standby?: PgConnection;
  /** Directory of pg_dump / pg_restore / pg_ctl (default: found on PATH). */
  pgBinDir?: string;
  s3: TargetObjectStore;
  pgbackrest?: TargetPgBackRest;
  /** How verifications and restores of this target judge a backup. */
  verification?: TargetVerification;
  /** Where isolated test failover drills build their throwaway standby (none without it). */
  isolatedFailover?: TargetIsolatedFailover;
}

/**
 * Isolated test failover drills of a target, run on the backend's machine: a throwaway copy of the
 * primary (`pg_basebackup`) in a new data directory under `scratchDirectory`, started on a free
 * port of `ports` as `osUser`, promoted, checked and removed.
 * @public
 */
export interface TargetIsolatedFailover {
  /** Absolute directory the throwaway servers' directories are made in (`dr-failover-drill-<target>-<ts>-<hex>`). */
  scratchDirectory: string;
  /** Ports the throwaway server may listen on (127.0.0.1), inclusive; default any free port. */
  ports?: { from: number; to: number };
  /** OS user that owns the copy and runs its server (through `runuser` when the backend runs as root). */
  osUser?: string;
  /** Longest wait for the copy to replay up to the primary's position, ms (default 10 min). */
  catchUpTimeoutMs?: number;
}

/** Verification settings of a target. @public */
export interface TargetVerification {
  /**
   * Row-count tolerance of the `row-drift` check: a table more than
   * `max(absolute, relative × expected)` rows off its expected count gives `exceeded`
   * (defaults 10 %, 10 rows, `warn`).
   */
  rowCountTolerance?: {
    relative?: number;
    absolute?: number;
    exceeded?: 'warn' | 'fail';
  };
}

/** The secrets of a target, so they can be scrubbed from anything that leaves the process. @public */
export function targetSecrets(target: DatabaseTarget): string[] {
  return [
    target.primary.password,
    target.standby?.password,
    target.s3.secretAccessKey,
    target.s3.accessKeyId,
  ].filter((s): s is string => typeof s === 'string' && s.length > 0);
}

/** The database name backups of a target are made from (the primary's database). @public */
export function targetDatabaseName(target: DatabaseTarget): string {
  return target.primary.database;
}
