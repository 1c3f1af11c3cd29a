import { readdirSync, readFileSync } from 'node:fs';
import { Client } from 'pg';
import { PgBouncerEndpoint } from './types';

/** Pids of live processes whose command line mentions `text` (e.g. a platform's baseDir). */
export function processesMentioning(text: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const state = stat.slice(
        stat.lastIndexOf(')') + 2,
        stat.lastIndexOf(')') + 3,
      );
      if (state !== 'Z' && cmdline.replace(/\0/g, ' ').includes(text)) {
        pids.push(Number(entry));
      }
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}

/**
 * Runs one command (`SHOW STATS`, `SHOW DATABASES`) on PgBouncer's admin console as its admin
 * user and returns the rows; the console only speaks the simple query protocol.
 */
export async function queryBouncerAdmin(
  bouncer: PgBouncerEndpoint,
  command: string,
): Promise<Record<string, any>[]> {
  const admin = new Client({
    host: bouncer.host,
    port: bouncer.port,
    user: bouncer.adminUser,
    password: bouncer.adminPassword,
    database: 'pgbouncer',
  });
  await admin.connect();
  try {
    return (await admin.query(command)).rows;
  } finally {
    await admin.end();
  }
}
