import { InputError, NotFoundError } from '@backstage/errors';
import type { RestoredCopyItem } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MAINTENANCE_DATABASE } from '../postgres/databases';
import { IDENTIFIER_PATTERN, quoteIdent } from '../target/identifiers';
import {
  restoredServerPaths,
  stopRestoredServer,
} from '../pitr/restoredServer';
import { withPg } from '../postgres/pgTools';
import { OperationFrameOptions, runOperation } from '../operation/runOperation';
import { OperationStep } from '../operation/types';
import { DatabaseTarget, targetDatabaseName } from '../target/target';
import { validateTarget } from '../target/validateTarget';

/**
 * What a restore left next to the live data (the `-common` API type, shared with the frontend):
 * - `restore`: a database restored from a dump and never cut over (`<db>_restore_<ts>`);
 * - `old`: the previous live database kept by a cut-over (`<db>_old_<ts>`);
 * - `tenant-restore`: a side schema of the live database holding one tenant's restored rows
 *   (`restore_<tenant>_<ts>`);
 * - `pitr-server`: a server a point-in-time restore started on its own data directory and port
 *   (`pitr-<stanza>-<ts>-<random>` under the pgBackRest `restoreBaseDir`).
 * @public
 */
export type RestoredCopy = RestoredCopyItem;

/** The kinds of {@link RestoredCopy}. @public */
export type RestoredCopyKind = RestoredCopyItem['kind'];

const TIMESTAMP = '(\\d{4})(\\d{2})(\\d{2})(\\d{2})(\\d{2})(\\d{2})';
/** The random suffix of restore and pre-cut-over database names (older copies lack it). */
const SUFFIX = '(?:_[0-9a-f]{4})?';

function isoFrom(match: RegExpMatchArray, offset: number): string {
  const [y, mo, d, h, mi, s] = match.slice(offset, offset + 6);
  return `${y}-${mo}-${d}T${h}:${mi}:${s}Z`;
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Names a restored copy can have: a PostgreSQL identifier, or a PITR server's directory. */
const COPY_NAME_PATTERN = new RegExp(
  `^(?:${IDENTIFIER_PATTERN.source.slice(1, -1)}|pitr-[A-Za-z0-9_.-]{1,120})$`,
);

/** Total size of the files under a directory (not following links). */
async function directorySize(dir: string): Promise<number> {
  let total = 0;
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) total += await directorySize(p);
    else if (e.isFile())
      total += (await stat(p).catch(() => undefined))?.size ?? 0;
  }
  return total;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The servers point-in-time restores of a target started (and left running) under its restoreBaseDir. */
async function listPitrServers(
  target: DatabaseTarget,
): Promise<RestoredCopy[]> {
  const pgbr = target.pgbackrest;
  if (!pgbr) return [];
  const baseDir = pgbr.restoreBaseDir ?? os.tmpdir();
  const pattern = new RegExp(
    `^pitr-${escapeRegExp(pgbr.stanza)}-${TIMESTAMP}-[A-Za-z0-9]{6}$`,
  );
  const out: RestoredCopy[] = [];
  for (const name of await readdir(baseDir).catch(() => [] as string[])) {
    const m = name.match(pattern);
    if (!m) continue;
    const { dataDir } = restoredServerPaths(path.join(baseDir, name));
    const pidLines = (
      await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8').catch(
        () => '',
      )
    ).split('\n');
    const pid = Number(pidLines[0]);
    const port = Number(pidLines[3]);
    out.push({
      kind: 'pitr-server',
      name,
      database: targetDatabaseName(target),
      createdAt: isoFrom(m, 1),
      sizeBytes: await directorySize(path.join(baseDir, name)),
      ...(Number.isInteger(port) && port > 0 ? { port } : {}),
      running: Number.isInteger(pid) && pid > 0 && isRunning(pid),
    });
  }
  return out;
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
    `^${escapeRegExp(live)}_(restore|old)_${TIMESTAMP}${SUFFIX}$`,
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
  copies.push(...(await listPitrServers(target)));
  return copies.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** Input of {@link discardRestoredCopy}. @public */
export interface DiscardRestoredCopyOptions extends OperationFrameOptions {
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
  const name = options.name;
  if (typeof name !== 'string' || !COPY_NAME_PATTERN.test(name)) {
    throw new InputError(
      `Invalid restored copy name ${JSON.stringify(
        String(name).slice(0, 80),
      )}: must be a PostgreSQL identifier matching ${IDENTIFIER_PATTERN} or a pitr-… directory name`,
    );
  }
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
 * Drops one restored copy: a restore or pre-cut-over database (its sessions are disconnected), a
 * PITR server (stopped, its directory removed) or a tenant side schema of the live database (`DROP SCHEMA ... CASCADE` in one transaction, waiting
 * at most 10 s for locks). The name is checked against what {@link listRestoredCopies} finds, so
 * the live database and its own schemas can never be dropped.
 * @public
 */
export async function discardRestoredCopy(
  options: DiscardRestoredCopyOptions,
): Promise<DiscardRestoredCopyResult> {
  return runOperation('Discarding a restored copy', options, async ctx => {
    const { target, steps, signal } = ctx;
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
    if (copy.kind === 'pitr-server') {
      const pgbr = target.pgbackrest!;
      const root = path.join(pgbr.restoreBaseDir ?? os.tmpdir(), copy.name);
      await steps.run(
        'drop',
        `Stop the PITR server on port ${copy.port ?? '?'} and remove ${root}`,
        async () => {
          const paths = restoredServerPaths(root);
          await stopRestoredServer(
            {
              ...paths,
              host: '127.0.0.1',
              port: copy.port ?? 0,
              osUser: pgbr.osUser,
              pgBinDir: target.pgBinDir,
            },
            { keepData: true, logger: ctx.logger },
          );
          const stillRunning = await readFile(
            path.join(paths.dataDir, 'postmaster.pid'),
          ).then(
            () => true,
            () => false,
          );
          if (stillRunning) {
            throw new Error(
              `The PITR server in ${root} did not stop; its directory is kept`,
            );
          }
          await rm(root, { recursive: true, force: true });
        },
      );
    } else if (copy.kind === 'tenant-restore') {
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
      durationMs: Date.now() - ctx.startedAt,
      steps: steps.steps,
    };
  });
}
