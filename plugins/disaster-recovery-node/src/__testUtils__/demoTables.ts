import type { TestPlatform } from './platform';

/** The tenant tables of the harness's demo schema. */
export const DEMO_TENANT_TABLES = [
  'customers',
  'order_items',
  'orders',
  'payments',
  'products',
];

/** MD5 and row count of every demo table's data (tenant tables and `tenants`) of the live database. */
export async function demoDataFingerprint(
  tp: Pick<TestPlatform, 'query'>,
): Promise<unknown[]> {
  const parts: unknown[] = [];
  for (const t of [...DEMO_TENANT_TABLES, 'tenants']) {
    parts.push(
      await tp.query(
        `SELECT md5(string_agg(x::text, ',' ORDER BY x::text)) h, count(*)::int n FROM ${t} x`,
      ),
    );
  }
  return parts;
}
