/**
 * Common types, policy model, posture evaluation and permissions of the disaster-recovery plugins.
 *
 * @packageDocumentation
 */

export * from './annotations';
export * from './posture/types';
export * from './api/types';
export * from './policy';
export * from './posture/evidence';
export * from './posture/evaluate';
export * from './permissions';
export * from './catalog';
export * from './training';
