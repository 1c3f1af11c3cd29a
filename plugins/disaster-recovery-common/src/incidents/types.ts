import { DrImpact, DrImpactLevel, DrSeverityLevel } from '../policy/types';
import { RecoveryRun } from '../api/types';
import type { IncidentEscalationStatus } from './dueNotices';

/** The states an incident goes through, in order (the plan's status line). @public */
export const INCIDENT_STATUSES = [
  'investigating',
  'identified',
  'monitoring',
  'resolved',
] as const;

/** The state of an incident. @public */
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** The response roles of an incident (the plan's response teams). @public */
export const INCIDENT_ROLES = [
  'incident-commander',
  'technical-lead',
  'communications-lead',
  'business-lead',
] as const;

/** A response role of an incident. @public */
export type IncidentRole = (typeof INCIDENT_ROLES)[number];

/** What an incident affects, as catalog entity refs. @public */
export interface IncidentAffected {
  /** Tenant Resources (`resource:default/acme`). */
  tenants: string[];
  /** Systems (`system:default/storefront`). */
  systems: string[];
  /** Database Resources (`resource:default/orders-db`). */
  databases: string[];
}

/** An incident as the API returns it. @public */
export interface IncidentItem {
  /** `INC-YYYY-NNN`, the year of declaration and its number within that year. */
  id: string;
  /** Severity level id of the policy (`SEV-0` .. `SEV-3`). */
  severity: string;
  title: string;
  status: IncidentStatus;
  /** The impact as told to stakeholders ("Platform unavailable, all tenants affected"). */
  impact: string;
  /** The plan's impact level the declarer chose, when given. */
  impactLevel?: DrImpact;
  affected: IncidentAffected;
  /** When the incident began (may be before it was declared). */
  startedAt: string;
  declaredAt: string;
  declaredBy: string;
  /** Who holds each response role (user or group entity refs). */
  roles: Partial<Record<IncidentRole, string>>;
  /** The last status update (or the declaration). */
  lastUpdateAt: string;
  /** When someone acknowledged the escalation; absent while unacknowledged. */
  acknowledgedAt?: string;
  /** When the first status update was posted; absent before one. */
  firstUpdateAt?: string;
  resolvedAt?: string;
  rootCause?: string;
  /** A response drill (the plan's communication and team response tests), not a real incident. */
  drill: boolean;
  /** Where an open incident stands in its escalation (the API adds it to open incidents). */
  escalation?: IncidentEscalationStatus;
}

/** The kinds of events on an incident's timeline. @public */
export const INCIDENT_EVENT_TYPES = [
  'declared',
  'status',
  'role',
  'acknowledged',
  'escalated',
  'reminder',
  'resolved',
  'communicated',
] as const;

/** The kind of an event on an incident's timeline. @public */
export type IncidentEventType = (typeof INCIDENT_EVENT_TYPES)[number];

/** One event on an incident's timeline. @public */
export interface IncidentEvent {
  /** Increasing: the timeline is ordered by it. */
  id: string;
  incidentId: string;
  type: IncidentEventType;
  at: string;
  /** Who caused it (`user:default/jane`, `service:…`, `system` for escalation). */
  actor: string;
  message?: string;
  /** The status after a `status` or `resolved` event. */
  status?: IncidentStatus;
  /** The role of a `role` event, or the role notified by `escalated` / `reminder`. */
  role?: string;
  /** Who holds the role after a `role` event. */
  assignee?: string;
  /** The escalation step (index in the policy's matrix) of an `escalated` event. */
  step?: number;
}

/** Body of a declaration. @public */
export interface IncidentDeclareRequest {
  severity: string;
  title: string;
  impact: string;
  impactLevel?: DrImpact;
  affected?: Partial<IncidentAffected>;
  /** ISO 8601; the declaration time when absent. */
  startedAt?: string;
  roles?: Partial<Record<IncidentRole, string>>;
  drill?: boolean;
}

/** Body of a status update. @public */
export interface IncidentUpdateRequest {
  /** Any status but `resolved` (resolving needs a root cause and its own permission). */
  status: Exclude<IncidentStatus, 'resolved'>;
  message: string;
}

/** Body of a role assignment. @public */
export interface IncidentRoleRequest {
  role: IncidentRole;
  /** User or group entity ref. */
  assignee: string;
}

/** Body of a resolution. @public */
export interface IncidentResolveRequest {
  rootCause: string;
  message?: string;
  /** ISO 8601; now when absent. */
  resolvedAt?: string;
}

/** An incident with its timeline. @public */
export interface IncidentDetailResponse {
  incident: IncidentItem;
  timeline: IncidentEvent[];
}

/** A page of incidents. @public */
export interface IncidentListResponse {
  items: IncidentItem[];
  totalItems: number;
  offset: number;
  limit: number;
}

/** An action item of a post-incident review. @public */
export interface IncidentActionItem {
  id: string;
  text: string;
  /** Who is to do it (user or group entity ref), when named. */
  owner?: string;
  addedAt: string;
  addedBy: string;
}

/** Body of a new action item of a review. @public */
export interface IncidentActionItemRequest {
  text: string;
  /** User or group entity ref. */
  owner?: string;
}

/** A recovery run that named the incident, as its review lists it. @public */
export type IncidentReviewRun = Pick<
  RecoveryRun,
  | 'id'
  | 'operation'
  | 'entityRef'
  | 'purpose'
  | 'status'
  | 'initiatedBy'
  | 'startedAt'
  | 'finishedAt'
  | 'achievedRtoSeconds'
  | 'dataLossSeconds'
  | 'restorePoint'
>;

/**
 * The post-incident review of a resolved incident: opened on resolution, it holds the timeline,
 * the recovery runs that named the incident with their achieved RTO and data loss, and the action
 * items.
 * @public
 */
export interface IncidentReview {
  incident: IncidentItem;
  openedAt: string;
  openedBy: string;
  timeline: IncidentEvent[];
  runs: IncidentReviewRun[];
  actionItems: IncidentActionItem[];
}

/** Query of `GET /incidents`. @public */
export interface IncidentListQuery {
  /** `open` (not resolved), `closed` (resolved) or one status. */
  state?: 'open' | 'closed' | IncidentStatus;
  /** Only incidents affecting this entity. */
  entityRef?: string;
  offset?: number;
  limit?: number;
  /** By declaration; newest first by default. */
  order?: 'asc' | 'desc';
}

/** What sending a communication did. @public */
export interface IncidentCommunicationSendResponse {
  /** The Markdown that was sent. */
  markdown: string;
  /** Entity refs notified: response groups and role holders, and the affected tenants' owners (not for drills). */
  recipients: string[];
}

/** What the incident desk offers (`GET /incidents/settings`). @public */
export interface IncidentSettingsResponse {
  severityLevels: DrSeverityLevel[];
  impactLevels: DrImpactLevel[];
  /** Names of the communication templates. */
  templates: string[];
  /** Escalation time runs this many times faster than real time (drills use `drillTimeScale`). */
  timeScale: number;
  drillTimeScale: number;
}

/** A suggested severity (`GET /incidents/severity-suggestion`); the declarer confirms it. @public */
export interface IncidentSeveritySuggestionResponse {
  severity: string;
  reasons: string[];
}
