import { Client } from 'pg';
import { InputError } from '@backstage/errors';
import { withPg } from '../postgres/pgTools';
import { PgConnection } from '../target/target';
import { serverAddress } from './serverState';
import { sleepFor } from './sleep';
import {
  FailoverActionContext,
  FenceRecord,
  FenceRequest,
  Fencer,
  RecordedAction,
} from './types';
import { recordAction } from './record';

/** Settings of the {@link SqlFencer}. @public */
export interface SqlFencerOptions {
  /** Databases whose CONNECT grants are revoked (default: the connection's database). */
  databases?: string[];
  /** Roles whose sessions are terminated and whose CONNECT is revoked (default: every role but superusers, whose sessions are still terminated). */
  roles?: string[];
  /** How long to wait for each terminated session to go, in ms (default 5000). */
  terminateTimeoutMs?: number;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_.@-]{0,62}$/;

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function grantee(name: string): string {
  return name === 'PUBLIC' ? 'PUBLIC' : quoteIdent(name);
}

/**
 * Server setting in which a fence keeps, on the fenced server itself (postgresql.auto.conf), what
 * it revoked: a run whose process dies after fencing leaves it behind, and the next fence takes
 * it over, so that its release gives every revoked grant back.
 */
const FENCE_SETTING = 'disaster_recovery.sql_fence';

interface SqlFenceState extends Record<string, unknown> {
  /** database -> grantees whose CONNECT was revoked */
  revoked: Record<string, string[]>;
  readOnly: boolean;
}

/** ALTER SYSTEM accepts a custom setting once the session has defined it. */
async function defineFenceSetting(client: Client): Promise<void> {
  await client.query(`SELECT set_config($1, '', false)`, [FENCE_SETTING]);
}

/** Records on the fenced server which grantees lost CONNECT on which database. */
async function saveFence(
  client: Client,
  revoked: Record<string, string[]>,
): Promise<void> {
  await defineFenceSetting(client);
  const literal = JSON.stringify(revoked).replace(/'/g, "''");
  await client.query(`ALTER SYSTEM SET ${FENCE_SETTING} = '${literal}'`);
}

/** What a fence that was never released (its run's process died) revoked on this server. */
async function readLeftFence(
  client: Client,
  primary: PgConnection,
): Promise<Record<string, string[]>> {
  const { rows } = await client.query(
    `select setting from pg_file_settings
      where name = $1 and error is null order by seqno desc limit 1`,
    [FENCE_SETTING],
  );
  if (rows.length === 0 || !rows[0].setting) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(rows[0].setting);
  } catch {
    parsed = undefined;
  }
  const valid =
    parsed !== null &&
    typeof parsed === 'object' &&
    !Array.isArray(parsed) &&
    Object.entries(parsed as object).every(
      ([db, grantees]) =>
        IDENT.test(db) &&
        Array.isArray(grantees) &&
        grantees.every(g => typeof g === 'string' && IDENT.test(g)),
    );
  if (!valid) {
    throw new Error(
      `SQL fence of ${serverAddress(
        primary,
      )}: its setting ${FENCE_SETTING} is not a fence record; check postgresql.auto.conf and remove it`,
    );
  }
  return parsed as Record<string, string[]>;
}

/**
 * Fences a primary through SQL: `ALTER SYSTEM SET default_transaction_read_only = on` and a
 * reload, CONNECT revoked from the application roles (and PUBLIC), and their sessions
 * terminated. Superusers can override a read-only default; application roles must not be
 * superusers. Records what it did so that the fence can be undone, also on the fenced server
 * (setting `disaster_recovery.sql_fence` in postgresql.auto.conf): a fence that a dead process
 * left there is taken over by the next one, whose release then gives every grant back. Its user
 * must be a superuser (ALTER SYSTEM, pg_file_settings).
 * @public
 */
export class SqlFencer implements Fencer {
  readonly type = 'sql';
  private readonly options: SqlFencerOptions;

  constructor(options: SqlFencerOptions = {}) {
    for (const name of [
      ...(options.databases ?? []),
      ...(options.roles ?? []),
    ]) {
      if (!IDENT.test(name)) {
        throw new InputError(
          `SQL fencer: invalid database or role name ${JSON.stringify(
            name.slice(0, 80),
          )}`,
        );
      }
    }
    this.options = options;
  }

  describe(): string {
    return `SQL fence (read-only default, CONNECT revoked, sessions terminated)${
      this.options.roles ? ` of roles ${this.options.roles.join(', ')}` : ''
    }`;
  }

  private databases(conn: PgConnection): string[] {
    return this.options.databases ?? [conn.database];
  }

  async fence(request: FenceRequest): Promise<FenceRecord> {
    const { primary } = request;
    if (!request.reachable) {
      return {
        type: this.type,
        fenced: false,
        actions: [],
        reason: `${serverAddress(
          primary,
        )} is unreachable: nothing to fence through SQL`,
      };
    }
    const actions: RecordedAction[] = [];
    const state: SqlFenceState = { revoked: {}, readOnly: false };
    const record: FenceRecord = {
      type: this.type,
      fenced: false,
      actions,
      state,
    };
    try {
      await withPg(primary, { signal: request.signal }, client =>
        this.apply(client, primary, state, actions),
      );
    } catch (error) {
      // leave nothing half-done: give the server back what this fence took
      await this.release(
        primary,
        { ...record, fenced: true },
        {
          ...request,
          signal: undefined,
        },
      ).catch(() => {});
      throw error;
    }
    return { ...record, fenced: true };
  }

  private async apply(
    client: Client,
    primary: PgConnection,
    state: SqlFenceState,
    actions: RecordedAction[],
  ): Promise<void> {
    // this session keeps writing (grants) after the read-only default is reloaded
    await client.query('SET default_transaction_read_only = off');
    const left = await readLeftFence(client, primary);
    Object.assign(state.revoked, left);
    for (const [db, grantees] of Object.entries(left)) {
      actions.push(
        recordAction(
          'adopt-fence',
          `took over the fence an earlier run left: CONNECT on ${db} revoked from ${
            grantees.join(', ') || 'nobody'
          }`,
        ),
      );
    }
    await client.query('ALTER SYSTEM SET default_transaction_read_only = on');
    await client.query('SELECT pg_reload_conf()');
    state.readOnly = true;
    actions.push(
      recordAction(
        'alter-system',
        'default_transaction_read_only = on, reloaded',
      ),
    );
    for (const db of this.databases(primary)) {
      const revoked = await this.revokeConnect(client, db, holders => {
        state.revoked[db] = [
          ...new Set([...(state.revoked[db] ?? []), ...holders]),
        ].sort();
        // recorded on the server before revoking: a process that dies next leaves it behind
        return saveFence(client, state.revoked);
      });
      actions.push(
        recordAction(
          'revoke-connect',
          revoked.length
            ? `REVOKE CONNECT ON DATABASE ${db} FROM ${revoked.join(', ')}`
            : `no grantee held CONNECT on ${db}`,
        ),
      );
    }
    const terminated = await this.terminate(client, primary);
    actions.push(
      recordAction(
        'terminate-sessions',
        `${terminated} session(s) of ${this.databases(primary).join(
          ', ',
        )} terminated`,
      ),
    );
    // A new session must now see a read-only default (the reload reaches backends asynchronously).
    await this.awaitReadOnlyDefault(primary);
  }

  private async awaitReadOnlyDefault(primary: PgConnection): Promise<void> {
    let seen = '';
    for (let i = 0; i < 500; i++) {
      seen = await withPg(primary, {}, async c => {
        const { rows } = await c.query(
          `select current_setting('default_transaction_read_only') as v`,
        );
        return rows[0].v as string;
      });
      if (seen === 'on') return;
      await sleepFor(10);
    }
    throw new Error(
      `SQL fence of ${serverAddress(
        primary,
      )}: new sessions still default to read-write (${seen}) 5 s after the reload`,
    );
  }

  private async revokeConnect(
    client: Client,
    db: string,
    beforeRevoke: (holders: string[]) => Promise<void>,
  ): Promise<string[]> {
    const { rows } = await client.query(
      `select distinct coalesce(r.rolname, 'PUBLIC') as grantee, coalesce(r.rolsuper, false) as super
         from pg_database d
         cross join lateral aclexplode(coalesce(d.datacl, acldefault('d', d.datdba))) a
         left join pg_roles r on r.oid = a.grantee
        where d.datname = $1 and a.privilege_type = 'CONNECT'`,
      [db],
    );
    const roles = this.options.roles;
    const targets = rows
      .filter(r => !r.super)
      .map(r => r.grantee as string)
      .filter(g => !roles || g === 'PUBLIC' || roles.includes(g))
      .sort();
    await beforeRevoke(targets);
    if (targets.length) {
      await client.query(
        `REVOKE CONNECT ON DATABASE ${quoteIdent(db)} FROM ${targets
          .map(grantee)
          .join(', ')}`,
      );
    }
    return targets;
  }

  private async terminate(client: Client, conn: PgConnection): Promise<number> {
    const { rows } = await client.query(
      `select count(*)::int as n from (
         select pg_terminate_backend(pid, $3::bigint)
           from pg_stat_activity
          where backend_type = 'client backend' and pid <> pg_backend_pid()
            and datname = any($1::text[])
            and ($2::text[] is null or usename = any($2::text[]))) t`,
      [
        this.databases(conn),
        this.options.roles ?? null,
        this.options.terminateTimeoutMs ?? 5000,
      ],
    );
    return rows[0].n;
  }

  private async release(
    conn: PgConnection,
    record: FenceRecord,
    context: FailoverActionContext,
  ): Promise<RecordedAction[]> {
    const state = record.state as SqlFenceState | undefined;
    if (!record.fenced || !state) return [];
    const revoked = Object.entries(state.revoked);
    if (!state.readOnly && revoked.length === 0) return [];
    const actions: RecordedAction[] = [];
    await withPg(conn, { signal: context.signal }, async client => {
      await client.query('SET default_transaction_read_only = off');
      for (const [db, grantees] of revoked) {
        if (!IDENT.test(db) || grantees.some(g => !IDENT.test(g))) {
          throw new Error('SQL fence record holds an invalid name');
        }
        if (grantees.length) {
          await client.query(
            `GRANT CONNECT ON DATABASE ${quoteIdent(db)} TO ${grantees
              .map(grantee)
              .join(', ')}`,
          );
          actions.push(
            recordAction(
              'grant-connect',
              `GRANT CONNECT ON DATABASE ${db} TO ${grantees.join(', ')}`,
            ),
          );
        }
      }
      await client.query('ALTER SYSTEM RESET default_transaction_read_only');
      await defineFenceSetting(client);
      await client.query(`ALTER SYSTEM RESET ${FENCE_SETTING}`);
      await client.query('SELECT pg_reload_conf()');
      actions.push(
        recordAction(
          'alter-system',
          'default_transaction_read_only reset, reloaded',
        ),
      );
    });
    return actions;
  }

  /** Undoes the fence on the old primary (a run that stopped before promoting). */
  async unfence(
    record: FenceRecord,
    request: FenceRequest,
  ): Promise<RecordedAction[]> {
    return this.release(request.primary, record, request);
  }

  /** Restores the CONNECT grants that replication carried to the promoted server, and its read-write default. */
  async releasePromoted(
    record: FenceRecord,
    request: FailoverActionContext & { newPrimary: PgConnection },
  ): Promise<RecordedAction[]> {
    return this.release(request.newPrimary, record, request);
  }
}
