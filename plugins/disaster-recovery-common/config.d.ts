/**
 * Configuration of the disaster-recovery policy, shared by the backend (which refuses to start when
 * the policy contradicts itself) and the frontend (which shows the targets).
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
     * @visibility frontend
     */
    policy?: {
      /**
       * Tier of tenants that do not name one. Default `standard`.
       * @visibility frontend
       */
      defaultTier?: string;

      /**
       * Service tiers and their recovery objectives, keyed by tier id (defaults: `standard` with the
       * plan's RTO 4h, RPO 15m, MTD 8h, 99.9 %, and `critical` with RTO 1h, RPO 5m, MTD 4h, 99.95 %).
       * @visibility frontend
       */
      tiers?: {
        [tierId: string]: {
          /**
           * Display name of the tier.
           * @visibility frontend
           */
          title?: string;
          /**
           * What the tier is for.
           * @visibility frontend
           */
          description?: string;
          /**
           * Recovery time objective: longest acceptable downtime of one outage. Must not exceed `mtd`.
           * @visibility frontend
           */
          rto?: string;
          /**
           * Recovery point objective: most data, in time, that may be lost.
           * @visibility frontend
           */
          rpo?: string;
          /**
           * Maximum tolerable downtime: beyond it the business is harmed beyond recovery. Must fit in
           * the yearly downtime budget that `availability` leaves.
           * @visibility frontend
           */
          mtd?: string;
          /**
           * Yearly availability target in percent, e.g. 99.9.
           * @visibility frontend
           */
          availability?: number;
        };
      };

      /**
       * Disaster scenarios of the risk assessment, keyed by scenario id (defaults: data-center-outage,
       * database-corruption, cyber-attack, natural-disaster, human-error, third-party-failure).
       * @visibility frontend
       */
      scenarios?: {
        [scenarioId: string]: {
          /**
           * Display name of the scenario.
           * @visibility frontend
           */
          title?: string;
          /**
           * How likely the scenario is.
           * @visibility frontend
           */
          likelihood?: 'low' | 'medium' | 'high';
          /**
           * How badly it hurts (one of the impact levels).
           * @visibility frontend
           */
          impact?: 'low' | 'medium' | 'high' | 'critical';
          /**
           * Target recovery time for this scenario. May exceed the tier's RTO, never its MTD.
           * @visibility frontend
           */
          rto?: string;
          /**
           * Target data loss for this scenario. Never looser than the tier's RPO.
           * @visibility frontend
           */
          rpo?: string;
          /**
           * How the scenario is mitigated.
           * @visibility frontend
           */
          mitigation?: string;
          /**
           * Tier whose objectives the scenario's targets are checked against. Default: `defaultTier`.
           * @visibility frontend
           */
          tier?: string;
          /**
           * Test calendar cadence at which the scenario must be drilled (e.g. `quarterly`, `annual`).
           * @visibility frontend
           */
          drillCadence?: string;
        };
      };

      /**
       * Data classification, keyed by data class id (defaults: customer-pii, transactions,
       * product-catalog, application-logs, system-configs).
       * @visibility frontend
       */
      dataClasses?: {
        [dataClassId: string]: {
          /**
           * Display name of the data class.
           * @visibility frontend
           */
          title?: string;
          /**
           * Classification of the data.
           * @visibility frontend
           */
          classification?: 'critical' | 'important' | 'standard';
          /**
           * How often it must be backed up: a duration, `hourly`, `daily`, `weekly`, `monthly`, or
           * `on-change`. For critical classes it must not exceed any tier's RPO unless
           * `pointInTimeRecovery` covers the class.
           * @visibility frontend
           */
          backupFrequency?: string;
          /**
           * How long its backups must be kept.
           * @visibility frontend
           */
          retention?: string;
          /**
           * Whether continuous WAL archiving (point-in-time recovery) covers this class, so its
           * recovery point is bounded by the archive rather than the backup frequency.
           * @visibility frontend
           */
          pointInTimeRecovery?: boolean;
        };
      };

      /**
       * The platform's backup cleanup. Default `7y`.
       * @visibility frontend
       */
      retentionEnforcement?: {
        /**
         * Minimum age at which the cleanup may delete a backup. Must not be shorter than any data
         * class's retention (the plan's 30-day cleanup against a 7-year retention is rejected).
         * @visibility frontend
         */
        minAge?: string;
      };

      /**
       * Incident severity levels (SEV-0 .. SEV-3 by default). Replaces the defaults as a whole.
       * @visibility frontend
       */
      severityLevels?: Array<{
        /**
         * Level id, e.g. `SEV-0`.
         * @visibility frontend
         */
        id: string;
        /**
         * Short name, e.g. `Critical`.
         * @visibility frontend
         */
        title: string;
        /**
         * When the level applies.
         * @visibility frontend
         */
        description: string;
      }>;

      /**
       * Escalation matrix: contiguous steps by time since the incident started. Replaces the
       * defaults as a whole.
       * @visibility frontend
       */
      escalation?: Array<{
        /**
         * Time since the incident started when the step begins, e.g. `15m`.
         * @visibility frontend
         */
        from: string;
        /**
         * Time since the incident started when the next step begins; absent for the last step.
         * @visibility frontend
         */
        to?: string;
        /**
         * What happens in this step.
         * @visibility frontend
         */
        action: string;
        /**
         * Who is responsible (a role id where one exists).
         * @visibility frontend
         */
        responsible: string;
      }>;

      /**
       * Business impact levels. Replaces the defaults as a whole.
       * @visibility frontend
       */
      impactLevels?: Array<{
        /**
         * Level id.
         * @visibility frontend
         */
        id: 'low' | 'medium' | 'high' | 'critical';
        /**
         * Display name.
         * @visibility frontend
         */
        title: string;
        /**
         * What the level means (e.g. revenue loss per hour).
         * @visibility frontend
         */
        description: string;
      }>;

      /**
       * Critical business functions. Replaces the defaults as a whole.
       * @visibility frontend
       */
      businessFunctions?: Array<{
        /**
         * Function id, e.g. `order-processing`.
         * @visibility frontend
         */
        id: string;
        /**
         * Display name.
         * @visibility frontend
         */
        title: string;
        /**
         * Why it matters.
         * @visibility frontend
         */
        description: string;
      }>;

      /**
       * Regions of the multi-region architecture, keyed by region id. Exactly one is primary.
       * @visibility frontend
       */
      regions?: {
        [regionId: string]: {
          /**
           * Role of the region.
           * @visibility frontend
           */
          role?: 'primary' | 'secondary' | 'tertiary';
          /**
           * `active` (production), `hot` or `cold` standby.
           * @visibility frontend
           */
          standby?: 'active' | 'hot' | 'cold';
          /**
           * Whether backup copies are kept here.
           * @visibility frontend
           */
          holdsBackups?: boolean;
          /**
           * What runs in the region.
           * @visibility frontend
           */
          description?: string;
        };
      };

      /**
       * Incident response roles, keyed by role id (defaults: incident-commander, technical-lead,
       * communications-lead, business-lead, devops-lead).
       * @visibility frontend
       */
      roles?: {
        [roleId: string]: {
          /**
           * Display name.
           * @visibility frontend
           */
          title?: string;
          /**
           * What the role does.
           * @visibility frontend
           */
          description?: string;
          /**
           * People with current DR training the role needs. Default 2 (a primary and a backup).
           * @visibility frontend
           */
          minimumTrained?: number;
        };
      };

      /**
       * DR test calendar (monthly, quarterly and annual tests).
       * @visibility frontend
       */
      testCalendar?: {
        /**
         * How late a scheduled test may be before it counts as missed. Default `3d`.
         * @visibility frontend
         */
        grace?: string;
        /**
         * Cadences by id, as durations (defaults: monthly `1mo`, quarterly `3mo`, annual `1y`).
         * @visibility frontend
         */
        cadences?: { [cadenceId: string]: string };
        /**
         * Recurring tests keyed by id (`backup-verification` governs the verified-restore check).
         * @visibility frontend
         */
        activities?: {
          [activityId: string]: {
            /**
             * Display name.
             * @visibility frontend
             */
            title?: string;
            /**
             * Id of the cadence it recurs at.
             * @visibility frontend
             */
            cadence?: string;
          };
        };
      };

      /**
       * Runbook review cycle.
       * @visibility frontend
       */
      runbookReview?: {
        /**
         * Longest time between two reviews of a runbook. Default `1mo` (the plan's monthly cycle).
         * @visibility frontend
         */
        interval?: string;
      };

      /**
       * DR training.
       * @visibility frontend
       */
      training?: {
        /**
         * Courses keyed by id (defaults: onboarding, quarterly-dr-procedures, annual-simulation,
         * cross-functional-drill).
         * @visibility frontend
         */
        courses?: {
          [courseId: string]: {
            /**
             * Display name.
             * @visibility frontend
             */
            title?: string;
            /**
             * How long a completion stays valid; absent when it never expires.
             * @visibility frontend
             */
            validity?: string;
            /**
             * Who must hold the course.
             * @visibility frontend
             */
            requiredFor?: {
              /**
               * Everyone.
               * @visibility frontend
               */
              everyone?: boolean;
              /**
               * Response role ids.
               * @visibility frontend
               */
              roles?: string[];
              /**
               * Catalog group refs, e.g. `group:default/on-call`.
               * @visibility frontend
               */
              groups?: string[];
            };
          };
        };
      };

      /**
       * Thresholds of the posture evaluation.
       * @visibility frontend
       */
      posture?: {
        /**
         * Share of a target at which a time-based check warns. Default 0.8.
         * @visibility frontend
         */
        warnRatio?: number;
        /**
         * Backup intervals without a backup before a backup-frequency check fails (it warns after
         * one). Default 2.
         * @visibility frontend
         */
        missedBackupsToFail?: number;
        /**
         * Replication observations older than this are not trusted. Default `15m`.
         * @visibility frontend
         */
        replicationMaxAge?: string;
        /**
         * Maximum age of the newest backup copy outside the primary region. Default `1d`.
         * @visibility frontend
         */
        crossRegionCopyMaxAge?: string;
        /**
         * A deadline (vendor contract review, training expiry) this close warns. Default `30d`.
         * @visibility frontend
         */
        dueSoon?: string;
      };
    };
  };
}
