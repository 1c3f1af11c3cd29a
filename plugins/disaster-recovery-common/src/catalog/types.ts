import { Entity } from '@backstage/catalog-model';
import { RunbookStepRole, VendorCategory } from './constants';

/** One ordered step of a runbook. @public */
export type RunbookStep = {
  /** Short imperative title, e.g. "Fence the old primary". */
  title: string;
  /** What to do and how to tell it worked (markdown). */
  text?: string;
  /** Program and arguments as an argument vector (never a shell string), e.g. `['pg_ctl', 'promote', '-D', '/data']`. */
  command?: string[];
  /** How long the step is expected to take: ISO 8601 (`PT15M`) or human (`15m`). */
  expectedDuration: string;
  /** Response role that performs the step. */
  role: RunbookStepRole;
};

/** A recovery procedure (kind `Runbook`, apiVersion `dr.platform.io/v1alpha1`). @public */
export interface RunbookEntity extends Entity {
  apiVersion: 'dr.platform.io/v1alpha1';
  kind: 'Runbook';
  spec: {
    /** Free-form kind of runbook, e.g. `recovery`, `incident-response`, `drill`. */
    type?: string;
    /** Entity ref of the owning group or user. */
    owner: string;
    /** Scenario ids from the policy it covers, e.g. `database-corruption`. */
    scenarios: string[];
    /** Ordered steps. */
    steps: RunbookStep[];
    /** Full entity refs (`system:ecommerce-platform`, `resource:tenant-acme`) it applies to. */
    appliesTo: string[];
    /** Date of the last review (`YYYY-MM-DD`). */
    lastReviewed: string;
    /** How often it must be reviewed (`P1M`, `1mo`, `30d`); the policy's interval applies when absent or longer. */
    reviewInterval?: string;
  };
}

/** One support contact at a vendor. @public */
export type VendorContact = {
  /** What the contact is for, e.g. `support`, `account-manager`. */
  role: string;
  name: string;
  phone?: string;
  email?: string;
  /** Support plan, e.g. `enterprise`, `premium`, `24/7`. */
  supportTier?: string;
};

/** A vendor's service levels. @public */
export type VendorSla = {
  /** Time to first response (duration). */
  response: string;
  /** Time to resolution (duration). */
  resolution: string;
  /** Availability commitment in percent, e.g. 99.99. */
  availability?: number;
};

/** An external service provider (kind `Vendor`, apiVersion `dr.platform.io/v1alpha1`). @public */
export interface VendorEntity extends Entity {
  apiVersion: 'dr.platform.io/v1alpha1';
  kind: 'Vendor';
  spec: {
    category: VendorCategory;
    /** Entity ref of the group or user who manages the vendor relationship. */
    owner: string;
    contacts: VendorContact[];
    sla: VendorSla;
    /** Refs of Vendors that can replace this one (default kind Vendor). */
    alternatives?: string[];
    /** Full entity refs of the systems/components/resources that depend on this vendor. */
    dependencyOf?: string[];
    /** When the contract's DR provisions must next be reviewed (`YYYY-MM-DD`). */
    contractReviewDue?: string;
  };
}

/** One completion of a DR training course (kind `TrainingRecord`, apiVersion `dr.platform.io/v1alpha1`). @public */
export interface TrainingRecordEntity extends Entity {
  apiVersion: 'dr.platform.io/v1alpha1';
  kind: 'TrainingRecord';
  spec: {
    /** Ref of the User who completed the course (default kind User). */
    person: string;
    /** Course id from the policy, e.g. `quarterly-dr-procedures`. */
    course: string;
    /** Completion date (`YYYY-MM-DD`). */
    completed: string;
    /**
     * Date the completion stops counting (`YYYY-MM-DD`), not before `completed`; absent when it
     * does not expire (the course's validity in the policy still applies).
     */
    expires?: string;
    /** Link to the evidence (certificate, drill report). */
    evidence?: string;
    /** Entity ref of who keeps the record (e.g. the training coordinator group). */
    owner?: string;
  };
}

/** Any of the product's own catalog entities. @public */
export type DrCatalogEntity =
  | RunbookEntity
  | VendorEntity
  | TrainingRecordEntity;
