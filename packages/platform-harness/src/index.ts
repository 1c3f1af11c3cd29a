/**
 * Platform harness: starts and stops the real services the product acts on (PostgreSQL 15
 * primary and streaming standby, an S3-compatible store, PgBouncer, pgBackRest) on 127.0.0.1,
 * and seeds the demo e-commerce data.
 *
 * @packageDocumentation
 */
export type {
  DemoTenant,
  PgBackRestSetup,
  PgBouncerEndpoint,
  Platform,
  PlatformOptions,
  PostgresNode,
  S3Endpoint,
} from './types';
export {
  startPlatform,
  DEMO_BUCKET,
  DEMO_REGION,
  DEMO_COPY_BUCKET,
  DEMO_COPY_REGION,
} from './startPlatform';
export { createS3Client } from './objectStore';
export type { S3ClientOptions } from './objectStore';
export { pgConnectionConfig, STANDBY_SLOT } from './postgres';
export { PGBACKREST_STANZA, PGBACKREST_REPO_PATH } from './pgbackrest';
export { PGBOUNCER_ADMIN_USER } from './pgbouncer';
export {
  seedDemoData,
  generateTenants,
  DEMO_SCHEMA_SQL,
  DEMO_DATA_CLASSES,
  DEMO_OWNER_GROUPS,
} from './demoData';
export type { SeedOptions } from './demoData';
export { startWriteLoad } from './writeLoad';
export type {
  WriteLoad,
  WriteLoadEndpoint,
  WriteLoadOptions,
  WriteLoadStats,
} from './writeLoad';
