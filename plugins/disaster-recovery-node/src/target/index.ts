/** Targets (the configured databases), their validation, and identifier checks. */
export * from './target';
export * from './validateTarget';
export * from './readTargetsFromConfig';
export * from './identifiers';
