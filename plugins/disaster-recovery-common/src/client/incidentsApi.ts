import type {
  IncidentActionItem,
  IncidentActionItemRequest,
  IncidentCommunicationSendResponse,
  IncidentDeclareRequest,
  IncidentDetailResponse,
  IncidentItem,
  IncidentListQuery,
  IncidentListResponse,
  IncidentResolveRequest,
  IncidentReview,
  IncidentRoleRequest,
  IncidentSettingsResponse,
  IncidentSeveritySuggestionResponse,
  IncidentUpdateRequest,
} from '../incidents/types';
import type { DrImpact } from '../policy/types';
import type { DrRequestOptions } from './types';

/** The incident routes of the disaster-recovery backend. @public */
export interface DisasterRecoveryIncidentsApi {
  /** A page of incidents; open ones carry where they stand in their escalation. */
  listIncidents(
    query?: IncidentListQuery,
    options?: DrRequestOptions,
  ): Promise<IncidentListResponse>;
  /** One incident with its timeline. */
  getIncident(
    id: string,
    options?: DrRequestOptions,
  ): Promise<IncidentDetailResponse>;
  /** Declares an incident (permission `disaster-recovery.incident.declare` on each affected entity). */
  declareIncident(
    request: IncidentDeclareRequest,
    options?: DrRequestOptions,
  ): Promise<IncidentItem>;
  /** Posts a status update. */
  postIncidentUpdate(
    id: string,
    request: IncidentUpdateRequest,
    options?: DrRequestOptions,
  ): Promise<IncidentItem>;
  /** Assigns a response role. */
  assignIncidentRole(
    id: string,
    request: IncidentRoleRequest,
    options?: DrRequestOptions,
  ): Promise<IncidentItem>;
  /** Acknowledges the escalation (stops its reminders). */
  acknowledgeIncident(
    id: string,
    request?: { message?: string },
    options?: DrRequestOptions,
  ): Promise<IncidentItem>;
  /** Resolves with a root cause; opens the post-incident review. */
  resolveIncident(
    id: string,
    request: IncidentResolveRequest,
    options?: DrRequestOptions,
  ): Promise<IncidentItem>;
  /** A communication template rendered with the incident's data, as Markdown. */
  getIncidentCommunication(
    id: string,
    template: string,
    options?: DrRequestOptions,
  ): Promise<string>;
  /** Sends a rendered communication template as notifications. */
  sendIncidentCommunication(
    id: string,
    template: string,
    options?: DrRequestOptions,
  ): Promise<IncidentCommunicationSendResponse>;
  /** The post-incident review of a resolved incident. */
  getIncidentReview(
    id: string,
    options?: DrRequestOptions,
  ): Promise<IncidentReview>;
  /** The post-incident review as Markdown in the layout of the plan's test report. */
  getIncidentReviewMarkdown(
    id: string,
    options?: DrRequestOptions,
  ): Promise<string>;
  /** Adds an action item to a review. */
  addIncidentActionItem(
    id: string,
    request: IncidentActionItemRequest,
    options?: DrRequestOptions,
  ): Promise<IncidentActionItem>;
  /** Severity and impact levels, template names and time scales of the incident desk. */
  getIncidentSettings(
    options?: DrRequestOptions,
  ): Promise<IncidentSettingsResponse>;
  /** A severity suggested from the impact level and the affected tenants' tiers. */
  suggestIncidentSeverity(
    query: { impactLevel: DrImpact; tenants?: string[] },
    options?: DrRequestOptions,
  ): Promise<IncidentSeveritySuggestionResponse>;
}
