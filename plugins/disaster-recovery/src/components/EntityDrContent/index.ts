export { EntityDrContent } from './EntityDrContent';
