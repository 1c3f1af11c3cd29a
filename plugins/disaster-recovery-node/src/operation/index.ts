/** The frame every operation runs in: options, steps, errors. */
export * from './types';
export * from './runOperation';
export * from './errors';
export { StepRunner } from './steps';
