import { Client } from 'pg';
import { PgConnection } from '../target/target';

/**
 * Fills the connection's database with e-commerce-like wide tables (tenant_id on every row, text
 * and jsonb columns, indexes) until it holds at least `minBytes` (pg_database_size). Used by the
 * P3/P4 benchmarks. Returns the final size and row counts.
 */
export async function generateBenchDatabase(
  conn: PgConnection,
  options: { minBytes: number; tenants?: number; log?: (line: string) => void },
): Promise<{ bytes: number; rows: Record<string, number>; seconds: number }> {
  const started = Date.now();
  const tenants = options.tenants ?? 200;
  const log = options.log ?? (() => {});
  const c = new Client({ ...conn });
  await c.connect();
  try {
    await c.query(`
      CREATE TABLE bench_customers (
        id bigint PRIMARY KEY, tenant_id text NOT NULL, name text NOT NULL, email text NOT NULL,
        address text NOT NULL, created_at timestamptz NOT NULL);
      CREATE TABLE bench_orders (
        id bigint PRIMARY KEY, tenant_id text NOT NULL, customer_id bigint NOT NULL, status text NOT NULL,
        total_cents bigint NOT NULL, currency text NOT NULL, placed_at timestamptz NOT NULL,
        shipping_address text NOT NULL, notes text);
      CREATE TABLE bench_events (
        id bigint PRIMARY KEY, tenant_id text NOT NULL, kind text NOT NULL, payload jsonb NOT NULL,
        created_at timestamptz NOT NULL);
    `);
    const tenant = (expr: string) =>
      `'tenant-' || lpad((1 + (${expr}) % ${tenants})::text, 5, '0')`;
    await c.query(`
      INSERT INTO bench_customers
      SELECT g, ${tenant(
        'g',
      )}, 'Customer ' || g, 'customer' || g || '@example.com',
             (g % 9000 + 100) || ' ' || (ARRAY['Main St','Oak Ave','Pine Rd','Elm St','Lake Dr'])[1 + g % 5] || ', Springfield ' || lpad((g % 99999)::text, 5, '0') || ' ' || md5(random()::text),
             timestamptz '2024-01-01' + (g % 31536000) * interval '1 second'
      FROM generate_series(1::bigint, 600000) g`);
    await c.query(`
      INSERT INTO bench_orders
      SELECT g, ${tenant('g')}, 1 + g % 600000,
             (ARRAY['pending','paid','shipped','delivered','refunded'])[1 + g % 5],
             (g * 7919) % 500000, (ARRAY['USD','EUR','GBP'])[1 + g % 3],
             timestamptz '2024-01-01' + (g % 31536000) * interval '1 second',
             (g % 9000 + 100) || ' Market St, Apt ' || (g % 300) || ', Metropolis ' || lpad((g % 99999)::text, 5, '0'),
             'ref ' || md5(random()::text) || CASE WHEN g % 4 = 0 THEN '; gift wrap, deliver after ' || (g % 12 + 8) || 'h' ELSE '' END
      FROM generate_series(1::bigint, 2500000) g`);
    let batch = 0;
    let bytes = 0;
    const indexed = { done: false };
    for (;;) {
      const from = batch * 1_000_000 + 1;
      await c.query(
        `INSERT INTO bench_events
         SELECT g, ${tenant(
           'g / 3',
         )}, 'order.' || (ARRAY['created','paid','packed','shipped','delivered','refunded'])[1 + g % 6],
                jsonb_build_object('order_id', g / 3, 'sku', 'SKU-' || (g % 5000), 'qty', 1 + g % 9,
                                   'price_cents', (g * 31) % 20000, 'warehouse', 'wh-' || (g % 12),
                                   'trace', md5(random()::text), 'session', md5(random()::text)),
                timestamptz '2024-01-01' + (g % 31536000) * interval '1 second'
         FROM generate_series($1::bigint, $2::bigint) g`,
        [from, from + 999_999],
      );
      batch++;
      if (!indexed.done) {
        await c.query(`
          CREATE INDEX bench_customers_tenant_idx ON bench_customers (tenant_id);
          CREATE INDEX bench_orders_tenant_idx ON bench_orders (tenant_id, placed_at);
          CREATE INDEX bench_events_tenant_idx ON bench_events (tenant_id, created_at);`);
        indexed.done = true;
      }
      await c.query('VACUUM ANALYZE');
      bytes = Number(
        (await c.query('SELECT pg_database_size(current_database()) AS b'))
          .rows[0].b,
      );
      log(
        `  generated ${batch}M events, database ${(bytes / 1e6).toFixed(0)} MB`,
      );
      if (bytes >= options.minBytes || batch >= 20) break;
    }
    const rows: Record<string, number> = {};
    for (const t of ['bench_customers', 'bench_orders', 'bench_events']) {
      rows[t] = Number(
        (await c.query(`SELECT count(*) AS n FROM ${t}`)).rows[0].n,
      );
    }
    return { bytes, rows, seconds: (Date.now() - started) / 1000 };
  } finally {
    await c.end();
  }
}
