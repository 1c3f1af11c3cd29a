import type { DrillKind } from '../drills/drillKinds';
import { DrBackupFrequency, DrDuration } from './duration';

/** Recovery objectives of a tier. @public */
export interface DrObjectives {
  /** Recovery time objective: the longest acceptable downtime of one outage. */
  rto: DrDuration;
  /** Recovery point objective: the most data (in time) that may be lost. */
  rpo: DrDuration;
  /** Maximum tolerable downtime: beyond this the business is harmed beyond recovery. */
  mtd: DrDuration;
  /** Yearly availability target in percent, e.g. 99.9. */
  availability: number;
}

/** A service tier with its recovery objectives (tenants name their tier). @public */
export interface DrTier {
  id: string;
  title: string;
  description?: string;
  objectives: DrObjectives;
}

/** How likely a disaster scenario is. @public */
export type DrLikelihood = 'low' | 'medium' | 'high';

/** How badly a disaster scenario hurts (the plan's impact levels). @public */
export type DrImpact = 'low' | 'medium' | 'high' | 'critical';

/** A disaster scenario from the risk assessment, with its own recovery targets. @public */
export interface DrScenario {
  id: string;
  title: string;
  likelihood: DrLikelihood;
  impact: DrImpact;
  /** Target recovery time for this scenario (may exceed the tier RTO, never its MTD). */
  rto: DrDuration;
  /** Target data loss for this scenario (never looser than its tier's RPO). */
  rpo: DrDuration;
  mitigation: string;
  /** Tier whose objectives the scenario's targets are checked against (the default tier unless set). */
  tier: string;
  /** Id of the test calendar cadence at which this scenario must be drilled. */
  drillCadence: string;
  /** The kind of drill that rehearses this scenario (a live switchover is never scheduled). */
  drillKind: DrillKind;
}

/** Classification of a data class. @public */
export type DrClassification = 'critical' | 'important' | 'standard';

/** A data class from the data classification table. @public */
export interface DrDataClass {
  id: string;
  title: string;
  classification: DrClassification;
  backupFrequency: DrBackupFrequency;
  retention: DrDuration;
  /**
   * Whether continuous WAL archiving (point-in-time recovery) covers this class, so that its
   * recovery point is bounded by the archive and not by the backup frequency.
   */
  pointInTimeRecovery: boolean;
}

/** An incident severity level (SEV-0 .. SEV-3). @public */
export interface DrSeverityLevel {
  id: string;
  title: string;
  description: string;
  /**
   * Share of an incident's time at this level that counts as downtime of the affected tenants,
   * from 0 (none) to 1 (a full outage).
   */
  downtimeWeight: number;
}

/** One row of the escalation matrix. @public */
export interface DrEscalationStep {
  /** Time since the incident started when this step begins. */
  from: DrDuration;
  /** Time since the incident started when the next step begins (absent for the last step). */
  to?: DrDuration;
  action: string;
  /** The role or team responsible (a role id where one exists). */
  responsible: string;
}

/** A business impact level. @public */
export interface DrImpactLevel {
  id: DrImpact;
  title: string;
  description: string;
}

/** A critical business function. @public */
export interface DrBusinessFunction {
  id: string;
  title: string;
  description: string;
}

/** The role of a region in the multi-region architecture. @public */
export type DrRegionRole = 'primary' | 'secondary' | 'tertiary';

/** A region of the multi-region architecture. @public */
export interface DrRegion {
  id: string;
  role: DrRegionRole;
  /** `active` (production), `hot` or `cold` standby. */
  standby: 'active' | 'hot' | 'cold';
  /** Whether backup copies are kept in this region. */
  holdsBackups: boolean;
  description: string;
}

/** An incident response role (e.g. incident commander) that must be staffed with trained people. @public */
export interface DrResponseRole {
  id: string;
  title: string;
  description: string;
  /** People with current DR training this role needs (the plan: a primary and a backup, so 2). */
  minimumTrained: number;
}

/** A named cadence of the DR test calendar (monthly, quarterly, annual). @public */
export interface DrCadence {
  id: string;
  interval: DrDuration;
}

/** One recurring activity of the DR test calendar. @public */
export interface DrTestActivity {
  id: string;
  title: string;
  cadence: string;
}

/** The DR test calendar: cadences, activities and how late an activity may be before it counts as missed. @public */
export interface DrTestCalendar {
  cadences: DrCadence[];
  activities: DrTestActivity[];
  /** Slack added to a cadence before evidence counts as too old (a monthly test done on the 3rd is not missed). */
  grace: DrDuration;
}

/** Who must hold a training course. @public */
export interface DrTrainingRequirement {
  /** Everyone in the organization. */
  everyone: boolean;
  /** Response role ids (from `roles`). */
  roles: string[];
  /** Catalog group refs, e.g. `group:default/on-call`. */
  groups: string[];
}

/** A DR training course and how long a completion stays valid. @public */
export interface DrTrainingCourse {
  id: string;
  title: string;
  /** How long a completion is valid; absent when it never expires (e.g. onboarding). */
  validity?: DrDuration;
  requiredFor: DrTrainingRequirement;
}

/** Thresholds used by the posture evaluation. @public */
export interface DrPostureSettings {
  /** Share of a target at which a time-based check turns from pass to warn (0.8 = 80 %). */
  warnRatio: number;
  /** A backup-frequency check fails after this many intervals without a backup (warns after one). */
  missedBackupsToFail: number;
  /** Replication observations older than this are not trusted (the check is unknown). */
  replicationMaxAge: DrDuration;
  /** Newest copy outside the primary region must be younger than this. */
  crossRegionCopyMaxAge: DrDuration;
  /** A deadline (vendor contract review, training expiry) this close warns. */
  dueSoon: DrDuration;
}

/** The whole disaster-recovery policy: the plan's tables as data. @public */
export interface DrPolicy {
  defaultTier: string;
  tiers: DrTier[];
  scenarios: DrScenario[];
  dataClasses: DrDataClass[];
  /** Minimum age before the platform's cleanup may delete a backup; absent when nothing is deleted. */
  retentionEnforcement?: { minAge: DrDuration };
  severityLevels: DrSeverityLevel[];
  escalation: DrEscalationStep[];
  impactLevels: DrImpactLevel[];
  businessFunctions: DrBusinessFunction[];
  regions: DrRegion[];
  roles: DrResponseRole[];
  testCalendar: DrTestCalendar;
  /** How often runbooks must be reviewed at the latest (the plan: monthly). */
  runbookReview: { interval: DrDuration };
  training: { courses: DrTrainingCourse[] };
  posture: DrPostureSettings;
  /** How availability is measured from incidents. */
  availability: DrAvailabilitySettings;
}

/** How availability is measured from incidents. @public */
export interface DrAvailabilitySettings {
  /** The rolling window of each tenant's availability and error budget (the plan: 30 days). */
  window: DrDuration;
  /** The recent stretch over which the burn rate is measured. */
  burnRateWindow: DrDuration;
}
