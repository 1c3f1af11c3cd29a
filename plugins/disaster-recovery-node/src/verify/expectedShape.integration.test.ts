import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { seedDemoData } from '../__testUtils__/platformHarness';
import { startTestPlatform, TestPlatform } from '../__testUtils__/platform';
import { createBackup, CreateBackupResult } from '../backup/createBackup';
import {
  dropDatabaseIfExists,
  listDatabasesWithPrefix,
} from '../postgres/databases';
import { restoreDatabase } from '../restore/restoreDatabase';
import { verifyBackup } from './verifyBackup';

jest.setTimeout(240_000);

let tp: TestPlatform;
let good: CreateBackupResult;
let goodBytes: Buffer;
let otherSchemaBytes: Buffer;
const server = () => ({ ...tp.target.primary, database: 'postgres' });
const WRONG = 'prod/eu/ecommerce/plain/other-schema.dump';
const RIGHT = 'prod/eu/ecommerce/plain/right.dump';

/** Uploads the way the plan's script does: a plain PUT with SSE and no metadata at all. */
async function plainPut(key: string, body: Buffer) {
  await tp.s3.send(
    new PutObjectCommand({
      Bucket: tp.target.s3.bucket,
      Key: key,
      Body: body,
      ServerSideEncryption: 'AES256',
    }),
  );
}

/** Row counts per table and tenant of the live database. */
async function fingerprint(database = 'ecommerce'): Promise<string> {
  return JSON.stringify(
    await tp.query(
      `SELECT 'orders' t, tenant_id, count(*)::int n FROM orders GROUP BY 2
       UNION ALL SELECT 'customers', tenant_id, count(*)::int FROM customers GROUP BY 2
       UNION ALL SELECT 'tenants', id, 1 FROM tenants ORDER BY 1, 2`,
      [],
      database,
    ),
  );
}

const leftovers = () => listDatabasesWithPrefix(server(), 'ecommerce_');

beforeAll(async () => {
  tp = await startTestPlatform({ pgbackrest: false });
  await seedDemoData(tp.platform.primary, { tenants: 6, ordersPerTenant: 30 });
  good = await createBackup({ target: tp.target });
  const got = await tp.s3.send(
    new GetObjectCommand({ Bucket: tp.target.s3.bucket, Key: good.key }),
  );
  goodBytes = Buffer.from(await got.Body!.transformToByteArray());

  // a valid custom-format dump whose table of contents names database ecommerce, of another
  // schema: made in a database of its own, renamed to ecommerce for the dump
  await tp.query('CREATE DATABASE shop_other', [], 'postgres');
  await tp.query(
    `CREATE TABLE accounts (id int PRIMARY KEY, tenant_id text);
     CREATE TABLE ledger (id int PRIMARY KEY, account int REFERENCES accounts, amount numeric);
     INSERT INTO accounts SELECT g, 'tenant-0000' || (g % 6 + 1) FROM generate_series(1, 50) g;
     INSERT INTO ledger SELECT g, g % 50 + 1, g FROM generate_series(1, 200) g`,
    [],
    'shop_other',
  );
  await tp.query(
    'ALTER DATABASE ecommerce RENAME TO ecommerce_live',
    [],
    'postgres',
  );
  await tp.query(
    'ALTER DATABASE shop_other RENAME TO ecommerce',
    [],
    'postgres',
  );
  try {
    otherSchemaBytes = await tp.dump('ecommerce', 'custom');
  } finally {
    await tp.query(
      'ALTER DATABASE ecommerce RENAME TO shop_other',
      [],
      'postgres',
    );
    await tp.query(
      'ALTER DATABASE ecommerce_live RENAME TO ecommerce',
      [],
      'postgres',
    );
  }
  await plainPut(WRONG, otherSchemaBytes);
  await plainPut(RIGHT, goodBytes);
});

afterAll(async () => {
  await tp?.stop();
});

describe('the expected shape of a backup', () => {
  it('fails a valid dump of another schema, uploaded with a plain PUT, in every mode, and never cuts it over', async () => {
    for (const mode of ['quick', 'full'] as const) {
      const result = await verifyBackup({
        target: tp.target,
        mode,
        key: WRONG,
      });
      expect(result.status).toBe('fail');
      expect(result.checks.find(c => c.id === 'database')!.status).toBe('pass');
      expect(result.checks.find(c => c.id === 'shape')).toMatchObject({
        status: 'fail',
        detail: expect.stringMatching(
          /^6 of 6 tables of the live database ecommerce .* are missing from the dump's table of contents: .*public\.orders.*; not expected: public\.accounts, public\.ledger$/,
        ),
      });
      expect(result.expectedShape?.source).toBe('live-catalog');
      expect(result.scratchDatabase).toBeUndefined(); // refused before restoring anything
    }

    const live = await fingerprint();
    await expect(
      restoreDatabase({
        target: tp.target,
        key: WRONG,
        cutover: true,
        acceptWarnings: ['checksum', 'shape', 'row-drift', 'tenant-row-counts'],
      }),
    ).rejects.toThrow(/failed its checks \(shape: 6 of 6 tables/);
    expect(await fingerprint()).toBe(live);
    expect(await leftovers()).toEqual([]);
  });

  it('passes the right dump uploaded with a plain PUT against the live catalog, with its warnings named', async () => {
    for (const mode of ['quick', 'full'] as const) {
      const result = await verifyBackup({
        target: tp.target,
        mode,
        key: RIGHT,
      });
      expect(result.status).toBe('pass');
      expect(result.checks.find(c => c.id === 'shape')).toMatchObject({
        status: 'pass',
        detail: expect.stringMatching(/^all 6 tables in 1 schemas of the live/),
      });
      expect(result.warnings).toContain('checksum');
      expect(result.expectedShape).toMatchObject({ source: 'live-catalog' });
    }
  });

  it('falls back to the previous verified backup when the live database is unreachable, and warns when there is none', async () => {
    const unreachable = {
      ...tp.target,
      primary: { ...tp.target.primary, port: 1 },
    };
    const withPrevious = await verifyBackup({
      target: unreachable,
      mode: 'quick',
      key: RIGHT,
      previousVerifiedKey: good.key,
    });
    expect(withPrevious.checks.find(c => c.id === 'shape')!.status).toBe(
      'pass',
    );
    expect(withPrevious.expectedShape).toMatchObject({
      source: 'previous-verified-backup',
    });
    const wrong = await verifyBackup({
      target: unreachable,
      mode: 'quick',
      key: WRONG,
      previousVerifiedKey: good.key,
    });
    expect(wrong.status).toBe('fail');

    const nothing = await verifyBackup({
      target: unreachable,
      mode: 'quick',
      key: RIGHT,
    });
    expect(nothing.checks.find(c => c.id === 'shape')).toMatchObject({
      status: 'warn',
      detail: expect.stringMatching(
        /live database ecommerce is unreachable.*no previous verified backup/,
      ),
    });
    expect(nothing.warnings).toEqual(expect.arrayContaining(['shape']));
  });

  it('warns about row counts that drifted beyond the tolerance and cuts over only when that is accepted', async () => {
    const before = await fingerprint();
    // the live database lost most orders since the backup: the backup is far from what it expects
    await tp.query(`DELETE FROM orders WHERE tenant_id <> 'tenant-00001'`);
    await tp.query('ANALYZE');
    const accepted = ['checksum', 'tenant-row-counts'];
    await expect(
      restoreDatabase({
        target: tp.target,
        key: RIGHT,
        cutover: true,
        acceptWarnings: accepted,
      }),
    ).rejects.toThrow(
      /Cut-over refused: .*row-drift: \d+ of \d+ tables are not within .*public\.orders: 180 rows, expected about 30/,
    );
    expect(await leftovers()).toEqual([]);

    // a failing tolerance fails the restore itself
    await expect(
      restoreDatabase({
        target: tp.target,
        key: RIGHT,
        rowCountTolerance: { exceeded: 'fail' },
      }),
    ).rejects.toThrow(/failed its checks: row-drift/);

    const result = await restoreDatabase({
      target: tp.target,
      key: RIGHT,
      cutover: true,
      acceptWarnings: [...accepted, 'row-drift'],
    });
    expect(result.acceptedWarnings.map(c => c.id).sort()).toEqual([
      'checksum',
      'row-drift',
      'tenant-row-counts',
    ]);
    expect(await fingerprint()).toBe(before); // the backup's rows are live again
    await dropDatabaseIfExists(server(), result.cutover!.oldDatabase);
    expect(await leftovers()).toEqual([]);
  });
});
