import { InputError, NotFoundError } from '@backstage/errors';
import { prepareDump, PreparedDump } from '../dump/prepareDump';
import { OperationFrameOptions, runOperation } from '../operation/runOperation';
import { OperationStep } from '../operation/types';
import { pgConnArgs, pgEnv, pgProgram, withPg } from '../postgres/pgTools';
import { spawnProcess } from '../process/processRunner';
import { quoteCatalogIdent, quoteIdent } from '../target/identifiers';
import { BackupCheckError } from '../operation/errors';
import { requireAcceptedWarnings, VerificationCheck } from '../verify/checks';
import { compareTenantRowsWithStats } from './tenantStatsCheck';
import {
  assertLiveReady,
  planTenantRestore,
  TenantRestore,
} from './tenantRestorePlan';
import {
  findTenantTables,
  loadTenantTableData,
  restoreDumpPart,
  SCRATCH_RESTORE_FLAGS,
  TenantTable,
} from './tenantTables';

/** Input of {@link restoreTenant}. @public */
export interface RestoreTenantOptions extends OperationFrameOptions {
  /** Tenant whose rows are restored (UUID or slug as stored in the tenant column). */
  tenantId: string;
  /** Backup to take the rows from; default the newest by time. */
  key?: string;
  /** Column that holds the tenant id (default `tenant_id`). */
  tenantColumn?: string;
  /** Table of tenants whose id column is the tenant id (default `public.tenants`.`id`, used when it exists and has no tenant column). */
  tenantsTable?: { schema: string; name: string; idColumn: string };
  /** Ids of checks whose `warn` the caller accepts: any other warning stops the restore before the live database is written. */
  acceptWarnings?: string[];
  downloadConcurrency?: number;
  tempDir?: string;
  now?: () => Date;
  /** Names instead of `restore_<tenant>_<ts>` and `<db>_tenant_<ts>_<hex>` (a drill names its own artefacts). */
  names?: { sideSchema: string; scratchDatabase: string };
  /**
   * Where the side schema ends: `live` (default) moves it into the live database; `scratch` leaves
   * it in the scratch database, checks it there and drops it with the scratch database, so the live
   * database is never written (a drill). With `scratch`, warnings do not stop the restore: they are
   * in the result's checks.
   */
  sideSchemaIn?: 'live' | 'scratch';
}

/** One table restored into the side schema. @public */
export interface RestoredTenantTable {
  /** Source table in the dump, `schema.name`. */
  source: string;
  /** Table in the side schema of the live database, `schema.name`. */
  table: string;
  rows: number;
}

/** Result of {@link restoreTenant}. @public */
export interface RestoreTenantResult {
  target: string;
  key: string;
  sha256: string;
  restorePoint: string;
  tenantId: string;
  /** Database that received the side schema: the live one, or the (dropped) scratch database. */
  database: string;
  /** Side schema holding the tenant's rows (`restore_<tenant>_<ts>`). */
  schema: string;
  tables: RestoredTenantTable[];
  checks: VerificationCheck[];
  /** Warnings the caller accepted (through `acceptWarnings`). */
  acceptedWarnings: VerificationCheck[];
  durationMs: number;
  steps: OperationStep[];
}

function sideTableName(schema: string, name: string): string {
  return schema === 'public' ? name : `${schema}__${name}`;
}

/** Table definitions, then the tenant tables' data, into the scratch database. */
async function loadScratch(
  r: TenantRestore,
  dump: PreparedDump,
): Promise<TenantTable[]> {
  const { ctx, server, scratch } = r;
  await ctx.steps.run(
    'scratch',
    `Restore table definitions into scratch database ${scratch.name}`,
    async () => {
      await scratch.create();
      await restoreDumpPart(
        ctx,
        server,
        scratch.name,
        ['--section=pre-data'],
        dump.path,
      );
    },
  );
  const tables = await findTenantTables(ctx, server, scratch.name, r.layout);
  if (tables.length === 0) {
    throw new InputError(
      `The backup has no table with a ${r.layout.tenantColumn} column`,
    );
  }
  await ctx.steps.run(
    'scratch-data',
    `Load the data of ${tables.length} tenant tables into ${scratch.name}`,
    () => loadTenantTableData(ctx, server, scratch.name, dump, tables),
  );
  return tables;
}

/** Copies the tenant's rows into the side schema of the scratch database. */
async function extractTenantRows(
  r: TenantRestore,
  tables: TenantTable[],
  key: string,
): Promise<RestoredTenantTable[]> {
  const { ctx, server, scratch, schema, tenantId } = r;
  return ctx.steps.run(
    'extract',
    `Copy the rows of tenant ${tenantId} into schema ${schema} of the scratch database`,
    async setDetail => {
      const out = await withPg(
        server,
        { database: scratch.name, signal: ctx.signal },
        async c => {
          await c.query(`CREATE SCHEMA ${quoteIdent(schema)}`);
          const rows: RestoredTenantTable[] = [];
          for (const t of tables) {
            const side = sideTableName(t.schema, t.name);
            const src = `${quoteCatalogIdent(t.schema)}.${quoteCatalogIdent(
              t.name,
            )}`;
            const dst = `${quoteIdent(schema)}.${quoteCatalogIdent(side)}`;
            await c.query(`CREATE TABLE ${dst} (LIKE ${src})`);
            const inserted = await c.query(
              `INSERT INTO ${dst} SELECT * FROM ${src} WHERE ${quoteCatalogIdent(
                t.column,
              )}::text = $1`,
              [tenantId],
            );
            rows.push({
              source: `${t.schema}.${t.name}`,
              table: `${schema}.${side}`,
              rows: inserted.rowCount ?? 0,
            });
          }
          return rows;
        },
      );
      const total = out.reduce((n, t) => n + t.rows, 0);
      if (total === 0) {
        throw new NotFoundError(
          `Tenant ${tenantId} has no rows in backup ${key}`,
        );
      }
      setDetail(`${total} rows in ${out.length} tables`);
      return out;
    },
  );
}

/** Moves the side schema into the live database in one transaction (`pg_dump -n | pg_restore --single-transaction`). */
async function importSideSchema(r: TenantRestore): Promise<void> {
  const { ctx, server, scratch, schema, live } = r;
  const common = {
    env: pgEnv(server),
    signal: ctx.signal,
    secrets: ctx.secrets,
    logger: ctx.logger,
  };
  await ctx.steps.run(
    'import',
    `Move schema ${schema} into ${live} in one transaction`,
    async () => {
      const dumpSide = spawnProcess({
        ...common,
        command: pgProgram(ctx.target.pgBinDir, 'pg_dump'),
        args: [
          ...pgConnArgs(server, scratch.name),
          '--format=custom',
          '--compress=0',
          `--schema=${schema}`,
          '--no-owner',
          '--no-privileges',
          '--no-password',
        ],
        stdout: 'pipe',
      });
      const load = spawnProcess({
        ...common,
        command: pgProgram(ctx.target.pgBinDir, 'pg_restore'),
        args: [
          ...pgConnArgs(server, live),
          '--single-transaction',
          ...SCRATCH_RESTORE_FLAGS,
        ],
        stdin: dumpSide.stdout!,
      });
      const results = await Promise.allSettled([dumpSide.done, load.done]);
      const failure = results.find(x => x.status === 'rejected') as
        | PromiseRejectedResult
        | undefined;
      if (failure) {
        dumpSide.kill();
        load.kill();
        throw failure.reason;
      }
    },
  );
}

/** Counts the rows in the live side schema: each table's count as copied, and no other tenant's rows. */
async function checkSideSchema(
  r: TenantRestore,
  tables: TenantTable[],
  restored: RestoredTenantTable[],
): Promise<VerificationCheck> {
  const { ctx, server, schema, tenantId } = r;
  const where = r.inScratch ? r.scratch.name : r.live;
  return ctx.steps.run(
    'verify',
    `Check the rows in ${where}.${schema}`,
    async setDetail => {
      const problems: string[] = [];
      await withPg(server, { database: where, signal: ctx.signal }, async c => {
        for (const t of restored) {
          const column = tables.find(
            x => `${x.schema}.${x.name}` === t.source,
          )!.column;
          const counted = await c.query<{ n: string; other: string }>(
            `SELECT count(*) AS n, count(*) FILTER (WHERE ${quoteCatalogIdent(
              column,
            )}::text IS DISTINCT FROM $1) AS other FROM ${quoteIdent(
              schema,
            )}.${quoteCatalogIdent(t.table.slice(schema.length + 1))}`,
            [tenantId],
          );
          const { n, other } = counted.rows[0];
          if (Number(n) !== t.rows) {
            problems.push(`${t.table}: ${n} rows, expected ${t.rows}`);
          }
          if (Number(other) !== 0) {
            problems.push(`${t.table}: ${other} rows of other tenants`);
          }
        }
      });
      if (problems.length) {
        throw new Error(
          `The side schema ${schema} failed its checks: ${problems.join('; ')}`,
        );
      }
      const total = restored.reduce((n, t) => n + t.rows, 0);
      setDetail(`${total} rows`);
      return {
        id: 'tenant-rows',
        status: 'pass',
        detail: `${total} rows of tenant ${tenantId} in ${restored.length} tables of ${schema}, no other tenant's rows`,
      };
    },
  );
}

/**
 * Restores one tenant's rows from a dump into a side schema `restore_<tenant>_<ts>` of the live
 * database, leaving the live tables untouched: the dump's table definitions and the data of the
 * tenant tables go into a scratch database, the tenant's rows are copied there into the side
 * schema, and that schema alone is moved into the live database in one transaction.
 * @public
 */
export async function restoreTenant(
  options: RestoreTenantOptions,
): Promise<RestoreTenantResult> {
  return runOperation('Tenant restore', options, async ctx => {
    const r = planTenantRestore(ctx, options);
    await assertLiveReady(r);
    const dump = await prepareDump(ctx, options);
    let sideSchemaMayExist = false;
    try {
      const accepted = r.inScratch
        ? []
        : requireAcceptedWarnings('Tenant restore', dump.checks, r.accepted);
      const tables = await loadScratch(r, dump);
      const restored = await extractTenantRows(r, tables, dump.info.key);
      if (r.inScratch) {
        ctx.steps.skip(
          'import',
          'Move the side schema into the live database',
          `the side schema stays in ${r.scratch.name}; the live database is not written`,
        );
      } else {
        sideSchemaMayExist = true;
        await importSideSchema(r);
      }
      const rows = await checkSideSchema(r, tables, restored);
      const counted = compareTenantRowsWithStats(
        dump.stats,
        r.tenantId,
        restored,
      );
      if (counted.status === 'fail') {
        throw new BackupCheckError(
          `The restored rows of tenant ${r.tenantId} differ from the backup: ${counted.detail}`,
          [...dump.checks, rows, counted],
        );
      }
      return {
        target: ctx.target.name,
        key: dump.info.key,
        sha256: dump.sha256,
        restorePoint: dump.info.takenAt.toISOString(),
        tenantId: r.tenantId,
        database: r.inScratch ? r.scratch.name : r.live,
        schema: r.schema,
        tables: restored,
        checks: [...dump.checks, rows, counted],
        acceptedWarnings: accepted,
        durationMs: Date.now() - ctx.startedAt,
        steps: ctx.steps.steps,
      };
    } catch (error) {
      if (sideSchemaMayExist) {
        await withPg(r.server, { database: r.live }, c =>
          c.query(`DROP SCHEMA IF EXISTS ${quoteIdent(r.schema)} CASCADE`),
        ).catch(() => {});
      }
      throw error;
    } finally {
      await r.scratch
        .drop(ctx.steps, `Drop scratch database ${r.scratch.name}`)
        .catch(() => {});
      await dump.cleanup();
    }
  });
}
