import { seedDemoData } from '../__testUtils__/platformHarness';
import {
  demoDataFingerprint,
  DEMO_TENANT_TABLES,
} from '../__testUtils__/demoTables';
import { startTestPlatform, TestPlatform } from '../__testUtils__/platform';
import { createBackup, CreateBackupResult } from '../backup/createBackup';
import { listDatabasesWithPrefix } from '../postgres/databases';
import { restoreTenant } from './restoreTenant';

jest.setTimeout(120_000);

let tp: TestPlatform;
let backup: CreateBackupResult;
const TABLES = DEMO_TENANT_TABLES;

async function liveFingerprint(): Promise<string> {
  return JSON.stringify(await demoDataFingerprint(tp));
}

async function sideSchemas(): Promise<string[]> {
  const rows = await tp.query(
    `SELECT nspname FROM pg_namespace WHERE nspname LIKE 'restore\\_%' ORDER BY 1`,
  );
  return rows.map(r => r.nspname);
}

beforeAll(async () => {
  tp = await startTestPlatform({ pgbackrest: false });
  await seedDemoData(tp.platform.primary, { tenants: 8, ordersPerTenant: 15 });
  backup = await createBackup({ target: tp.target });
});

afterAll(async () => {
  await tp?.stop();
});

describe('restoreTenant', () => {
  it("restores only that tenant's rows into a side schema and leaves the live tables alone", async () => {
    const expected: Record<string, number> = {};
    for (const t of TABLES) {
      const [{ n }] = await tp.query(
        `SELECT count(*)::int n FROM ${t} WHERE tenant_id = 'tenant-00003'`,
      );
      expected[t] = n;
    }
    // the human error: tenant 3's orders deleted (cascading to items and payments)
    await tp.query(`DELETE FROM orders WHERE tenant_id = 'tenant-00003'`);
    const live = await liveFingerprint();

    const result = await restoreTenant({
      target: tp.target,
      tenantId: 'tenant-00003',
      now: () => new Date('2025-07-01T10:00:00Z'),
      logger: tp.logger,
    });
    expect(result.schema).toBe('restore_tenant_00003_20250701100000');
    expect(result.restorePoint).toBe(backup.takenAt);
    expect(await liveFingerprint()).toBe(live);

    for (const t of TABLES) {
      const rows = await tp.query(
        `SELECT tenant_id, count(*)::int n FROM ${result.schema}.${t} GROUP BY 1`,
      );
      expect(rows).toEqual([{ tenant_id: 'tenant-00003', n: expected[t] }]);
      expect(result.tables.find(x => x.source === `public.${t}`)!.rows).toBe(
        expected[t],
      );
    }
    const tenants = await tp.query(`SELECT id FROM ${result.schema}.tenants`);
    expect(tenants).toEqual([{ id: 'tenant-00003' }]);
    expect(expected.orders).toBeGreaterThan(0);
    expect(result.checks.find(c => c.id === 'tenant-rows')!.status).toBe(
      'pass',
    );

    // what support does next: put the orders back from the side schema
    await tp.query(`INSERT INTO orders SELECT * FROM ${result.schema}.orders`);
    const [{ n }] = await tp.query(
      `SELECT count(*)::int n FROM orders WHERE tenant_id = 'tenant-00003'`,
    );
    expect(n).toBe(expected.orders);
    expect(
      await listDatabasesWithPrefix(
        { ...tp.target.primary, database: 'postgres' },
        'ecommerce_',
      ),
    ).toEqual([]);
  });

  it('fails for a tenant that is not in the backup, creating nothing', async () => {
    const before = await sideSchemas();
    await expect(
      restoreTenant({ target: tp.target, tenantId: 'tenant-99999' }),
    ).rejects.toThrow(/Tenant tenant-99999 has no rows in backup/);
    expect(await sideSchemas()).toEqual(before);
    expect(
      await listDatabasesWithPrefix(
        { ...tp.target.primary, database: 'postgres' },
        'ecommerce_',
      ),
    ).toEqual([]);
  });

  it.each([
    "tenant-1'; DROP TABLE orders; --",
    'tenant$(id)',
    '../tenant',
    'Tenant 1',
    '',
  ])('rejects the tenant id %j before any side effect', async tenantId => {
    const spawned = tp.spawned.length;
    await expect(
      restoreTenant({ target: tp.target, tenantId }),
    ).rejects.toThrow(expect.objectContaining({ name: 'InputError' }));
    expect(tp.spawned.length).toBe(spawned);
    const [{ n }] = await tp.query('SELECT count(*)::int n FROM orders');
    expect(n).toBeGreaterThan(0);
  });
});
