/** PostgreSQL connections, tool arguments, databases an operation creates, and row statistics. */
export type { PgClientOptions, SessionSettings } from './pgTools';
export {
  DR_APPLICATION_NAME,
  pgProgram,
  pgEnv,
  pgConnArgs,
  assertSessionSettings,
  assertConnection,
  connectPg,
  withPg,
  describePgError,
} from './pgTools';
export {
  scratchDatabaseName,
  restoreDatabaseName,
  oldDatabaseName,
  MAINTENANCE_DATABASE,
} from './databases';
export * from './tableStats';
