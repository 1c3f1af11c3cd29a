export { EntityDrContent } from './EntityDrContent';
export { DatabaseTenantsCard } from './DatabaseTenantsCard';
