import { randomBytes } from 'node:crypto';
import { ConflictError } from '@backstage/errors';
import {
  generatedIdentifier,
  nameTimestamp,
  quoteIdent,
} from '../target/identifiers';
import { DR_APPLICATION_NAME, withPg } from './pgTools';
import { PgConnection } from '../target/target';

/** Maintenance database used for CREATE/DROP/ALTER DATABASE (never the database acted on). @public */
export const MAINTENANCE_DATABASE = 'postgres';

/** Four hex digits that keep generated names made in the same second apart. */
export function randomSuffix(): string {
  return randomBytes(2).toString('hex');
}

/** Name of a scratch database: `<db>_<purpose>_<YYYYMMDDHHMMSS>_<hex>` (purpose `verify` by default). @public */
export function scratchDatabaseName(
  database: string,
  at: Date,
  purpose: 'verify' | 'tenant' = 'verify',
): string {
  return generatedIdentifier(
    [database, purpose, nameTimestamp(at), randomSuffix()],
    'scratch database name',
  );
}

/**
 * Name of the new database a restore goes into: `<db>_restore_<YYYYMMDDHHMMSS>_<hex>`. The random
 * suffix keeps two restores started in the same second apart.
 * @public
 */
export function restoreDatabaseName(database: string, at: Date): string {
  return generatedIdentifier(
    [database, 'restore', nameTimestamp(at), randomSuffix()],
    'restore database name',
  );
}

/** Name the live database gets at cut-over: `<db>_old_<YYYYMMDDHHMMSS>_<hex>`. @public */
export function oldDatabaseName(database: string, at: Date): string {
  return generatedIdentifier(
    [database, 'old', nameTimestamp(at), randomSuffix()],
    'old database name',
  );
}

/** Whether a database exists on the server. @public */
export async function databaseExists(
  server: PgConnection,
  name: string,
  signal?: AbortSignal,
): Promise<boolean> {
  return withPg(server, { database: MAINTENANCE_DATABASE, signal }, async c => {
    const r = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [
      name,
    ]);
    return (r.rowCount ?? 0) > 0;
  });
}

/**
 * Creates an empty database from template0; fails with ConflictError if it exists. Not abortable
 * on purpose: closing the session does not stop a running CREATE DATABASE on the server, so a
 * caller that "aborted" it could not know whether it committed.
 * @public
 */
export async function createEmptyDatabase(
  server: PgConnection,
  name: string,
): Promise<void> {
  await withPg(server, { database: MAINTENANCE_DATABASE }, async c => {
    const r = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [
      name,
    ]);
    if ((r.rowCount ?? 0) > 0) {
      throw new ConflictError(`Database ${name} already exists`);
    }
    await c.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE template0`);
  });
}

/** Drops a database if it exists, disconnecting its sessions first (`WITH (FORCE)`). @public */
export async function dropDatabaseIfExists(
  server: PgConnection,
  name: string,
): Promise<void> {
  await withPg(server, { database: MAINTENANCE_DATABASE }, async c => {
    await c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
  });
}

/** Lists databases whose names start with a prefix (to find leftovers of runs). @public */
export async function listDatabasesWithPrefix(
  server: PgConnection,
  prefix: string,
): Promise<string[]> {
  return withPg(server, { database: MAINTENANCE_DATABASE }, async c => {
    const r = await c.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE starts_with(datname, $1) ORDER BY 1`,
      [prefix],
    );
    return r.rows.map(x => x.datname);
  });
}

/**
 * Swaps a restored database in: live -> `oldName`, restored -> live, in one transaction, after
 * disconnecting sessions of both (retried while clients reconnect). Either both renames happen or
 * neither does. Not abortable: it runs to its end once started.
 * @public
 */
export async function cutOverDatabase(options: {
  server: PgConnection;
  live: string;
  restored: string;
  oldName: string;
  attempts?: number;
}): Promise<void> {
  const { server, live, restored, oldName } = options;
  const attempts = options.attempts ?? 10;
  await withPg(server, { database: MAINTENANCE_DATABASE }, async c => {
    let lastError: unknown;
    for (let i = 0; i < attempts; i++) {
      try {
        await c.query('BEGIN');
        await c.query(`SET LOCAL lock_timeout = '5s'`);
        await c.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
            WHERE datname = ANY($1::text[]) AND pid <> pg_backend_pid()`,
          [[live, restored]],
        );
        await c.query(
          `ALTER DATABASE ${quoteIdent(live)} RENAME TO ${quoteIdent(oldName)}`,
        );
        await c.query(
          `ALTER DATABASE ${quoteIdent(restored)} RENAME TO ${quoteIdent(
            live,
          )}`,
        );
        await c.query('COMMIT');
        return;
      } catch (error) {
        lastError = error;
        await c.query('ROLLBACK').catch(() => {});
        if (
          !/being accessed by other users/.test(
            String((error as Error).message),
          )
        ) {
          throw error;
        }
        await new Promise(r => setTimeout(r, 200 * (i + 1)));
      }
    }
    throw lastError;
  });
}

/** Application name of the operations' own sessions, re-exported for callers that filter activity. @public */
export const OPERATIONS_APPLICATION_NAME = DR_APPLICATION_NAME;
