import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PreparedDump } from '../dump/prepareDump';
import { OperationContext } from '../operation/runOperation';
import { pgConnArgs, pgEnv, pgProgram, withPg } from '../postgres/pgTools';
import { listUserTables } from '../postgres/tableStats';
import { runProcess } from '../process/processRunner';
import { PgConnection } from '../target/target';

/** A table of the dump holding tenant rows, and the column that names the tenant. */
export interface TenantTable {
  schema: string;
  name: string;
  column: string;
}

/** Where a tenant restore finds tenant rows: the tenant column, and the table of tenants itself. */
export interface TenantLayout {
  tenantColumn: string;
  tenantsTable: { schema: string; name: string; idColumn: string };
}

/** `pg_restore` flags of the tenant restore's scratch loads (no owners, no privileges, stop on error). */
export const SCRATCH_RESTORE_FLAGS = [
  '--exit-on-error',
  '--no-owner',
  '--no-privileges',
  '--no-password',
];

/** `pg_restore` of `args` from the dump file into `database`. */
export async function restoreDumpPart(
  ctx: OperationContext,
  server: PgConnection,
  database: string,
  args: string[],
  file: string,
): Promise<void> {
  await runProcess({
    command: pgProgram(ctx.target.pgBinDir, 'pg_restore'),
    args: [
      ...pgConnArgs(server, database),
      ...args,
      ...SCRATCH_RESTORE_FLAGS,
      file,
    ],
    env: pgEnv(server),
    signal: ctx.signal,
    secrets: ctx.secrets,
    logger: ctx.logger,
  });
}

/** The tables of the scratch database that hold tenant rows (tenant column, or the tenants table). */
export async function findTenantTables(
  ctx: OperationContext,
  server: PgConnection,
  scratch: string,
  layout: TenantLayout,
): Promise<TenantTable[]> {
  const { tenantColumn, tenantsTable } = layout;
  const all = await withPg(
    server,
    { database: scratch, signal: ctx.signal },
    c => listUserTables(c, tenantColumn),
  );
  const out: TenantTable[] = [];
  for (const t of all) {
    if (t.hasTenant) {
      out.push({ schema: t.schema, name: t.name, column: tenantColumn });
    } else if (
      t.schema === tenantsTable.schema &&
      t.name === tenantsTable.name
    ) {
      out.push({
        schema: t.schema,
        name: t.name,
        column: tenantsTable.idColumn,
      });
    }
  }
  return out;
}

/** Loads only the data of the tenant tables into the scratch database, with a `-L` list. */
export async function loadTenantTableData(
  ctx: OperationContext,
  server: PgConnection,
  scratch: string,
  dump: PreparedDump,
  tables: TenantTable[],
): Promise<void> {
  const wanted = new Set(tables.map(t => `${t.schema}\u0000${t.name}`));
  const lines = dump.toc.entries
    .filter(
      e => e.desc === 'TABLE DATA' && wanted.has(`${e.schema}\u0000${e.name}`),
    )
    .map(e => e.line);
  const listFile = path.join(path.dirname(dump.path), 'tenant-tables.list');
  await writeFile(listFile, `${lines.join('\n')}\n`, { mode: 0o600 });
  await restoreDumpPart(
    ctx,
    server,
    scratch,
    ['--data-only', `--use-list=${listFile}`],
    dump.path,
  );
}
