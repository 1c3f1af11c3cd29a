import { seedDemoData } from '../__testUtils__/platformHarness';
import { Client } from 'pg';
import { startTestPlatform, TestPlatform } from '../__testUtils__/platform';
import { createBackup } from '../backup/createBackup';
import { restoreDatabase } from './restoreDatabase';
import {
  discardRestoredCopy,
  findRestoredCopy,
  listRestoredCopies,
} from './restoredCopies';
import { restoreTenant } from './restoreTenant';

jest.setTimeout(120_000);

let tp: TestPlatform;

async function databases(): Promise<string[]> {
  const rows = await tp.query(
    `SELECT datname FROM pg_database WHERE datname LIKE 'ecommerce%' ORDER BY 1`,
  );
  return rows.map(r => r.datname);
}

async function schemas(): Promise<string[]> {
  const rows = await tp.query(
    `SELECT nspname FROM pg_namespace WHERE nspname LIKE 'restore\\_%' ORDER BY 1`,
  );
  return rows.map(r => r.nspname);
}

let oldName: string;

beforeAll(async () => {
  tp = await startTestPlatform({ pgbackrest: false, prefix: 'copies-test' });
  await seedDemoData(tp.platform.primary, { tenants: 4, ordersPerTenant: 5 });
  await createBackup({ target: tp.target });
  // one of each kind: a restore, a cut-over (which keeps the old live database), a side schema
  // (the first under a name without the random suffix, as copies made by earlier versions have)
  await restoreDatabase({
    target: tp.target,
    databaseName: 'ecommerce_restore_20260102030405',
    now: () => new Date('2026-01-02T03:04:05Z'),
  });
  const cutOver = await restoreDatabase({
    target: tp.target,
    cutover: true,
    now: () => new Date('2026-01-03T00:00:00Z'),
  });
  oldName = cutOver.cutover!.oldDatabase;
  await restoreTenant({
    target: tp.target,
    tenantId: 'tenant-00002',
    now: () => new Date('2026-01-04T00:00:00Z'),
  });
  // look-alikes that are not restored copies must never be listed or dropped
  await tp.query('CREATE DATABASE ecommerce_restore_notes');
  await tp.query('CREATE SCHEMA restore_notes');
});

afterAll(async () => {
  await tp?.stop();
});

describe('restored copies', () => {
  it('lists restore databases (with the random suffix or without), pre-cut-over databases and tenant side schemas with sizes', async () => {
    expect(oldName).toMatch(/^ecommerce_old_20260103000000_[0-9a-f]{4}$/);
    const copies = await listRestoredCopies({ target: tp.target });
    expect(copies.map(c => [c.kind, c.name, c.database, c.createdAt])).toEqual([
      [
        'restore',
        'ecommerce_restore_20260102030405',
        'ecommerce_restore_20260102030405',
        '2026-01-02T03:04:05Z',
      ],
      ['old', oldName, oldName, '2026-01-03T00:00:00Z'],
      [
        'tenant-restore',
        'restore_tenant_00002_20260104000000',
        'ecommerce',
        '2026-01-04T00:00:00Z',
      ],
    ]);
    for (const c of copies) {
      expect(c.sizeBytes).toBeGreaterThan(0);
    }
    expect(copies[2].tenant).toBe('tenant_00002');
  });

  it('refuses the live database, look-alikes, unknown names and bad identifiers, changing nothing', async () => {
    const before = [await databases(), await schemas()];
    await expect(
      discardRestoredCopy({ target: tp.target, name: 'ecommerce' }),
    ).rejects.toThrow('ecommerce is the live database of ecommerce-eu');
    await expect(
      discardRestoredCopy({
        target: tp.target,
        name: 'ecommerce_restore_notes',
      }),
    ).rejects.toThrow(/No restored copy named ecommerce_restore_notes/);
    await expect(
      discardRestoredCopy({ target: tp.target, name: 'restore_notes' }),
    ).rejects.toThrow(/No restored copy named restore_notes/);
    await expect(
      discardRestoredCopy({ target: tp.target, name: 'public' }),
    ).rejects.toThrow(/No restored copy named public/);
    await expect(
      findRestoredCopy({ target: tp.target, name: 'x"; DROP DATABASE y; --' }),
    ).rejects.toThrow(/Invalid restored copy name/);
    expect([await databases(), await schemas()]).toEqual(before);
  });

  it('drops a side schema, leaving the live tables alone', async () => {
    const [{ n: orders }] = await tp.query(
      'SELECT count(*)::int n FROM orders',
    );
    const res = await discardRestoredCopy({
      target: tp.target,
      name: 'restore_tenant_00002_20260104000000',
      logger: tp.logger,
    });
    expect(res.discarded.kind).toBe('tenant-restore');
    expect(res.steps.map(s => [s.id, s.status])).toEqual([
      ['locate', 'succeeded'],
      ['drop', 'succeeded'],
    ]);
    expect(await schemas()).toEqual(['restore_notes']);
    const [{ n: after }] = await tp.query('SELECT count(*)::int n FROM orders');
    expect(after).toBe(orders);
  });

  it('drops restore and pre-cut-over databases, even with sessions open on them', async () => {
    const session = new Client({
      ...tp.target.primary,
      database: oldName,
    });
    await session.connect();
    session.on('error', () => {});
    await session.query('SELECT 1');
    for (const name of ['ecommerce_restore_20260102030405', oldName]) {
      const res = await discardRestoredCopy({ target: tp.target, name });
      expect(res.discarded.name).toBe(name);
    }
    await session.end().catch(() => {});
    expect(await databases()).toEqual(['ecommerce', 'ecommerce_restore_notes']);
    expect(await listRestoredCopies({ target: tp.target })).toEqual([]);
  });
});
