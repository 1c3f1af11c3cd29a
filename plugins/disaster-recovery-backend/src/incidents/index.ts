/**
 * Incident response: declare, update, assign roles, acknowledge and resolve incidents,
 * communicate and review them, through one service per concern (lifecycle, communications,
 * review, settings) shared by the REST routes, the actions registry and the scaffolder action.
 */
export { createIncidentServices } from './IncidentService';
export type {
  IncidentServiceOptions,
  IncidentServices,
} from './IncidentService';
export { INCIDENT_AUDIT_EVENTS } from './incidentGuard';
export type { IncidentCaller } from './incidentGuard';
export { IncidentLifecycleService } from './IncidentLifecycleService';
export { IncidentCommunicationService } from './IncidentCommunicationService';
export { IncidentReviewService } from './IncidentReviewService';
export { IncidentSettingsService } from './IncidentSettingsService';
export { createIncidentsRouter } from './createIncidentsRouter';
export type { IncidentsRouterOptions } from './createIncidentsRouter';
export {
  INCIDENT_ESCALATION_TASK_ID,
  INCIDENT_NOTIFICATION_TOPIC,
  readIncidentEscalationSettings,
  runIncidentEscalation,
  scheduleIncidentEscalation,
} from './escalation';
export type {
  IncidentEscalationOptions,
  IncidentEscalationSettings,
} from './escalation';
export { readIncidentTemplates } from './communicationTemplates';
export { registerIncidentActions } from './registerIncidentActions';
