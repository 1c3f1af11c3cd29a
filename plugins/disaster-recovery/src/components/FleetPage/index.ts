export { FleetPage, FleetPageContent } from './FleetPage';
export { LegacyFleetPage } from './LegacyFleetPage';
