export * from './types';
export * from './incidentId';
export * from './suggestSeverity';
export * from './dueNotices';
export * from './communicationTemplates';
export * from './review';
export * from './reliability';
export * from './availability';
