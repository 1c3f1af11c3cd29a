export * from './types';
export * from './trainingStatus';
export * from './roleCoverage';
export * from './people';
export * from './completion';
