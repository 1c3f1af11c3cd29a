import type { Client } from 'pg';
import { quoteCatalogIdent } from '../target/identifiers';

/** Row counts of one table, overall and per tenant. @public */
export interface TableStats {
  schema: string;
  name: string;
  rows: number;
  /** Size on disk of the table's heap when counted (pg_relation_size), a guide to its share of the dump. */
  bytes?: number;
  /** Rows per tenant id (only for tables with the tenant column); `null` tenant ids under `"\u0000null"`. */
  tenantRows?: Record<string, number>;
}

/** Row counts of a database at the instant of a dump (the backup's statistics sidecar). @public */
export interface BackupStats {
  version: 1;
  database: string;
  takenAt?: string;
  tenantColumn: string;
  tables: TableStats[];
}

/** Key used for rows whose tenant id is NULL. @public */
export const NULL_TENANT = '\u0000null';

/** Condition on `pg_class c` / `pg_namespace n` for the tables pg_dump dumps data for. */
const USER_TABLES = `c.relkind = 'r'
        AND n.nspname NOT IN ('pg_catalog', 'information_schema')
        AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
        AND NOT EXISTS (SELECT 1 FROM pg_depend d
                         WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')`;

/**
 * The user tables with their approximate row counts from the catalog (`reltuples`, else the
 * statistics' `n_live_tup` for a table never analyzed): cheap on any size of database.
 * @public
 */
export async function approximateRowCounts(
  client: Client,
): Promise<Array<{ schema: string; name: string; rows: number }>> {
  const res = await client.query<{
    schema: string;
    name: string;
    rows: string;
  }>(
    `SELECT n.nspname AS schema, c.relname AS name,
            CASE WHEN c.reltuples >= 0 THEN c.reltuples::bigint
                 ELSE COALESCE(s.n_live_tup, 0) END AS rows
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid
      WHERE ${USER_TABLES}
      ORDER BY 1, 2`,
  );
  return res.rows.map(r => ({
    schema: r.schema,
    name: r.name,
    rows: Number(r.rows),
  }));
}

/** Lists the ordinary user tables pg_dump dumps data for (not system, not extension members, not partitioned parents). @public */
export async function listUserTables(
  client: Client,
  tenantColumn: string,
): Promise<
  Array<{ schema: string; name: string; hasTenant: boolean; bytes: number }>
> {
  const res = await client.query<{
    schema: string;
    name: string;
    has_tenant: boolean;
    bytes: string;
  }>(
    `SELECT n.nspname AS schema, c.relname AS name, pg_relation_size(c.oid) AS bytes,
            EXISTS (SELECT 1 FROM pg_attribute a
                     WHERE a.attrelid = c.oid AND a.attname = $1 AND a.attnum > 0 AND NOT a.attisdropped) AS has_tenant
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE ${USER_TABLES}
      ORDER BY 1, 2`,
    [tenantColumn],
  );
  return res.rows.map(r => ({
    schema: r.schema,
    name: r.name,
    hasTenant: r.has_tenant,
    bytes: Number(r.bytes),
  }));
}

/**
 * Counts rows of every user table, and per tenant for tables that have the tenant column, in the
 * client's current transaction/snapshot.
 * @public
 */
export async function collectTableStats(
  client: Client,
  options: { tenantColumn?: string; schemas?: string[] } = {},
): Promise<TableStats[]> {
  const tenantColumn = options.tenantColumn ?? 'tenant_id';
  let tables = await listUserTables(client, tenantColumn);
  if (options.schemas) {
    const wanted = new Set(options.schemas);
    tables = tables.filter(t => wanted.has(t.schema));
  }
  const out: TableStats[] = [];
  for (const t of tables) {
    const rel = `${quoteCatalogIdent(t.schema)}.${quoteCatalogIdent(t.name)}`;
    if (t.hasTenant) {
      const res = await client.query<{ tenant: string | null; n: string }>(
        `SELECT ${quoteCatalogIdent(
          tenantColumn,
        )}::text AS tenant, count(*) AS n FROM ${rel} GROUP BY 1`,
      );
      const tenantRows: Record<string, number> = {};
      let rows = 0;
      for (const r of res.rows) {
        const n = Number(r.n);
        tenantRows[r.tenant ?? NULL_TENANT] = n;
        rows += n;
      }
      out.push({
        schema: t.schema,
        name: t.name,
        rows,
        bytes: t.bytes,
        tenantRows,
      });
    } else {
      const res = await client.query<{ n: string }>(
        `SELECT count(*) AS n FROM ${rel}`,
      );
      out.push({
        schema: t.schema,
        name: t.name,
        rows: Number(res.rows[0].n),
        bytes: t.bytes,
      });
    }
  }
  return out;
}
