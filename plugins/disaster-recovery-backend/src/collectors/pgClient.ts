import { Client } from 'pg';

/** Connection details of a PostgreSQL server (the shape of a target's primary/standby). @public */
export interface PgConnectionDetails {
  host: string;
  port: number;
  user: string;
  /** Passed to the driver only; never logged or returned. */
  password?: string;
  database: string;
}

/**
 * Runs `fn` with a short-lived connection (5 s connect timeout, 10 s statement timeout) and
 * always closes it.
 */
export async function withPgClient<T>(
  connection: PgConnectionDetails,
  fn: (client: Client) => Promise<T>,
): Promise<T> {
  const client = new Client({
    host: connection.host,
    port: connection.port,
    user: connection.user,
    password: connection.password,
    database: connection.database,
    connectionTimeoutMillis: 5_000,
    statement_timeout: 10_000,
    application_name: 'backstage-disaster-recovery',
  });
  // A server that goes away mid-query emits 'error' on the client; the query rejects anyway.
  client.on('error', () => {});
  try {
    await client.connect();
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** A driver error as a message that names no secret (pg messages never carry the password). */
export function describePgError(error: unknown): string {
  const e = error as { code?: string; message?: string };
  return `${e.code ? `${e.code}: ` : ''}${e.message ?? String(error)}`;
}
