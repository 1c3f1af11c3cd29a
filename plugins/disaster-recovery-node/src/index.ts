/**
 * Node.js library of the disaster-recovery plugins: the backup, verification and restore
 * operations (PostgreSQL dumps in S3, pgBackRest point-in-time recovery) that the backend's REST
 * API and the scaffolder actions call.
 *
 * @packageDocumentation
 */

export * from './types';
export * from './target';
export * from './validateTarget';
export * from './readTargetsFromConfig';
export * from './identifiers';
export * from './backupKey';
export * from './backupMetadata';
export * from './scrubSecrets';
export * from './errors';
export * from './processRunner';
export type { SessionSettings } from './pgTools';
export {
  DR_APPLICATION_NAME,
  pgProgram,
  pgEnv,
  pgConnArgs,
  assertSessionSettings,
  assertConnection,
  connectPg,
  withPg,
} from './pgTools';
export * from './s3Client';
export * from './listBackups';
export * from './dumpFormat';
export * from './toc';
export * from './tableStats';
export * from './checks';
export * from './createBackup';
export * from './verifyBackup';
export * from './restoreDatabase';
export * from './restoreTenant';
export * from './pgBackRestInfo';
export * from './pitr';
export * from './restoredCopies';
export {
  scratchDatabaseName,
  restoreDatabaseName,
  oldDatabaseName,
  MAINTENANCE_DATABASE,
} from './databases';
