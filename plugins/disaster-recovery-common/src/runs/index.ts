export * from './runPurpose';
