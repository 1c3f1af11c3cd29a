/**
 * DR training in the portal: the training store, and the routes that record completions and
 * give a person's required courses and their states.
 */
export { createTrainingRouter } from './createTrainingRouter';
export type { TrainingRouterOptions } from './createTrainingRouter';
export type { NewTrainingRecord } from './types';
