/**
 * Node.js library of the disaster-recovery plugins: the backup, verification and restore
 * operations (PostgreSQL dumps in S3, pgBackRest point-in-time recovery) that the backend's REST
 * API and the scaffolder actions call.
 *
 * @packageDocumentation
 */

export * from './operation';
export * from './target';
export * from './process';
export * from './postgres';
export * from './objectStore';
export * from './backup';
export * from './dump';
export * from './verify';
export * from './restore';
export * from './pitr';
export * from './failover';
export * from './drill';
