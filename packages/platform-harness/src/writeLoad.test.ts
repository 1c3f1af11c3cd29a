import { Client } from 'pg';
import { seedDemoData } from './demoData';
import { pgConnectionConfig } from './postgres';
import { waitFor } from './processes';
import { startPlatform } from './startPlatform';
import { Platform } from './types';
import { queryBouncerAdmin } from './testUtils';
import { startWriteLoad } from './writeLoad';

jest.setTimeout(120_000);

let platform: Platform;

beforeAll(async () => {
  platform = await startPlatform({ standby: false, archiveTimeoutSeconds: 5 });
  await seedDemoData(platform.primary, { tenants: 3, ordersPerTenant: 2 });
});

afterAll(async () => {
  await platform?.stop();
});

async function query<T>(sql: string, database = 'ecommerce'): Promise<T[]> {
  const client = new Client(pgConnectionConfig(platform.primary, database));
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('startWriteLoad', () => {
  it('writes orders for every tenant through PgBouncer and keeps at most maxOrders of them', async () => {
    const [{ n: before }] = await query<{ n: string }>(
      'select count(*) as n from orders',
    );
    const bouncer = platform.pgbouncer!;
    const load = startWriteLoad(bouncer, { ratePerSecond: 50, maxOrders: 5 });
    await waitFor(
      () => load.stats().transactions >= 12,
      30_000,
      'the load did not commit 12 transactions',
    );
    const stats = await load.stop();
    expect(stats.errors).toBe(0);
    expect(stats.ordersKept).toBe(5);

    const [{ n: after }] = await query<{ n: string }>(
      'select count(*) as n from orders',
    );
    expect(Number(after) - Number(before)).toBe(5);
    // Each kept order has its item and its payment, and the load went round the tenants (the
    // seeded orders are dated 2025, the load's now).
    const [kept] = await query<{
      tenants: string;
      items: string;
      pays: string;
    }>(
      `select count(distinct o.tenant_id) as tenants, count(i.id) as items, count(p.id) as pays
         from orders o
         left join order_items i on i.order_id = o.id
         left join payments p on p.order_id = o.id
        where o.placed_at > now() - interval '5 minutes'`,
    );
    expect(kept).toEqual({ tenants: '3', items: '5', pays: '5' });

    // The transactions went through PgBouncer, not straight to the server.
    const pools = await queryBouncerAdmin(bouncer, 'SHOW STATS');
    const ecommerce = pools.find(p => p.database === 'ecommerce');
    expect(Number(ecommerce?.total_xact_count)).toBeGreaterThanOrEqual(
      stats.transactions,
    );
  });

  it('archives the WAL it writes within the archive timeout', async () => {
    const load = startWriteLoad(platform.pgbouncer!, { ratePerSecond: 20 });
    try {
      const [{ archived: start }] = await query<{ archived: string }>(
        'select archived_count as archived from pg_stat_archiver',
      );
      // With archive_timeout = 5 s, segments are switched and archived while the load writes.
      await waitFor(
        async () => {
          const [{ archived }] = await query<{ archived: string }>(
            'select archived_count as archived from pg_stat_archiver',
          );
          return Number(archived) >= Number(start) + 2;
        },
        60_000,
        'no WAL segment was archived under the write load',
        1000,
      );
    } finally {
      await load.stop();
    }
    const [{ setting }] = await query<{ setting: string }>(
      `select setting from pg_settings where name = 'archive_timeout'`,
    );
    expect(setting).toBe('5');
  });

  it('counts a failure, reconnects and goes on', async () => {
    const errors: string[] = [];
    const load = startWriteLoad(
      { ...platform.pgbouncer!, password: 'wrong password' },
      { ratePerSecond: 10, onError: e => errors.push(e.message) },
    );
    await waitFor(
      () => load.stats().errors >= 2,
      30_000,
      'the load did not retry',
    );
    const stats = await load.stop();
    expect(stats.transactions).toBe(0);
    expect(errors.length).toBe(stats.errors);
    expect(errors.join('\n')).not.toContain('wrong password');
  });

  it('refuses a rate it cannot keep', () => {
    expect(() =>
      startWriteLoad(platform.pgbouncer!, { ratePerSecond: 0 }),
    ).toThrow(/ratePerSecond/);
  });
});
