import path from 'node:path';
import { Client } from 'pg';
import { InputError } from '@backstage/errors';
import { assertIdentifier } from '../target/identifiers';
import { PgConnection } from '../target/target';
import { OperationAbortedError } from '../operation/errors';

/** Application name the operations use on their PostgreSQL sessions (lets us find and spare them). @public */
export const DR_APPLICATION_NAME = 'backstage-disaster-recovery';

/** Path of a PostgreSQL client program (pg_dump, pg_restore, pg_ctl…) in `pgBinDir`, or its bare name for PATH lookup. @public */
export function pgProgram(
  pgBinDir: string | undefined,
  program: string,
): string {
  return pgBinDir ? path.join(pgBinDir, program) : program;
}

/** Session settings (GUCs) for the sessions of a tool, e.g. `{ maintenance_work_mem: '256MB' }`. @public */
export type SessionSettings = Record<string, string>;

/** Validates session settings (names and values that libpq's PGOPTIONS can carry safely). @public */
export function assertSessionSettings(settings: unknown): SessionSettings {
  if (settings === undefined) {
    return {};
  }
  if (!settings || typeof settings !== 'object' || Array.isArray(settings)) {
    throw new InputError('session settings must be an object of name: value');
  }
  for (const [name, value] of Object.entries(settings)) {
    if (!/^[a-z_][a-z0-9_.]{0,62}$/.test(name)) {
      throw new InputError(
        `Invalid session setting name ${JSON.stringify(name.slice(0, 80))}`,
      );
    }
    if (typeof value !== 'string' || !/^[A-Za-z0-9_.:+-]{1,64}$/.test(value)) {
      throw new InputError(`Invalid value for session setting ${name}`);
    }
  }
  return settings as SessionSettings;
}

/** Environment for libpq programs: the password goes here, never into argv; settings go into PGOPTIONS. @public */
export function pgEnv(
  conn: PgConnection,
  settings: SessionSettings = {},
): Record<string, string | undefined> {
  const options = Object.entries(assertSessionSettings(settings))
    .map(([k, v]) => `-c ${k}=${v}`)
    .join(' ');
  return {
    PGPASSWORD: conn.password,
    PGAPPNAME: DR_APPLICATION_NAME,
    PGCONNECT_TIMEOUT: '15',
    PGOPTIONS: options || undefined,
  };
}

/** Connection arguments for libpq programs in `--opt=value` form (no option injection), without any password. @public */
export function pgConnArgs(conn: PgConnection, database?: string): string[] {
  return [
    `--host=${conn.host}`,
    `--port=${conn.port}`,
    `--username=${conn.user}`,
    `--dbname=${database ?? conn.database}`,
  ];
}

/** Validates the non-secret parts of a connection (host, port, user, database) against argv/option injection. @public */
export function assertConnection(conn: unknown, what: string): PgConnection {
  const c = conn as PgConnection;
  if (!c || typeof c !== 'object') {
    throw new InputError(`${what} connection is missing`);
  }
  // eslint-disable-next-line no-control-regex
  const bad = /[\u0000-\u0020\u007f'"\\=]/;
  if (
    typeof c.host !== 'string' ||
    !c.host ||
    bad.test(c.host) ||
    c.host.startsWith('-')
  ) {
    throw new InputError(`${what} host is invalid`);
  }
  if (!Number.isInteger(c.port) || c.port < 1 || c.port > 65535) {
    throw new InputError(`${what} port is invalid`);
  }
  if (
    typeof c.user !== 'string' ||
    !/^[A-Za-z_][A-Za-z0-9_.@-]{0,62}$/.test(c.user)
  ) {
    throw new InputError(`${what} user is invalid`);
  }
  assertIdentifier(c.database, `${what} database`);
  if (c.password !== undefined && typeof c.password !== 'string') {
    throw new InputError(`${what} password must be a string`);
  }
  return c;
}

/** Options of {@link connectPg} and {@link withPg}. @public */
export interface PgClientOptions {
  /** Database to connect to (default: the connection's). */
  database?: string;
  signal?: AbortSignal;
  /** Connect timeout (default 15 s). */
  connectTimeoutMs?: number;
  /** `statement_timeout` of the session (default: the server's). */
  statementTimeoutMs?: number;
}

/** Opens a node-postgres client on `database` (default: the connection's); an abort closes it. @public */
export async function connectPg(
  conn: PgConnection,
  options: PgClientOptions = {},
): Promise<Client> {
  if (options.signal?.aborted) {
    throw new OperationAbortedError();
  }
  const client = new Client({
    host: conn.host,
    port: conn.port,
    user: conn.user,
    password: conn.password,
    database: options.database ?? conn.database,
    application_name: DR_APPLICATION_NAME,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 15_000,
    ...(options.statementTimeoutMs !== undefined
      ? { statement_timeout: options.statementTimeoutMs }
      : {}),
  });
  client.on('error', () => {
    // surfaced through the failing query
  });
  await client.connect();
  const signal = options.signal;
  if (signal) {
    const onAbort = () => {
      client.end().catch(() => {});
    };
    signal.addEventListener('abort', onAbort, { once: true });
    client.once('end', () => signal.removeEventListener('abort', onAbort));
  }
  return client;
}

/** Runs `fn` with a client and always closes it. @public */
export async function withPg<T>(
  conn: PgConnection,
  options: PgClientOptions,
  fn: (client: Client) => Promise<T>,
): Promise<T> {
  const client = await connectPg(conn, options);
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** A driver error as a message that names no secret (node-postgres messages never carry the password). @public */
export function describePgError(error: unknown): string {
  const e = error as { code?: string; message?: string };
  return `${e.code ? `${e.code}: ` : ''}${e.message ?? String(error)}`;
}
