import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  disasterRecovery?: {
    /**
     * Backup verification of the DR test calendar (the plan's monthly "backup verification"):
     * restores the newest backup of every database into a scratch database and checks it.
     */
    backups?: {
      /**
       * When to back up every database Resource that names a target (`dr.platform.io/target`),
       * with the product's backup operation (recorded, audited and locked like one started from
       * the REST API or a template; with the target's `s3.copyTo`, also copied to the other
       * region). Global scope: one backend replica runs it. No schedule, no scheduled backups.
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /** Default true when a schedule is set; false turns the scheduled backups off. */
      enabled?: boolean;
    };
    /**
     * DR drills of the policy's test calendar (`disasterRecovery.policy.scenarios.<id>.drillKind`
     * and `drillCadence`).
     */
    drills?: {
      /**
       * How often to look for due drills: each run of the task first removes the leftovers of
       * drills that died (taking each target's lock), then runs every non-destructive drill that
       * is due (never drilled, or its cadence passed), as recorded `drill` runs. Global scope: one
       * backend replica runs it. No schedule, no scheduled drills (live switchovers never are).
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /** Default true when a schedule is set; false turns the scheduled drills off. */
      enabled?: boolean;
      /** How many drills run at a time across targets (one at a time per target); default 1. */
      concurrency?: number;
      /** Directory drills download their dumps into (default the OS temp dir). */
      workDirectory?: string;
    };
    verification?: {
      /** When to verify (default: monthly, 03:00 on the 1st; global scope). */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /** `full` restores into a scratch database (default); `quick` checks checksum and archive list only. */
      mode?: 'quick' | 'full';
    };
    /**
     * Evidence collectors of the disaster-recovery backend. Each runs as a scheduler task with
     * global scope (one backend replica at a time). The policy is configured under
     * `disasterRecovery.policy` (see the -common package), the databases under
     * `disasterRecovery.targets` (see the -node package).
     */
    collectors?: {
      /** Incremental index of the logical dumps in each target's object store. */
      s3Index?: {
        /** Default true. */
        enabled?: boolean;
        /** Default: every 5 minutes, 30 minutes timeout. */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
        /**
         * How often the index lists every key again, date partitions past `openFor` included,
         * instead of only the parts that can still receive backups: a duration such as `1d` or
         * `PT12H`. Default `1d`.
         */
        fullRescanEvery?: string;
        /**
         * How long after its day (month, year) ended a date partition (`YYYY/MM/DD/`,
         * `YYYY-MM-DD/`) is still listed on every pass; older partitions wait for the full
         * rescan. Folders that are not date partitions, and the keys directly under each folder,
         * are listed on every pass. Default `2d`.
         */
        openFor?: string;
      };
      /** `pgbackrest info` of each target with a stanza, and the primary's WAL archiver state. */
      pgbackrest?: {
        /** Default true. */
        enabled?: boolean;
        /** Default: every 5 minutes. */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      };
      /** Streaming replication of each target (primary's pg_stat_replication, standby's replay). */
      replication?: {
        /** Default true. */
        enabled?: boolean;
        /** Default: every minute. */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      };
      /** Evaluation of every tenant's posture into snapshots, history and owner notifications. */
      posture?: {
        /** Default true. */
        enabled?: boolean;
        /** Default: every 5 minutes, 15 minutes timeout. */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      };
    };
    /** Incident response: escalation, update reminders. */
    incidents?: {
      /**
       * Group (or user) entity ref notified for each role or team of the policy's escalation
       * matrix (`on-call`, `technical-lead`, `incident-commander`, `communications-lead`), e.g.
       * `on-call: group:default/platform-on-call`. A role assigned on the incident wins.
       */
      responseGroups?: { [role: string]: string };
      /** No status update for this long reminds the communications lead. Default `15m` (the plan). */
      updateInterval?: string;
      /** Escalation time runs this many times faster (a demo's fast clock). Default 1. */
      timeScale?: number;
      /** Time scale of response drills. Default 1. */
      drillTimeScale?: number;
      /** How often the escalation task looks for due notices. Default: every minute. */
      escalationSchedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /**
       * Communication templates, Markdown with `{{field}}`s, keyed by name (lowercase, digits,
       * dashes). `initial` and `resolution` default to the plan's; a name given here replaces the
       * default of that name. Fields: id, title, severity, startTime, resolutionTime, duration,
       * impact, affectedTenants, affectedTenantCount, rootCause, status.
       */
      templates?: { [name: string]: string };
    };
  };
}
