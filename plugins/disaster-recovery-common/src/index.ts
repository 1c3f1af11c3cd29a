/**
 * Common types, policy model, posture evaluation and permissions of the disaster-recovery plugins.
 *
 * @packageDocumentation
 */

export * from './annotations';
export * from './posture/types';
export * from './api/types';
