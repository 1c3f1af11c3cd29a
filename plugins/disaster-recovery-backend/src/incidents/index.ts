/**
 * Incident response: declare, update, assign roles, acknowledge and resolve incidents, through
 * one service shared by the REST routes, the actions registry and the scaffolder action.
 */
export { IncidentService, INCIDENT_AUDIT_EVENTS } from './IncidentService';
export type { IncidentServiceOptions, IncidentCaller } from './IncidentService';
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
