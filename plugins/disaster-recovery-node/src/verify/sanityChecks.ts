import type { Client } from 'pg';
import { VerificationCheck } from './checks';
import {
  BackupStats,
  collectTableStats,
  NULL_TENANT,
  TableStats,
} from '../postgres/tableStats';
import { DumpToc, tocTables, tocTablesWithData } from '../dump/toc';

function rel(t: { schema: string; name: string }): string {
  return `${t.schema}.${t.name}`;
}

function listSome(items: string[], max = 5): string {
  return items.length > max
    ? `${items.slice(0, max).join(', ')} and ${items.length - max} more`
    : items.join(', ');
}

function tenantLabel(t: string): string {
  return t === NULL_TENANT ? 'NULL' : t;
}

/**
 * Checks a restored database against the dump's table of contents and, when present, the row
 * statistics recorded at backup time: every table exists, row counts per table and per tenant
 * match. Returns the checks and the counts seen.
 * @public
 */
export async function runSanityChecks(options: {
  client: Client;
  toc: DumpToc;
  stats?: BackupStats;
  /** Why statistics are absent, when they are. */
  statsProblem?: string;
  tenantColumn?: string;
}): Promise<{ checks: VerificationCheck[]; tables: TableStats[] }> {
  const { client, toc, stats } = options;
  const tenantColumn =
    stats?.tenantColumn ?? options.tenantColumn ?? 'tenant_id';
  const checks: VerificationCheck[] = [];
  const restored = await collectTableStats(client, { tenantColumn });
  const byName = new Map(restored.map(t => [rel(t), t]));

  const expectedTables = tocTables(toc);
  const missing = expectedTables.filter(t => !byName.has(rel(t))).map(rel);
  checks.push(
    missing.length === 0
      ? {
          id: 'tables',
          status: 'pass',
          detail: `${expectedTables.length} tables of the dump exist`,
        }
      : {
          id: 'tables',
          status: 'fail',
          detail: `missing tables: ${listSome(missing)}`,
        },
  );

  if (stats) {
    checks.push(...compareWithStats(stats, byName, tenantColumn));
  } else {
    const reason =
      options.statsProblem ?? 'no statistics recorded with the backup';
    const empty = tocTablesWithData(toc)
      .filter(t => (byName.get(rel(t))?.rows ?? 0) === 0)
      .map(rel);
    checks.push(
      empty.length === 0
        ? {
            id: 'row-counts',
            status: 'pass',
            detail: `every table with a data entry has rows (${reason}, so counts are not compared)`,
          }
        : {
            id: 'row-counts',
            status: 'warn',
            detail: `empty after restore: ${listSome(
              empty,
            )} (${reason}; cannot tell whether the dump had rows)`,
          },
    );
    const tenantTables = restored.filter(t => t.tenantRows);
    checks.push({
      id: 'tenant-row-counts',
      status: tenantTables.length > 0 ? 'warn' : 'skipped',
      detail: `${tenantTables.length} tables with ${tenantColumn}; per-tenant counts not compared (${reason})`,
    });
  }
  return { checks, tables: restored };
}

/**
 * Compares the row counts of a database (by `schema.table`) with recorded statistics: `row-counts`
 * per table and `tenant-row-counts` per tenant (`skipped` when no table has the tenant column); `recorded` says when the statistics were taken.
 * @public
 */
export function compareWithStats(
  stats: BackupStats,
  byName: ReadonlyMap<string, TableStats>,
  tenantColumn: string,
  recorded = 'recorded at backup time',
): VerificationCheck[] {
  const out: VerificationCheck[] = [];
  const wrong: string[] = [];
  for (const t of stats.tables) {
    const got = byName.get(rel(t));
    if (!got) {
      wrong.push(`${rel(t)}: missing (expected ${t.rows} rows)`);
    } else if (got.rows !== t.rows) {
      wrong.push(`${rel(t)}: ${got.rows} rows, expected ${t.rows}`);
    }
  }
  const totalRows = stats.tables.reduce((n, t) => n + t.rows, 0);
  out.push(
    wrong.length === 0
      ? {
          id: 'row-counts',
          status: 'pass',
          detail: `${stats.tables.length} tables, ${totalRows} rows, as ${recorded}`,
        }
      : { id: 'row-counts', status: 'fail', detail: listSome(wrong) },
  );
  const tenantTables = stats.tables.filter(t => t.tenantRows);
  if (tenantTables.length === 0) {
    out.push({
      id: 'tenant-row-counts',
      status: 'skipped',
      detail: `no table has a ${tenantColumn} column`,
    });
  } else {
    const diffs: string[] = [];
    const tenants = new Set<string>();
    for (const t of tenantTables) {
      const got = byName.get(rel(t))?.tenantRows ?? {};
      const keys = new Set([
        ...Object.keys(t.tenantRows!),
        ...Object.keys(got),
      ]);
      for (const k of keys) {
        tenants.add(k);
        const want = t.tenantRows![k] ?? 0;
        const have = got[k] ?? 0;
        if (want !== have) {
          diffs.push(
            `${rel(t)} tenant ${tenantLabel(
              k,
            )}: ${have} rows, expected ${want}`,
          );
        }
      }
    }
    out.push(
      diffs.length === 0
        ? {
            id: 'tenant-row-counts',
            status: 'pass',
            detail: `${tenants.size} tenants x ${tenantTables.length} tables match the counts ${recorded}`,
          }
        : {
            id: 'tenant-row-counts',
            status: 'fail',
            detail: listSome(diffs),
          },
    );
  }
  return out;
}
