/**
 * Node.js library of the disaster-recovery plugins: the backup, verification and restore
 * operations (PostgreSQL dumps in S3, pgBackRest point-in-time recovery) that the backend's REST
 * API and the scaffolder actions call.
 *
 * @packageDocumentation
 */

export * from './operation/types';
export * from './operation/runOperation';
export { StepRunner } from './operation/steps';
export * from './target/target';
export * from './target/validateTarget';
export * from './target/readTargetsFromConfig';
export * from './target/identifiers';
export * from './backup/backupKey';
export * from './backup/backupMetadata';
export * from './process/scrubSecrets';
export * from './operation/errors';
export * from './process/processRunner';
export type { SessionSettings } from './postgres/pgTools';
export {
  DR_APPLICATION_NAME,
  pgProgram,
  pgEnv,
  pgConnArgs,
  assertSessionSettings,
  assertConnection,
  connectPg,
  withPg,
} from './postgres/pgTools';
export * from './objectStore/s3Client';
export * from './backup/listBackups';
export * from './dump/dumpFormat';
export * from './dump/toc';
export * from './dump/dumpChecks';
export * from './postgres/tableStats';
export * from './verify/checks';
export * from './backup/createBackup';
export * from './verify/verifyBackup';
export * from './restore/restoreDatabase';
export * from './restore/restoreTenant';
export * from './pitr/pgBackRestInfo';
export * from './pitr/pitr';
export * from './restore/restoredCopies';
export {
  scratchDatabaseName,
  restoreDatabaseName,
  oldDatabaseName,
  MAINTENANCE_DATABASE,
} from './postgres/databases';
