import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
} from '@aws-sdk/client-s3';
import { seedDemoData } from '../__testUtils__/platformHarness';
import { createHash } from 'node:crypto';
import { Client } from 'pg';
import { startTestPlatform, TestPlatform } from '../__testUtils__/platform';
import { statsKeyFor } from './backupKey';
import { createBackup } from './createBackup';
import { BackupStats, collectTableStats } from '../postgres/tableStats';

// the real statistics, replaceable in one test to inject a failure of that query alone
jest.mock('../postgres/tableStats', () => {
  const actual = jest.requireActual('../postgres/tableStats');
  return { ...actual, collectTableStats: jest.fn(actual.collectTableStats) };
});

jest.setTimeout(120_000);

let tp: TestPlatform;

beforeAll(async () => {
  tp = await startTestPlatform({ pgbackrest: false, prefix: 'backup-test' });
  await seedDemoData(tp.platform.primary, { tenants: 8 });
});

afterAll(async () => {
  await tp?.stop();
});

async function keysUnderPrefix(): Promise<string[]> {
  const res = await tp.s3.send(
    new ListObjectsV2Command({
      Bucket: tp.target.s3.bucket,
      Prefix: 'backup-test/',
    }),
  );
  return (res.Contents ?? []).map(o => o.Key!).sort();
}

async function getBytes(key: string): Promise<Buffer> {
  const res = await tp.s3.send(
    new GetObjectCommand({ Bucket: tp.target.s3.bucket, Key: key }),
  );
  return Buffer.from(await res.Body!.transformToByteArray());
}

describe('createBackup', () => {
  it('streams a custom-format dump into the store with its SHA-256 and metadata', async () => {
    const steps: string[] = [];
    const now = new Date('2025-06-01T02:03:04Z');
    const result = await createBackup({
      target: tp.target,
      now,
      logger: tp.logger,
      onStep: s => steps.push(`${s.id}:${s.status}`),
    });
    expect(result.key).toBe(
      'backup-test/ecommerce/2025/06/01/ecommerce_20250601T020304Z.dump',
    );
    expect(result.takenAt).toBe(now.toISOString());
    expect(result.compressionLevel).toBe(1);
    expect(steps).toEqual([
      'snapshot:running',
      'snapshot:succeeded',
      'dump-upload:running',
      'dump-upload:succeeded',
      'stats:running',
      'stats:succeeded',
      'publish:running',
      'publish:succeeded',
    ]);

    const head = await tp.s3.send(
      new HeadObjectCommand({ Bucket: tp.target.s3.bucket, Key: result.key }),
    );
    expect(head.Metadata).toMatchObject({
      sha256: result.sha256,
      database: 'ecommerce',
      'taken-at': now.toISOString(),
      'dump-format': 'custom',
      compression: 'zlib:1',
      target: 'ecommerce-eu',
    });
    expect(head.Metadata!['server-version']).toMatch(/^15\./);
    expect(Number(head.Metadata!['duration-ms'])).toBeGreaterThan(0);
    expect(head.ContentLength).toBe(result.sizeBytes);

    const body = await getBytes(result.key);
    expect(body.subarray(0, 5).toString('latin1')).toBe('PGDMP');
    expect(createHash('sha256').update(body).digest('hex')).toBe(result.sha256);

    // statistics from the dump's own snapshot
    const stats = JSON.parse(
      (await getBytes(statsKeyFor(result.key))).toString(),
    ) as BackupStats;
    expect(
      createHash('sha256').update(JSON.stringify(stats)).digest('hex'),
    ).toBe(head.Metadata!['stats-sha256']);
    const orders = stats.tables.find(t => t.name === 'orders')!;
    const [{ n }] = await tp.query('SELECT count(*)::int AS n FROM orders');
    expect(orders.rows).toBe(n);
    expect(Object.keys(orders.tenantRows!)).toHaveLength(8);

    // no unfinished upload left behind
    expect(await keysUnderPrefix()).toEqual([
      result.key,
      statsKeyFor(result.key),
    ]);
  });

  it('takes the dump and the statistics from one snapshot while writes go on', async () => {
    const writer = new Client({ ...tp.target.primary });
    await writer.connect();
    let stop = false;
    const writes = (async () => {
      while (!stop) {
        await writer.query(
          `INSERT INTO customers (id, tenant_id, name, email)
           SELECT gen_random_uuid(), tenant_id, name, 'w' || random() || email FROM customers LIMIT 5`,
        );
      }
    })();
    try {
      const result = await createBackup({
        target: tp.target,
        now: new Date('2025-06-02T00:00:00Z'),
      });
      const stats = JSON.parse(
        (await getBytes(statsKeyFor(result.key))).toString(),
      ) as BackupStats;
      const customers = stats.tables.find(t => t.name === 'customers')!;
      expect(customers.rows).toBe(
        Object.values(customers.tenantRows!).reduce((a, b) => a + b, 0),
      );
    } finally {
      stop = true;
      await writes;
      await writer.end();
    }
  });

  it('publishes nothing when aborted mid-dump', async () => {
    const before = await keysUnderPrefix();
    const controller = new AbortController();
    await expect(
      createBackup({
        target: tp.target,
        now: new Date('2025-06-03T00:00:00Z'),
        signal: controller.signal,
        onStep: s => {
          if (s.id === 'dump-upload' && s.status === 'running') {
            setTimeout(() => controller.abort(), 5);
          }
        },
      }),
    ).rejects.toThrow(expect.objectContaining({ name: 'AbortError' }));
    expect(await keysUnderPrefix()).toEqual(before);
  });

  it('publishes nothing when the tables cannot be locked, and says why', async () => {
    const before = await keysUnderPrefix();
    const locker = new Client({ ...tp.target.primary });
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE payments IN ACCESS EXCLUSIVE MODE');
    try {
      await expect(
        createBackup({
          target: tp.target,
          now: new Date('2025-06-04T00:00:00Z'),
          lockWaitTimeoutSeconds: 1,
        }),
      ).rejects.toThrow(/lock timeout/);
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }
    expect(await keysUnderPrefix()).toEqual(before);
  });

  it('publishes nothing when pg_dump fails', async () => {
    const before = await keysUnderPrefix();
    await expect(
      createBackup({
        target: { ...tp.target, pgBinDir: '/nonexistent/bin' },
        now: new Date('2025-06-05T00:00:00Z'),
      }),
    ).rejects.toThrow(/pg_dump could not be started/);
    expect(await keysUnderPrefix()).toEqual(before);
  });

  it('fails, and publishes nothing, when the row statistics cannot be collected', async () => {
    const before = await keysUnderPrefix();
    // the statistics query is the only part replaced: pg_dump, the store and the cleanup are real
    (collectTableStats as jest.Mock).mockRejectedValueOnce(
      new Error('canceling statement due to timeout'),
    );
    await expect(
      createBackup({
        target: tp.target,
        now: new Date('2025-06-06T00:00:00Z'),
      }),
    ).rejects.toThrow(
      "Row statistics could not be collected in the dump's snapshot: canceling statement due to timeout",
    );
    expect(await keysUnderPrefix()).toEqual(before);
    // without statistics, asked for, the same backup succeeds
    const res = await createBackup({
      target: tp.target,
      now: new Date('2025-06-06T00:00:00Z'),
      collectStats: false,
    });
    expect(res.statsKey).toBeUndefined();
  });

  it('rejects bad options before touching anything', async () => {
    const spawnedBefore = tp.spawned.length;
    await expect(
      createBackup({ target: tp.target, compressionLevel: 12 }),
    ).rejects.toThrow(/compressionLevel/);
    await expect(
      createBackup({ target: tp.target, partSizeBytes: 1024 }),
    ).rejects.toThrow(/partSizeBytes/);
    await expect(
      createBackup({ target: tp.target, source: 'standby' }),
    ).rejects.toThrow(/no standby/);
    expect(tp.spawned.length).toBe(spawnedBefore);
  });
});
