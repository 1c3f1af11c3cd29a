/** DR drills: restore and tenant restore drills, and the artefacts drills create and clean up. */
export * from './drillArtefacts';
export * from './restoreDrill';
