/** Spawning tools with argument arrays, and scrubbing secrets from what leaves the process. */
export * from './scrubSecrets';
export * from './processRunner';
