/** DR drills: restore, tenant restore and isolated test failover drills, and the artefacts drills create and clean up. */
export * from './drillArtefacts';
export * from './restoreDrill';
export * from './isolatedFailoverDrill';
export * from './liveSwitchoverDrill';
export type { FailoverDrillSourcePoint } from './failoverDrillSource';
export * from './pitrDrill';
