import { readFile, writeFile } from 'node:fs/promises';
import { Client } from 'pg';
import { InputError } from '@backstage/errors';
import { DR_APPLICATION_NAME } from '../postgres/pgTools';
import { scrubSecrets } from '../process/scrubSecrets';
import {
  FailoverActionContext,
  RecordedAction,
  SwitchEndpoint,
  TrafficSwitch,
} from './types';
import { recordAction } from './record';

/** Settings of the {@link PgBouncerSwitch}. @public */
export interface PgBouncerSwitchOptions {
  /** Address of PgBouncer. */
  host: string;
  port: number;
  /** An `admin_users` user of PgBouncer's admin console (database `pgbouncer`). */
  adminUser: string;
  /** Its password; never logged or recorded. */
  adminPassword?: string;
  /** The `[databases]` entry clients connect to, e.g. `ecommerce`. */
  database: string;
  /** The pgbouncer.ini that holds that entry; it is rewritten in place, then `RELOAD`ed. */
  configFile: string;
  /** How long PAUSE may wait for running transactions to finish, in ms (default 30 s). */
  pauseTimeoutMs?: number;
}

const NAME = /^[A-Za-z0-9_.-]{1,63}$/;

/**
 * Rewrites `host=` and `port=` (and `dbname=`) of one `[databases]` entry of a pgbouncer.ini,
 * keeping every other line and setting as it was.
 * @public
 */
export function repointPgBouncerIni(
  ini: string,
  database: string,
  to: SwitchEndpoint,
): string {
  const lines = ini.split('\n');
  let section = '';
  let found = false;
  const out = lines.map(line => {
    const header = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    if (header) {
      section = header[1].trim().toLowerCase();
      return line;
    }
    if (section !== 'databases') return line;
    const m = /^(\s*)([^=;#\s]+)(\s*=\s*)(.*)$/.exec(line);
    if (!m || m[2] !== database) return line;
    found = true;
    const params = new Map<string, string>();
    for (const part of m[4].trim().split(/\s+/).filter(Boolean)) {
      const eq = part.indexOf('=');
      if (eq > 0) params.set(part.slice(0, eq), part.slice(eq + 1));
    }
    params.set('host', to.host);
    params.set('port', String(to.port));
    params.set('dbname', to.database);
    return `${m[1]}${m[2]}${m[3]}${[...params]
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}`;
  });
  if (!found) {
    throw new Error(`pgbouncer.ini has no [databases] entry ${database}`);
  }
  return out.join('\n');
}

/**
 * A PgBouncer repointed through its admin console: `PAUSE <db>` (running transactions finish,
 * new ones wait), the `[databases]` entry rewritten and `RELOAD`, then `RESUME <db>`. Clients
 * keep their connections to PgBouncer and need no reconfiguration.
 * @public
 */
export class PgBouncerSwitch implements TrafficSwitch {
  readonly type = 'pgbouncer';
  private readonly options: PgBouncerSwitchOptions;

  constructor(options: PgBouncerSwitchOptions) {
    if (!NAME.test(options.database ?? '')) {
      throw new InputError('pgbouncer switch: database is invalid');
    }
    if (!options.host || !Number.isInteger(options.port)) {
      throw new InputError('pgbouncer switch: host and port are required');
    }
    if (!NAME.test(options.adminUser ?? '')) {
      throw new InputError('pgbouncer switch: adminUser is invalid');
    }
    if (!options.configFile) {
      throw new InputError('pgbouncer switch: configFile is required');
    }
    this.options = options;
  }

  describe(): string {
    return `PgBouncer ${this.options.host}:${this.options.port} database ${this.options.database}`;
  }

  private async admin<T>(
    context: FailoverActionContext,
    fn: (client: Client) => Promise<T>,
    timeoutMs = 15_000,
  ): Promise<T> {
    const client = new Client({
      host: this.options.host,
      port: this.options.port,
      user: this.options.adminUser,
      password: this.options.adminPassword,
      database: 'pgbouncer',
      application_name: DR_APPLICATION_NAME,
      connectionTimeoutMillis: 10_000,
      query_timeout: timeoutMs,
    });
    client.on('error', () => {});
    const onAbort = () => client.end().catch(() => {});
    context.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      await client.connect();
      return await fn(client);
    } catch (error) {
      throw new Error(
        `PgBouncer ${this.options.host}:${this.options.port}: ${scrubSecrets(
          (error as Error).message,
          [this.options.adminPassword ?? '', ...context.secrets],
        )}`,
      );
    } finally {
      context.signal?.removeEventListener('abort', onAbort);
      await client.end().catch(() => {});
    }
  }

  async pause(context: FailoverActionContext): Promise<RecordedAction[]> {
    const db = this.options.database;
    return this.admin(
      context,
      async client => {
        try {
          await client.query(`PAUSE ${db}`);
        } catch (error) {
          if (!/already/i.test((error as Error).message)) throw error;
          return [recordAction('pause', `PAUSE ${db}: it was already paused`)];
        }
        return [recordAction('pause', `PAUSE ${db}`)];
      },
      this.options.pauseTimeoutMs ?? 30_000,
    );
  }

  async repoint(
    to: SwitchEndpoint,
    context: FailoverActionContext,
  ): Promise<RecordedAction[]> {
    const { configFile, database } = this.options;
    const before = await readFile(configFile, 'utf8');
    const after = repointPgBouncerIni(before, database, to);
    // in place, so the file keeps its owner and mode
    await writeFile(configFile, after, 'utf8');
    const actions = [
      recordAction(
        'rewrite-config',
        `[databases] ${database} -> host=${to.host} port=${to.port} dbname=${to.database}`,
      ),
    ];
    await this.admin(context, async client => {
      await client.query('RELOAD');
      const { rows } = await client.query('SHOW DATABASES');
      const row = rows.find(r => r.name === database);
      if (!row || row.host !== to.host || Number(row.port) !== to.port) {
        throw new Error(
          `after RELOAD, ${database} points at ${row?.host}:${row?.port}, not ${to.host}:${to.port}`,
        );
      }
    });
    actions.push(
      recordAction(
        'reload',
        `RELOAD; SHOW DATABASES: ${database} -> ${to.host}:${to.port}`,
      ),
    );
    return actions;
  }

  async resume(context: FailoverActionContext): Promise<RecordedAction[]> {
    const db = this.options.database;
    return this.admin(context, async client => {
      try {
        await client.query(`RESUME ${db}`);
      } catch (error) {
        if (!/not paused|not suspended/i.test((error as Error).message)) {
          throw error;
        }
        return [recordAction('resume', `RESUME ${db}: it was not paused`)];
      }
      return [recordAction('resume', `RESUME ${db}`)];
    });
  }
}
