/**
 * Configuration of the disaster-recovery policy. The backend reads it (and refuses to start when the
 * policy contradicts itself); the frontend reads none of it and gets the policy from the backend's
 * API, so no field is visible to the frontend.
 *
 * Durations are ISO 8601 (`PT15M`, `P7Y`) or human strings (`15m`, `4h`, `90d`, `7y`). A year is
 * 365.25 days and a month a twelfth of that, in both syntaxes.
 */
export interface Config {
  disasterRecovery?: {
    /**
     * The DR & BCP plan as data. Every field is optional and merged over the plan's own tables:
     * maps (tiers, scenarios, data classes, regions, roles, cadences, activities, courses) entry by
     * entry, so one tier or data class can be changed or added by its id; lists (severity levels,
     * escalation, impact levels, business functions) replace the defaults as a whole.
     */
    policy?: {
      /**
       * Tier of tenants that do not name one. Default `standard`.
       */
      defaultTier?: string;

      /**
       * Service tiers and their recovery objectives, keyed by tier id (defaults: `standard` with the
       * plan's RTO 4h, RPO 15m, MTD 8h, 99.9 %, and `critical` with RTO 1h, RPO 5m, MTD 4h, 99.95 %).
       */
      tiers?: {
        [tierId: string]: {
          /**
           * Display name of the tier.
           */
          title?: string;
          /**
           * What the tier is for.
           */
          description?: string;
          /**
           * Recovery time objective: longest acceptable downtime of one outage. Must not exceed `mtd`.
           */
          rto?: string;
          /**
           * Recovery point objective: most data, in time, that may be lost.
           */
          rpo?: string;
          /**
           * Maximum tolerable downtime: beyond it the business is harmed beyond recovery. Must fit in
           * the yearly downtime budget that `availability` leaves.
           */
          mtd?: string;
          /**
           * Yearly availability target in percent, e.g. 99.9.
           */
          availability?: number;
        };
      };

      /**
       * Disaster scenarios of the risk assessment, keyed by scenario id (defaults: data-center-outage,
       * database-corruption, cyber-attack, natural-disaster, human-error, third-party-failure).
       */
      scenarios?: {
        [scenarioId: string]: {
          /**
           * Display name of the scenario.
           */
          title?: string;
          /**
           * How likely the scenario is.
           */
          likelihood?: 'low' | 'medium' | 'high';
          /**
           * How badly it hurts (one of the impact levels).
           */
          impact?: 'low' | 'medium' | 'high' | 'critical';
          /**
           * Target recovery time for this scenario. May exceed the tier's RTO, never its MTD.
           */
          rto?: string;
          /**
           * Target data loss for this scenario. Never looser than the tier's RPO.
           */
          rpo?: string;
          /**
           * How the scenario is mitigated.
           */
          mitigation?: string;
          /**
           * Tier whose objectives the scenario's targets are checked against. Default: `defaultTier`.
           */
          tier?: string;
          /**
           * Test calendar cadence at which the scenario must be drilled (e.g. `quarterly`, `annual`).
           */
          drillCadence?: string;
          /**
           * The drill that rehearses the scenario: `restore` (a backup or point in time into a
           * scratch database), `tenant-restore` (one tenant into a side schema), `isolated-failover`
           * (a throwaway standby promoted and torn down) or `live-switchover` (a real switchover and
           * back; opt-in, never scheduled). Default `restore`.
           * @visibility frontend
           */
          drillKind?:
            | 'restore'
            | 'tenant-restore'
            | 'isolated-failover'
            | 'live-switchover';
        };
      };

      /**
       * Data classification, keyed by data class id (defaults: customer-pii, transactions,
       * product-catalog, application-logs, system-configs).
       */
      dataClasses?: {
        [dataClassId: string]: {
          /**
           * Display name of the data class.
           */
          title?: string;
          /**
           * Classification of the data.
           */
          classification?: 'critical' | 'important' | 'standard';
          /**
           * How often it must be backed up: a duration, `hourly`, `daily`, `weekly`, `monthly`, or
           * `on-change`. For critical classes it must not exceed any tier's RPO unless
           * `pointInTimeRecovery` covers the class.
           */
          backupFrequency?: string;
          /**
           * How long its backups must be kept.
           */
          retention?: string;
          /**
           * Whether continuous WAL archiving (point-in-time recovery) covers this class, so its
           * recovery point is bounded by the archive rather than the backup frequency.
           */
          pointInTimeRecovery?: boolean;
        };
      };

      /**
       * The platform's backup cleanup. Default `7y`.
       */
      retentionEnforcement?: {
        /**
         * Minimum age at which the cleanup may delete a backup. Must not be shorter than any data
         * class's retention (the plan's 30-day cleanup against a 7-year retention is rejected).
         */
        minAge?: string;
      };

      /**
       * Incident severity levels (SEV-0 .. SEV-3 by default). Replaces the defaults as a whole.
       */
      severityLevels?: Array<{
        /**
         * Level id, e.g. `SEV-0`.
         */
        id: string;
        /**
         * Short name, e.g. `Critical`.
         */
        title: string;
        /**
         * When the level applies.
         */
        description: string;
        /**
         * Share of an incident's time at this level that counts as downtime of the affected
         * tenants' availability, from 0 (none) to 1 (a full outage). Default: the plan's levels
         * SEV-0 1, SEV-1 0.5, SEV-2 0.1, SEV-3 0; any other level 1.
         */
        downtimeWeight?: number;
      }>;

      /**
       * Escalation matrix: contiguous steps by time since the incident started. Replaces the
       * defaults as a whole.
       */
      escalation?: Array<{
        /**
         * Time since the incident started when the step begins, e.g. `15m`.
         */
        from: string;
        /**
         * Time since the incident started when the next step begins; absent for the last step.
         */
        to?: string;
        /**
         * What happens in this step.
         */
        action: string;
        /**
         * Who is responsible (a role id where one exists).
         */
        responsible: string;
      }>;

      /**
       * Business impact levels. Replaces the defaults as a whole.
       */
      impactLevels?: Array<{
        /**
         * Level id.
         */
        id: 'low' | 'medium' | 'high' | 'critical';
        /**
         * Display name.
         */
        title: string;
        /**
         * What the level means (e.g. revenue loss per hour).
         */
        description: string;
      }>;

      /**
       * Critical business functions. Replaces the defaults as a whole.
       */
      businessFunctions?: Array<{
        /**
         * Function id, e.g. `order-processing`.
         */
        id: string;
        /**
         * Display name.
         */
        title: string;
        /**
         * Why it matters.
         */
        description: string;
      }>;

      /**
       * Regions of the multi-region architecture, keyed by region id. Exactly one is primary.
       */
      regions?: {
        [regionId: string]: {
          /**
           * Role of the region.
           */
          role?: 'primary' | 'secondary' | 'tertiary';
          /**
           * `active` (production), `hot` or `cold` standby.
           */
          standby?: 'active' | 'hot' | 'cold';
          /**
           * Whether backup copies are kept here.
           */
          holdsBackups?: boolean;
          /**
           * What runs in the region.
           */
          description?: string;
        };
      };

      /**
       * Incident response roles, keyed by role id (defaults: incident-commander, technical-lead,
       * communications-lead, business-lead, devops-lead).
       */
      roles?: {
        [roleId: string]: {
          /**
           * Display name.
           */
          title?: string;
          /**
           * What the role does.
           */
          description?: string;
          /**
           * People with current DR training the role needs. Default 2 (a primary and a backup).
           */
          minimumTrained?: number;
        };
      };

      /**
       * DR test calendar (monthly, quarterly and annual tests).
       */
      testCalendar?: {
        /**
         * How late a scheduled test may be before it counts as missed. Default `3d`.
         */
        grace?: string;
        /**
         * Cadences by id, as durations (defaults: monthly `1mo`, quarterly `3mo`, annual `1y`).
         */
        cadences?: { [cadenceId: string]: string };
        /**
         * Recurring tests keyed by id (`backup-verification` governs the verified-restore check).
         */
        activities?: {
          [activityId: string]: {
            /**
             * Display name.
             */
            title?: string;
            /**
             * Id of the cadence it recurs at.
             */
            cadence?: string;
          };
        };
      };

      /**
       * Runbook review cycle.
       */
      runbookReview?: {
        /**
         * Longest time between two reviews of a runbook. Default `1mo` (the plan's monthly cycle).
         */
        interval?: string;
      };

      /**
       * DR training.
       */
      training?: {
        /**
         * Courses keyed by id (defaults: onboarding, quarterly-dr-procedures, annual-simulation,
         * cross-functional-drill).
         */
        courses?: {
          [courseId: string]: {
            /**
             * Display name.
             */
            title?: string;
            /**
             * How long a completion stays valid; absent when it never expires.
             */
            validity?: string;
            /**
             * Who must hold the course.
             */
            requiredFor?: {
              /**
               * Everyone.
               */
              everyone?: boolean;
              /**
               * Response role ids.
               */
              roles?: string[];
              /**
               * Catalog group refs, e.g. `group:default/on-call`.
               */
              groups?: string[];
            };
          };
        };
      };

      /**
       * Thresholds of the posture evaluation.
       */
      posture?: {
        /**
         * Share of a target at which a time-based check warns. Default 0.8.
         */
        warnRatio?: number;
        /**
         * Backup intervals without a backup before a backup-frequency check fails (it warns after
         * one). Default 2.
         */
        missedBackupsToFail?: number;
        /**
         * Replication observations older than this are not trusted. Default `15m`.
         */
        replicationMaxAge?: string;
        /**
         * Maximum age of the newest backup copy outside the primary region. Default `1d`.
         */
        crossRegionCopyMaxAge?: string;
        /**
         * A deadline (vendor contract review, training expiry) this close warns. Default `30d`.
         */
        dueSoon?: string;
      };
      /**
       * How availability is measured from incidents.
       */
      availability?: {
        /**
         * The rolling window over which each tenant's availability is compared with its tier's
         * target and its error budget is counted. Default `30d` (99.9 % allows 43 minutes).
         */
        window?: string;
        /**
         * The recent stretch over which the burn rate is measured: the downtime in it divided by
         * the downtime the target allows in it (1 spends the budget exactly over the window).
         * Default `1d`.
         */
        burnRateWindow?: string;
      };
    };
  };
}
