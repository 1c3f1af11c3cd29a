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
