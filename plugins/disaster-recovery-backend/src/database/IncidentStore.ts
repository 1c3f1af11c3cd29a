import {
  IncidentActionItem,
  IncidentAffected,
  IncidentEvent,
  IncidentItem,
  IncidentRole,
  IncidentStatus,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { DrImpact } from '@dr-portal/backstage-plugin-disaster-recovery-common';

/** An incident to store: the checked declaration, when and by whom. @public */
export interface NewIncident {
  severity: string;
  title: string;
  impact: string;
  impactLevel?: DrImpact;
  affected: IncidentAffected;
  startedAt: Date;
  declaredAt: Date;
  declaredBy: string;
  roles: Partial<Record<IncidentRole, string>>;
  drill: boolean;
}

/** Who changed an incident, when, and what they said. @public */
export interface IncidentChange {
  actor: string;
  at: Date;
  message?: string;
}

/** Filter and page of {@link IncidentStore.listIncidents}. @public */
export interface IncidentQuery {
  /** `open` (not resolved), `closed` (resolved) or one status. */
  state?: 'open' | 'closed' | IncidentStatus;
  /** Only incidents affecting this entity ref. */
  entityRef?: string;
  offset?: number;
  limit?: number;
  /** By declaration; newest first by default. */
  order?: 'asc' | 'desc';
}

/** Storage of incidents and their timelines. @public */
export interface IncidentStore {
  /**
   * Stores a declaration under the next id of its declaration year (`INC-YYYY-NNN`), unique
   * under concurrent declarations from any number of backend replicas, with its `declared`
   * event and the role assignments it names.
   */
  declare(incident: NewIncident): Promise<IncidentItem>;
  /** One incident, or undefined. */
  getIncident(id: string): Promise<IncidentItem | undefined>;
  /** A page of incidents with the number of all matching. */
  listIncidents(
    query: IncidentQuery,
  ): Promise<{ items: IncidentItem[]; totalItems: number }>;
  /**
   * Every incident (drills left out) that was open at some moment between `from` and `to`:
   * started by `to` and not resolved before `from`; oldest start first. Availability is measured
   * from these.
   */
  listIncidentsDuring(window: {
    from: Date;
    to: Date;
  }): Promise<IncidentItem[]>;
  /** Every event of an incident, oldest first. */
  getTimeline(id: string): Promise<IncidentEvent[]>;
  /** Posts a status update (any status but resolved). NotFound / Conflict when resolved. */
  postUpdate(
    id: string,
    update: IncidentChange & {
      status: Exclude<IncidentStatus, 'resolved'>;
      message: string;
    },
  ): Promise<IncidentItem>;
  /** Assigns a response role. NotFound / Conflict when resolved. */
  assignRole(
    id: string,
    change: IncidentChange & { role: IncidentRole; assignee: string },
  ): Promise<IncidentItem>;
  /** Acknowledges the escalation: escalation steps and reminders stop repeating. */
  acknowledge(id: string, change: IncidentChange): Promise<IncidentItem>;
  /**
   * Resolves with a root cause and opens the incident's post-incident review, in one transaction.
   * NotFound / Conflict when already resolved.
   */
  resolve(
    id: string,
    change: IncidentChange & { rootCause: string },
  ): Promise<IncidentItem>;
  /** The notices of an incident claimed so far (see {@link IncidentStore.claimNotice}). */
  listNotices(id: string): Promise<string[]>;
  /**
   * Claims a notice (an escalation step, a reminder) of an incident: true for exactly one caller
   * across replicas and restarts, who then sends it; the event is added to the timeline with it.
   */
  claimNotice(
    id: string,
    notice: string,
    event: Omit<IncidentEvent, 'id' | 'incidentId' | 'at'> & { at: Date },
  ): Promise<boolean>;
  /** The post-incident review record (opened on resolution) with its action items, or undefined. */
  getReview(id: string): Promise<
    | {
        openedAt: string;
        openedBy: string;
        actionItems: IncidentActionItem[];
      }
    | undefined
  >;
  /** Adds an action item to a review. NotFound without an incident, Conflict before resolution. */
  addActionItem(
    id: string,
    item: IncidentChange & { text: string; owner?: string },
  ): Promise<IncidentActionItem>;
  /** Adds an event to the timeline of an incident, open or resolved. NotFound without one. */
  addEvent(
    id: string,
    event: Omit<IncidentEvent, 'id' | 'incidentId' | 'at'> & { at: Date },
  ): Promise<void>;
}
