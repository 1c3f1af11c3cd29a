/** Reading a dump: its format, table of contents, and the checks every operation runs on it. */
export * from './dumpFormat';
export * from './toc';
export * from './dumpChecks';
