export { DrHomeSummary } from './DrHomeSummary';
