/** Taking backups, their keys and metadata, and finding them in the object store. */
export * from './backupKey';
export * from './backupMetadata';
export * from './backupTime';
export * from './listBackups';
export * from './createBackup';
export * from './copyBackupToRegion';
