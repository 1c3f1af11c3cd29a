export * from './drillKinds';
export * from './targets';
export * from './calendar';
export * from './report';
export * from './reportMarkdown';
