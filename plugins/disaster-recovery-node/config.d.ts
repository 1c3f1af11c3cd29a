export interface Config {
  disasterRecovery?: {
    /**
     * Databases the disaster-recovery operations act on, keyed by target name (the name a
     * database entity's `dr.platform.io/target` annotation refers to).
     */
    targets?: {
      [name: string]: {
        /** Primary server and database. */
        primary: {
          host: string;
          port: number;
          user: string;
          /**
           * Password of `user`; passed to tools through PGPASSWORD only.
           * @visibility secret
           */
          password?: string;
          /** Database name (lower-case identifier). */
          database: string;
        };
        /** Streaming-replication standby, if any. */
        standby?: {
          host: string;
          port: number;
          user: string;
          /**
           * Password of `user`.
           * @visibility secret
           */
          password?: string;
          database: string;
        };
        /** Directory of the PostgreSQL client programs (pg_dump, pg_restore, pg_ctl). Default: PATH. */
        pgBinDir?: string;
        /** Object storage of the target's logical dumps. */
        s3: {
          /** Endpoint of an S3-compatible store; omit for AWS S3. */
          endpoint?: string;
          /** Region, default us-east-1. */
          region?: string;
          bucket: string;
          /** Key prefix of this target's backups (no leading or trailing slash). */
          prefix?: string;
          /**
           * Access key id; omit to use the AWS default credential chain.
           * @visibility secret
           */
          accessKeyId?: string;
          /**
           * Secret access key.
           * @visibility secret
           */
          secretAccessKey?: string;
          /** Server-side encryption of every object written: AES256 or aws:kms. */
          sse?: 'AES256' | 'aws:kms';
          /** KMS key id for aws:kms. */
          sseKmsKeyId?: string;
          /** Path-style addressing (S3-compatible stores). */
          forcePathStyle?: boolean;
          /**
           * A bucket in another region (same store and credentials) that every backup the
           * product takes is copied to, with its statistics and metadata: the cross-region copy
           * the posture checks. Its region must differ from `region`.
           */
          copyTo?: {
            bucket: string;
            region: string;
            /** Server-side encryption of the copies (default: `sse`). */
            sse?: 'AES256' | 'aws:kms';
            /** KMS key id in the copy's region, for aws:kms. */
            sseKmsKeyId?: string;
          };
        };
        /** pgBackRest, for point-in-time recovery. */
        pgbackrest?: {
          stanza: string;
          /** Command prefix that runs pgbackrest, e.g. [runuser, -u, postgres, --, pgbackrest, --config=…]. */
          command: string[];
          /** OS user that owns and runs restored data directories. */
          osUser?: string;
          /** Directory under which PITR data directories are created. */
          restoreBaseDir?: string;
        };
        /**
         * Switchover, failover and reprotect of this target (read by the disaster-recovery
         * backend). Without this block those operations are refused for the target.
         */
        failover?: {
          /**
           * Fencers run in order on the old primary before the standby is promoted. Built-in
           * types: `sql` (read-only default, CONNECT revoked, sessions terminated) and `command`
           * (a program run with an argument array, no shell); modules add more through the
           * failover extension point. Without one, a run refuses while the old primary is up.
           */
          fencers?: Array<{
            /** `sql`, `command`, or a type a module added. */
            type: string;
            /** sql: databases whose CONNECT is revoked (default: the target's database). */
            databases?: string[];
            /** sql: application roles whose sessions are terminated and CONNECT revoked. */
            roles?: string[];
            /** sql: wait for each terminated session, ms (default 5000). */
            terminateTimeoutMs?: number;
            /** command: program and arguments, e.g. [pg_ctl, stop, -D, /data]; never a secret. */
            argv?: string[];
            /**
             * command: environment of the program; secrets go here, never into argv.
             * @deepVisibility secret
             */
            env?: { [name: string]: string };
            /** command: run it when the old primary is unreachable (STONITH), default true. */
            runWhenUnreachable?: boolean;
            /** command: kill it after this many ms (default 60000). */
            timeoutMs?: number;
          }>;
          /**
           * The traffic switch paused, repointed to the new primary and resumed. Built-in types:
           * `pgbouncer` (admin console: PAUSE, rewrite [databases], RELOAD, RESUME), `kubernetes`
           * (ConfigMap / ExternalName Service, deployments scaled) and `route53` (UPSERT, wait
           * for INSYNC). Other keys are those of the type.
           */
          switch?: {
            type: string;
            /** pgbouncer: address of PgBouncer. */
            host?: string;
            port?: number;
            /** pgbouncer: an admin_users user of the admin console. */
            adminUser?: string;
            /**
             * pgbouncer: its password.
             * @visibility secret
             */
            adminPassword?: string;
            /** pgbouncer: the [databases] entry clients connect to. */
            database?: string;
            /** pgbouncer: the pgbouncer.ini holding that entry (rewritten in place). */
            configFile?: string;
            /** pgbouncer: how long PAUSE may wait, ms (default 30000). */
            pauseTimeoutMs?: number;
            /** kubernetes: API server URL. */
            server?: string;
            /**
             * kubernetes: bearer token.
             * @visibility secret
             */
            token?: string;
            /**
             * kubernetes: CA bundle (base64 PEM).
             * @visibility secret
             */
            caData?: string;
            /** kubernetes: skip TLS verification (test clusters only). */
            skipTlsVerify?: boolean;
            /** kubernetes: namespace of the objects. */
            namespace?: string;
            /** kubernetes: ConfigMap holding the database address. */
            configMap?: {
              name: string;
              hostKey: string;
              portKey?: string;
              databaseKey?: string;
            };
            /** kubernetes: ExternalName Service repointed to the new host. */
            service?: { name: string };
            /** kubernetes: deployments scaled to 0 while paused. */
            deployments?: string[];
            /** route53: hosted zone id. */
            hostedZoneId?: string;
            /** route53: record name clients resolve. */
            recordName?: string;
            /** route53: CNAME (default) or A. */
            recordType?: 'CNAME' | 'A';
            /** route53: TTL, seconds (default 30). */
            ttl?: number;
            /** route53: AWS region. */
            region?: string;
            /** route53: custom endpoint. */
            endpoint?: string;
            /**
             * route53: access key id (default: the AWS credential chain).
             * @visibility secret
             */
            accessKeyId?: string;
            /**
             * route53: secret access key.
             * @visibility secret
             */
            secretAccessKey?: string;
            /** route53: GetChange poll interval, ms. */
            pollIntervalMs?: number;
            /** route53 / others: longest wait, ms. */
            timeoutMs?: number;
          };
          /**
           * Connection through the traffic switch (as an application connects) for the
           * verification write; default: straight to the promoted server.
           */
          probe?: {
            host: string;
            port: number;
            user: string;
            /**
             * Password of `user`.
             * @visibility secret
             */
            password?: string;
            database: string;
          };
          /** Replay lag beyond this many seconds fails preflight (`lag-beyond-rpo`). */
          rpoSeconds?: number;
          /** WAL the standby may lag, bytes (default 16 MiB). */
          maxLagBytes?: number;
          /** Longest wait for the standby to replay the old primary's last WAL, ms (default 60000). */
          replayTimeoutMs?: number;
          /** Longest time the verification write is retried, ms (default 30000). */
          verifyTimeoutMs?: number;
          /** Replication slot the reprotected standby streams from (default dr_standby). */
          slotName?: string;
          /** Fall back to pg_basebackup when pg_rewind fails (default true). */
          allowBasebackup?: boolean;
          /**
           * How the old primary becomes a standby again: `local` (the backend reaches both data
           * directories, runs pg_ctl / pg_rewind / pg_basebackup) or `command` (a host command).
           */
          reprotect?: {
            type: 'local' | 'command';
            /** local: data directory of each configured server. */
            dataDirs?: { primary?: string; standby?: string };
            /** local: OS user that owns the data directories and runs the servers. */
            osUser?: string;
            /** command: program and arguments (no shell, no secret). */
            argv?: string[];
            /**
             * command: environment; secrets go here.
             * @deepVisibility secret
             */
            env?: { [name: string]: string };
            /** command: kill it after this many ms (default 30 min). */
            timeoutMs?: number;
          };
        };
        /**
         * Isolated test failover drills of this target (read by the disaster-recovery backend):
         * a throwaway copy of the primary (pg_basebackup) is built on the backend's machine in a
         * new directory under `scratchDirectory`, started on a free port as `osUser`, promoted,
         * checked against the primary's row counts and removed. Without this block those drills
         * are refused for the target.
         */
        isolatedFailover?: {
          /** Absolute directory the throwaway servers' directories are made in. */
          scratchDirectory: string;
          /** Ports the throwaway server may listen on (127.0.0.1), inclusive; default any free port. */
          ports?: { from: number; to: number };
          /** OS user that owns the copy and runs its server (PostgreSQL refuses root). */
          osUser?: string;
          /** Longest wait for the copy to replay up to the primary's position, ms (default 600000). */
          catchUpTimeoutMs?: number;
        };
        /** How verifications and restores of this target judge a backup. */
        verification?: {
          /**
           * Tolerance of the `row-drift` check, which compares the row counts of a restored copy
           * with approximate expected ones (the live catalog's, or a previous backup's): a table
           * more than max(absolute, relative x expected) rows off gives `exceeded`.
           */
          rowCountTolerance?: {
            /** Fraction of the expected count, default 0.1. */
            relative?: number;
            /** Rows, default 10. */
            absolute?: number;
            /** `warn` (default: a cut-over then needs the warning accepted) or `fail`. */
            exceeded?: 'warn' | 'fail';
          };
        };
      };
    };
  };
}
