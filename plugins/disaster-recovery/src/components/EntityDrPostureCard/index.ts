export { EntityDrPostureCard } from './EntityDrPostureCard';
