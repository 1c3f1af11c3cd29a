import { InputError, NotFoundError } from '@backstage/errors';
import { MAINTENANCE_DATABASE } from './databases';
import { isAbortError, OperationAbortedError } from './errors';
import { assertIdentifier, quoteIdent } from './identifiers';
import { withPg } from './pgTools';
import { scrubSecrets } from './scrubSecrets';
import { StepRunner } from './steps';
import { DatabaseTarget, targetDatabaseName, targetSecrets } from './target';
import { OperationOptions, OperationStep, silentLogger } from './types';
import { validateTarget } from './validateTarget';

/**
 * What a restore left next to the live data:
 * - `restore`: a database restored from a dump and never cut over (`<db>_restore_<ts>`);
 * - `old`: the previous live database kept by a cut-over (`<db>_old_<ts>`);
 * - `tenant-restore`: a side schema of the live database holding one tenant's restored rows
 *   (`restore_<tenant>_<ts>`).
 * @public
 */
export type RestoredCopyKind = 'restore' | 'old' | 'tenant-restore';

/** One restored copy on a target's primary. @public */
export interface RestoredCopy {
  kind: RestoredCopyKind;
  /** Database name (`restore`, `old`) or schema name (`tenant-restore`). */
  name: string;
  /** The database that holds it: itself, or the live database for a side schema. */
  database: string;
  /** When the run that made it started (from the name, UTC). */
  createdAt: string;
  /** Size on disk (database size, or the total size of the schema's tables). */
  sizeBytes: number;
  /** Tenant id part of a side schema's name (lower case, `_` for `-`). */
  tenant?: string;
}

const TIMESTAMP = '(\\d{4})(\\d{2})(\\d{2})(\\d{2})(\\d{2})(\\d{2})';

function isoFrom(match: RegExpMatchArray, offset: number): string {
  const [y, mo, d, h, mi, s] = match.slice(offset, offset + 6);
  return `${y}-${mo}-${d}T${h}:${mi}:${s}Z`;
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Lists the restored copies on a target's primary: restore and pre-cut-over databases named after
 * the live database, and tenant side schemas in the live database. Reads only.
 * @public
 */
export async function listRestoredCopies(options: {
  target: DatabaseTarget;
  signal?: AbortSignal;
}): Promise<RestoredCopy[]> {
  const target = validateTarget(options.target);
  const live = targetDatabaseName(target);
  const databasePattern = new RegExp(
    `^${escapeRegExp(live)}_(restore|old)_${TIMESTAMP}$`,
  );
  const schemaPattern = new RegExp(`^restore_([a-z0-9_]+)_${TIMESTAMP}$`);
  const copies: RestoredCopy[] = [];
  await withPg(
    target.primary,
    { database: MAINTENANCE_DATABASE, signal: options.signal },
    async c => {
      const r = await c.query<{ datname: string; bytes: string }>(
        `SELECT datname, pg_database_size(oid) AS bytes FROM pg_database
          WHERE starts_with(datname, $1) AND datallowconn ORDER BY 1`,
        [`${live}_`],
      );
      for (const row of r.rows) {
        const m = row.datname.match(databasePattern);
        if (!m) continue;
        copies.push({
          kind: m[1] as 'restore' | 'old',
          name: row.datname,
          database: row.datname,
          createdAt: isoFrom(m, 2),
          sizeBytes: Number(row.bytes),
        });
      }
    },
  );
  await withPg(
    target.primary,
    { database: live, signal: options.signal },
    async c => {
      const r = await c.query<{ nspname: string; bytes: string }>(
        `SELECT n.nspname,
                COALESCE((SELECT sum(pg_total_relation_size(t.oid)) FROM pg_class t
                           WHERE t.relnamespace = n.oid AND t.relkind = 'r'), 0) AS bytes
           FROM pg_namespace n WHERE starts_with(n.nspname, 'restore_') ORDER BY 1`,
      );
      for (const row of r.rows) {
        const m = row.nspname.match(schemaPattern);
        if (!m) continue;
        copies.push({
          kind: 'tenant-restore',
          name: row.nspname,
          database: live,
          createdAt: isoFrom(m, 2),
          sizeBytes: Number(row.bytes),
          tenant: m[1],
        });
      }
    },
  );
  return copies.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** Input of {@link discardRestoredCopy}. @public */
export interface DiscardRestoredCopyOptions extends OperationOptions {
  target: DatabaseTarget;
  /** Name of the database or side schema, as {@link listRestoredCopies} reports it. */
  name: string;
}

/** Result of {@link discardRestoredCopy}. @public */
export interface DiscardRestoredCopyResult {
  target: string;
  discarded: RestoredCopy;
  durationMs: number;
  steps: OperationStep[];
}

/**
 * Finds a restored copy by name among {@link listRestoredCopies} (so that nothing else — above all
 * not the live database or its own schemas — can be named), or fails with a clear error.
 * @public
 */
export async function findRestoredCopy(options: {
  target: DatabaseTarget;
  name: unknown;
  signal?: AbortSignal;
}): Promise<RestoredCopy> {
  const target = validateTarget(options.target);
  const name = assertIdentifier(options.name, 'restored copy name');
  const live = targetDatabaseName(target);
  if (name === live) {
    throw new InputError(
      `${name} is the live database of ${target.name}; only restored copies can be discarded`,
    );
  }
  const copies = await listRestoredCopies({ target, signal: options.signal });
  const copy = copies.find(c => c.name === name);
  if (!copy) {
    throw new NotFoundError(
      `No restored copy named ${name} on ${target.name}; restored copies are ${
        copies.map(c => c.name).join(', ') || 'none'
      }`,
    );
  }
  return copy;
}

/**
 * Drops one restored copy: a restore or pre-cut-over database (its sessions are disconnected) or a
 * tenant side schema of the live database (`DROP SCHEMA ... CASCADE` in one transaction, waiting
 * at most 10 s for locks). The name is checked against what {@link listRestoredCopies} finds, so
 * the live database and its own schemas can never be dropped.
 * @public
 */
export async function discardRestoredCopy(
  options: DiscardRestoredCopyOptions,
): Promise<DiscardRestoredCopyResult> {
  const target = validateTarget(options.target);
  const secrets = targetSecrets(target);
  const signal = options.signal;
  const steps = new StepRunner({
    logger: options.logger ?? silentLogger,
    onStep: options.onStep,
    signal,
    secrets,
  });
  const started = Date.now();
  try {
    const copy = await steps.run(
      'locate',
      `Find the restored copy ${String(options.name).slice(0, 80)}`,
      async setDetail => {
        const found = await findRestoredCopy({
          target,
          name: options.name,
          signal,
        });
        setDetail(
          `${found.kind} ${found.name} (${found.sizeBytes} bytes, made ${found.createdAt})`,
        );
        return found;
      },
    );
    if (copy.kind === 'tenant-restore') {
      await steps.run(
        'drop',
        `Drop schema ${copy.name} from ${copy.database}`,
        () =>
          withPg(target.primary, { database: copy.database }, async c => {
            await c.query('BEGIN');
            try {
              await c.query(`SET LOCAL lock_timeout = '10s'`);
              await c.query(`DROP SCHEMA ${quoteIdent(copy.name)} CASCADE`);
              await c.query('COMMIT');
            } catch (error) {
              await c.query('ROLLBACK').catch(() => {});
              throw error;
            }
          }),
      );
    } else {
      await steps.run(
        'drop',
        `Disconnect the sessions of ${copy.name} and drop it`,
        () =>
          withPg(
            target.primary,
            { database: MAINTENANCE_DATABASE },
            async c => {
              await c.query(
                `DROP DATABASE ${quoteIdent(copy.name)} WITH (FORCE)`,
              );
            },
          ),
      );
    }
    return {
      target: target.name,
      discarded: copy,
      durationMs: Date.now() - started,
      steps: steps.steps,
    };
  } catch (error) {
    if (isAbortError(error) || signal?.aborted) {
      throw new OperationAbortedError(
        `Discarding a restored copy of ${target.name} was aborted`,
      );
    }
    const e = error instanceof Error ? error : new Error(String(error));
    e.message = scrubSecrets(e.message, secrets);
    throw e;
  }
}
