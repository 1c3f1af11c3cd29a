/**
 * Common types, policy model, posture evaluation, permissions, catalog kinds and the REST client
 * of the disaster-recovery plugins.
 *
 * @packageDocumentation
 */

export * from './annotations';
export * from './posture/types';
export * from './posture/status';
export * from './api/types';
export * from './api/training';
export * from './api/topology';
export * from './api/recoveryWindow';
export * from './api/drillCalendar';
export * from './runs';
export * from './incidents';
export * from './report';
export * from './drills';
export * from './policy';
export * from './posture/evidence';
export * from './posture/evaluate';
export * from './permissions';
export * from './catalog';
export * from './training';
export * from './entityRefs';
export * from './operations';
export * from './failoverOperations';
export * from './client';
