import { Client } from 'pg';
import {
  DEMO_DATA_CLASSES,
  DEMO_OWNER_GROUPS,
  generateTenants,
  seedDemoData,
} from './demoData';
import { pgConnectionConfig } from './postgres';
import { startPlatform } from './startPlatform';
import { Platform } from './types';

jest.setTimeout(120_000);

describe('generateTenants', () => {
  it('is deterministic, and tenant n does not depend on the count', () => {
    const a = generateTenants(50, 7);
    expect(generateTenants(50, 7)).toEqual(a);
    expect(generateTenants(10, 7)).toEqual(a.slice(0, 10));
    expect(generateTenants(50, 8)).not.toEqual(a);
  });

  it('makes a fleet of unique, catalog-safe tenants with plan data classes', () => {
    const tenants = generateTenants(5000);
    expect(new Set(tenants.map(t => t.id)).size).toBe(5000);
    expect(new Set(tenants.map(t => t.slug)).size).toBe(5000);
    for (const t of tenants) {
      expect(t.slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(t.slug.length).toBeLessThanOrEqual(63);
      expect(['standard', 'critical']).toContain(t.tier);
      expect(DEMO_OWNER_GROUPS).toContain(t.ownerGroup);
      expect(t.region).toBe('us-east-1');
      for (const c of t.dataClasses) expect(DEMO_DATA_CLASSES).toContain(c);
      expect(t.dataClasses).toEqual(
        expect.arrayContaining(['customer-pii', 'transactions']),
      );
    }
    const critical = tenants.filter(t => t.tier === 'critical').length;
    expect(critical).toBeGreaterThan(250); // "some critical"...
    expect(critical).toBeLessThan(1250); // ...but mostly standard
    expect(generateTenants(30).some(t => t.tier === 'critical')).toBe(true);
  });

  it('rejects nonsense counts', () => {
    expect(() => generateTenants(-1)).toThrow(/count/);
    expect(() => generateTenants(1.5)).toThrow(/count/);
  });
});

describe('seedDemoData', () => {
  let platform: Platform;

  beforeAll(async () => {
    platform = await startPlatform({
      standby: false,
      s3: false,
      pgbouncer: false,
    });
  });

  afterAll(async () => {
    await platform?.stop();
  });

  async function counts() {
    const client = new Client(pgConnectionConfig(platform.primary));
    await client.connect();
    try {
      const { rows } = await client.query(`
        select (select count(*) from tenants)::int as tenants,
               (select count(*) from customers)::int as customers,
               (select count(*) from products)::int as products,
               (select count(*) from orders)::int as orders,
               (select count(*) from order_items)::int as order_items,
               (select count(*) from payments)::int as payments`);
      return rows[0];
    } finally {
      await client.end();
    }
  }

  it('creates the schema and 30 tenants of rows in a couple of seconds', async () => {
    const started = Date.now();
    const { tenants } = await seedDemoData(platform.primary, { tenants: 30 });
    const ms = Date.now() - started;
    // eslint-disable-next-line no-console
    console.log(`seedDemoData(30 tenants) took ${ms} ms`);
    expect(tenants).toEqual(generateTenants(30));
    const c = await counts();
    expect(c.tenants).toBe(30);
    expect(c.orders).toBe(30 * 20);
    expect(c.customers).toBe(30 * 10);
    expect(c.order_items).toBeGreaterThanOrEqual(c.orders);
    expect(c.payments).toBeGreaterThan(0);
    expect(c.payments).toBeLessThan(c.orders);
    expect(ms).toBeLessThan(10_000);

    const client = new Client(pgConnectionConfig(platform.primary));
    await client.connect();
    try {
      const { rows } = await client.query(
        'select id, slug, tier, data_classes, owner_group, region from tenants where id = $1',
        [tenants[0].id],
      );
      expect(rows[0]).toEqual({
        id: tenants[0].id,
        slug: tenants[0].slug,
        tier: tenants[0].tier,
        data_classes: tenants[0].dataClasses,
        owner_group: tenants[0].ownerGroup,
        region: 'us-east-1',
      });
      // Every row's references stay inside its tenant (composite foreign keys).
      await expect(
        client.query(
          `insert into orders (id, tenant_id, customer_id, status, total_cents, placed_at)
           select gen_random_uuid(), $1, c.id, 'paid', 1, now() from customers c where c.tenant_id = $2 limit 1`,
          [tenants[0].id, tenants[1].id],
        ),
      ).rejects.toThrow(/foreign key/);
      const indexes = await client.query(
        `select tablename from pg_indexes where indexdef like '%(tenant_id%' group by tablename order by 1`,
      );
      expect(indexes.rows.map(r => r.tablename)).toEqual([
        'customers',
        'order_items',
        'orders',
        'payments',
        'products',
      ]);
    } finally {
      await client.end();
    }
  });

  it('adds only the missing tenants when called again with more', async () => {
    const before = await counts();
    await seedDemoData(platform.primary, { tenants: 35 });
    const after = await counts();
    expect(after.tenants).toBe(35);
    expect(after.orders - before.orders).toBe(5 * 20);
  });

  it('seeds a 5,000-tenant fleet for benchmarks', async () => {
    const started = Date.now();
    await seedDemoData(platform.primary, { tenants: 5000, ordersPerTenant: 2 });
    // eslint-disable-next-line no-console
    console.log(
      `seedDemoData(5000 tenants, 2 orders each) took ${
        Date.now() - started
      } ms`,
    );
    expect((await counts()).tenants).toBe(5000);
  });

  it('rejects bad options without touching the database', async () => {
    await expect(
      seedDemoData(platform.primary, { tenants: 40, ordersPerTenant: -3 }),
    ).rejects.toThrow(/ordersPerTenant/);
    expect((await counts()).tenants).toBe(5000);
  });
});
