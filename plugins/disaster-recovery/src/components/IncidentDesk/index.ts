export { IncidentDeskContent, IncidentDeskPage } from './IncidentDesk';
export { LegacyIncidentDeskPage } from './LegacyIncidentDeskPage';
export { IncidentBanner } from './IncidentBanner';
