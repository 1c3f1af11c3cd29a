/** A running PostgreSQL 15 server started by the harness (connection details as data). */
export interface PostgresNode {
  /** Always `127.0.0.1`. */
  host: string;
  /** TCP port the server listens on. */
  port: number;
  /** Superuser name (`postgres`), password-authenticated over TCP (scram-sha-256). */
  user: string;
  /** Random per-run password of `user`. */
  password: string;
  /** The application database (default `ecommerce`). */
  database: string;
  /** The data directory (owned by the platform's OS user). */
  dataDir: string;
  /** Directory holding the server's Unix socket (peer authentication for the OS user). */
  socketDir: string;
}

/** The S3-compatible object store (fauxqs on 127.0.0.1 plus a TLS terminator in front of it). */
export interface S3Endpoint {
  /** Plain HTTP endpoint, `http://127.0.0.1:port`. */
  endpoint: string;
  /** HTTPS endpoint (self-signed certificate), `https://127.0.0.1:port`; pgBackRest uses this one. */
  tlsEndpoint: string;
  /** Region the clients sign for. */
  region: string;
  /** Access key id (the emulator accepts any; random per run). */
  accessKeyId: string;
  /** Secret access key (random per run). */
  secretAccessKey: string;
  /** The bucket created at start. */
  bucket: string;
  /**
   * A second bucket in the same store, created at start, standing for another region's store:
   * the cross-region copy target (`dr-backups-eu-west-1`).
   */
  copyBucket?: string;
  /** The region `copyBucket` stands for (`eu-west-1`). */
  copyRegion?: string;
  /** PEM file of the TLS endpoint's self-signed certificate (to trust it instead of disabling verification). */
  tlsCertFile?: string;
}

/** PgBouncer in front of the primary: the traffic switch that failover repoints. */
export interface PgBouncerEndpoint {
  /** Always `127.0.0.1`. */
  host: string;
  /** Port PgBouncer listens on. */
  port: number;
  /** The pooled database name (`ecommerce`), routed to the primary. */
  database: string;
  /** Application user (the PostgreSQL superuser). */
  user: string;
  /** Password of `user`. */
  password: string;
  /** Admin console user (connect to database `pgbouncer`). */
  adminUser: string;
  /** Password of `adminUser`. */
  adminPassword: string;
  /** The pgbouncer.ini; its `[databases]` section says where traffic goes (edit, then `RELOAD`). */
  configFile: string;
  /** The auth_file (userlist.txt) next to the config file. */
  authFile?: string;
  /** File PgBouncer writes its pid to. */
  pidFile?: string;
}

/** pgBackRest configured for the primary, with its repository in the object store. */
export interface PgBackRestSetup {
  /** Stanza name (`demo`). */
  stanza: string;
  /** The pgbackrest.conf (mode 0600, holds the S3 key). */
  configFile: string;
  /** Argument vector prefix to run pgBackRest, e.g. `['runuser','-u','postgres','--','pgbackrest','--config=…']`. */
  command: string[];
  /** Repository path inside the bucket (`/pgbackrest`). */
  repoPath?: string;
}

/** A running platform: every service the product acts on, with its connection details. */
export interface Platform {
  /** Temporary directory holding every data directory, config file and log of this run. */
  baseDir: string;
  /** OS user the servers run as: `postgres` when invoked as root, else the current user. */
  osUser: string;
  /** Directory of the PostgreSQL 15 server binaries (initdb, pg_ctl, pg_dump, pg_restore, ...). */
  pgBinDir: string;
  /** The primary server. */
  primary: PostgresNode;
  /** The streaming-replication standby (physical slot `standby_1`), when requested. */
  standby?: PostgresNode;
  /** The object store, when requested. */
  s3?: S3Endpoint;
  /** PgBouncer in front of the primary, when requested. */
  pgbouncer?: PgBouncerEndpoint;
  /** pgBackRest for the primary, when requested. */
  pgbackrest?: PgBackRestSetup;
  /** Stops the standby server (fast shutdown), e.g. to make replication lag observable. */
  stopStandby(): Promise<void>;
  /** Starts the standby server again. */
  startStandby(): Promise<void>;
  /** Stops the server of `node` (either one: roles change after a failover); `immediate` simulates a crash. */
  stopServer(node: PostgresNode, mode?: 'fast' | 'immediate'): Promise<void>;
  /** Starts the server of `node` again in its data directory, with its own configuration. */
  startServer(node: PostgresNode): Promise<void>;
  /** Stops every process the harness started, in reverse order, and removes `baseDir`. Idempotent. */
  stop(): Promise<void>;
  /** The processes the harness started and still knows about (postmasters, PgBouncer, the store). */
  processes(): Array<{ name: string; pid: number }>;
}

/** What {@link startPlatform} starts. Everything defaults to on. */
export interface PlatformOptions {
  /** Start a streaming-replication standby (default true). */
  standby?: boolean;
  /** Start the object store (default true). */
  s3?: boolean;
  /** Start PgBouncer in front of the primary (default true). */
  pgbouncer?: boolean;
  /** Configure pgBackRest (default: the value of `s3`; needs `s3`). */
  pgbackrest?: boolean;
  /** Parent directory for the run's temporary directory (default: the OS temp dir). */
  baseDir?: string;
  /** Application database created on the primary (default `ecommerce`). */
  database?: string;
  /**
   * `archive_timeout` of the archiving servers in seconds (default: off, PostgreSQL's default):
   * forces a WAL segment switch, and so an archive, at most this long after a write.
   */
  archiveTimeoutSeconds?: number;
}

/** A tenant of the demo e-commerce platform (row of the `tenants` table). */
export interface DemoTenant {
  /** Stable id, e.g. `tenant-00001`. */
  id: string;
  /** Unique URL-safe name, also usable as a catalog entity name. */
  slug: string;
  /** Display name. */
  name: string;
  /** Policy tier: `standard` or `critical`. */
  tier: string;
  /** Data class ids from the policy (e.g. `customer-pii`, `transactions`). */
  dataClasses: string[];
  /** Owning group, e.g. `team-checkout`. */
  ownerGroup: string;
  /** Home region (`us-east-1`, the primary region). */
  region: string;
}
