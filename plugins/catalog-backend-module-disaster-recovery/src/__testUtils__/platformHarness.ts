/**
 * The repository's platform harness (real PostgreSQL 15 primary + standby, S3 store, pgBackRest,
 * PgBouncer), reached by path: it is a test tool of this repository, not a dependency of the
 * published package, so a copy of this plugin installs without it.
 */
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
export * from '../../../../packages/platform-harness/src';
