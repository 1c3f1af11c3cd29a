import {
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { seedDemoData } from '../__testUtils__/platformHarness';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { startTestPlatform, TestPlatform } from '../__testUtils__/platform';
import { createBackup, CreateBackupResult } from '../backup/createBackup';
import { listDatabasesWithPrefix } from '../postgres/databases';
import { addSpawnListener } from '../process/processRunner';
import { statsKeyFor } from '../backup/backupKey';
import { BackupStats } from '../postgres/tableStats';
import { verifyBackup, VerifyBackupResult } from './verifyBackup';

jest.setTimeout(120_000);

let tp: TestPlatform;
let good: CreateBackupResult;
let goodBytes: Buffer;
let goodMeta: Record<string, string>;

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function put(
  key: string,
  body: Buffer,
  metadata: Record<string, string>,
) {
  await tp.s3.send(
    new PutObjectCommand({
      Bucket: tp.target.s3.bucket,
      Key: key,
      Body: body,
      Metadata: metadata,
    }),
  );
}

beforeAll(async () => {
  tp = await startTestPlatform({ pgbackrest: false });
  await seedDemoData(tp.platform.primary, { tenants: 6 });
  await tp.query('CREATE DATABASE billing', [], 'postgres');
  await tp.query(
    'CREATE TABLE invoices (id int PRIMARY KEY, tenant_id text); INSERT INTO invoices VALUES (1, $$tenant-00001$$)',
    [],
    'billing',
  );
  good = await createBackup({
    target: tp.target,
    now: new Date('2025-05-01T00:00:00Z'),
  });
  const res = await tp.s3.send(
    new GetObjectCommand({ Bucket: tp.target.s3.bucket, Key: good.key }),
  );
  goodBytes = Buffer.from(await res.Body!.transformToByteArray());
  const head = await tp.s3.send(
    new HeadObjectCommand({ Bucket: tp.target.s3.bucket, Key: good.key }),
  );
  goodMeta = head.Metadata!;
});

afterAll(async () => {
  await tp?.stop();
});

function failed(result: VerifyBackupResult): string[] {
  return result.checks.filter(c => c.status === 'fail').map(c => c.id);
}

async function scratchLeft(): Promise<string[]> {
  return listDatabasesWithPrefix(
    { ...tp.target.primary, database: 'postgres' },
    'ecommerce_verify_',
  );
}

describe('verifyBackup', () => {
  it('verifies the newest backup quickly, and fully in a scratch database it then drops', async () => {
    // an older backup with a later key would win if keys were compared
    await createBackup({
      target: tp.target,
      now: new Date('2025-04-30T00:00:00Z'),
    });
    const quick = await verifyBackup({
      target: tp.target,
      mode: 'quick',
      logger: tp.logger,
    });
    expect(quick.key).toBe(good.key);
    expect(quick.status).toBe('pass');
    expect(quick.checks.map(c => `${c.id}:${c.status}`)).toEqual([
      'size:pass',
      'format:pass',
      'toc:pass',
      'database:pass',
      'shape:pass',
      'checksum:pass',
      'archive:pass',
      'restore:skipped',
    ]);
    expect(quick.sha256).toBe(good.sha256);

    const steps: string[] = [];
    const full = await verifyBackup({
      target: tp.target,
      mode: 'full',
      onStep: s => s.status !== 'running' && steps.push(s.id),
    });
    expect(full.status).toBe('pass');
    expect(full.checks.map(c => `${c.id}:${c.status}`)).toEqual([
      'size:pass',
      'format:pass',
      'toc:pass',
      'database:pass',
      'shape:pass',
      'checksum:pass',
      'restore:pass',
      'tables:pass',
      'row-counts:pass',
      'tenant-row-counts:pass',
      'amcheck:pass',
      'cleanup:pass',
    ]);
    expect(full.checks.find(c => c.id === 'tenant-row-counts')!.detail).toMatch(
      /^6 tenants x 5 tables/,
    );
    expect(steps).toEqual([
      'locate',
      'stream',
      'restore',
      'sanity',
      'amcheck',
      'cleanup',
    ]);
    expect(full.expectedShape).toEqual({
      source: 'stats-sidecar',
      from: `statistics recorded with ${good.key}`,
      tables: 6,
    });
    expect(full.scratchDatabase).toMatch(
      /^ecommerce_verify_\d{14}_[0-9a-f]{4}$/,
    );
    expect(await scratchLeft()).toEqual([]);
  });

  const half = () => goodBytes.subarray(0, Math.floor(goodBytes.length / 2));
  const flipped = () => {
    const b = Buffer.from(goodBytes);
    const at = Math.floor(b.length * 0.7);
    b[at] ^= 0x5a;
    return b;
  };

  // each corrupted object is stored under the target's prefix; `meta: 'original'` keeps the good
  // dump's metadata (storage corruption), `meta: 'matching'` records the corrupted bytes' own
  // SHA-256 (a bad dump that was checksummed after the fact)
  const cases: Array<{
    name: string;
    body: () => Promise<Buffer> | Buffer;
    meta: 'original' | 'matching';
    quick: string;
    full: string;
  }> = [
    {
      name: 'truncated',
      body: half,
      meta: 'original',
      quick: 'checksum',
      full: 'checksum',
    },
    {
      name: 'truncated-rechecksummed',
      body: half,
      meta: 'matching',
      quick: 'archive',
      full: 'restore',
    },
    {
      name: 'flipped-byte',
      body: flipped,
      meta: 'original',
      quick: 'checksum',
      full: 'checksum',
    },
    {
      name: 'flipped-byte-rechecksummed',
      body: flipped,
      meta: 'matching',
      quick: 'archive',
      full: 'restore',
    },
    {
      name: 'plain-sql',
      body: () => tp.dump('ecommerce', 'plain'),
      meta: 'matching',
      quick: 'format',
      full: 'format',
    },
    {
      name: 'gzipped-custom',
      body: () => gzipSync(goodBytes),
      meta: 'matching',
      quick: 'format',
      full: 'format',
    },
    {
      name: 'empty',
      body: () => Buffer.alloc(0),
      meta: 'matching',
      quick: 'size',
      full: 'size',
    },
    {
      name: 'wrong-database',
      body: () => tp.dump('billing', 'custom'),
      meta: 'matching',
      quick: 'database',
      full: 'database',
    },
  ];

  it.each(cases)('never reports the $name backup good', async c => {
    const body = await c.body();
    const key = `prod/eu/ecommerce/corrupt/${c.name}.dump`;
    await put(
      key,
      body,
      c.meta === 'original' ? goodMeta : { ...goodMeta, sha256: sha(body) },
    );
    const quick = await verifyBackup({ target: tp.target, mode: 'quick', key });
    const full = await verifyBackup({ target: tp.target, mode: 'full', key });
    expect(quick.status).toBe('fail');
    expect(full.status).toBe('fail');
    expect(failed(quick)).toContain(c.quick);
    expect(failed(full)).toContain(c.full);
    expect(await scratchLeft()).toEqual([]);
  });

  it('says why a gzipped dump and a dump of another database are refused', async () => {
    const gz = await verifyBackup({
      target: tp.target,
      mode: 'full',
      key: 'prod/eu/ecommerce/corrupt/gzipped-custom.dump',
    });
    expect(gz.checks.find(x => x.id === 'format')!.detail).toMatch(
      /^gzip-compressed, not a pg_dump custom archive/,
    );
    const other = await verifyBackup({
      target: tp.target,
      mode: 'full',
      key: 'prod/eu/ecommerce/corrupt/wrong-database.dump',
    });
    expect(other.checks.find(x => x.id === 'database')!.detail).toBe(
      'dump of database billing, expected ecommerce',
    );
    expect(other.scratchDatabase).toBeUndefined(); // refused before creating anything
  });

  it('warns about a backup without a recorded checksum in both modes: neither a silent pass nor a failure', async () => {
    const key = 'prod/eu/ecommerce/corrupt/no-checksum.dump';
    const { sha256: _omit, ...rest } = goodMeta;
    await put(key, goodBytes, rest);
    const statsRes = await tp.s3.send(
      new GetObjectCommand({
        Bucket: tp.target.s3.bucket,
        Key: statsKeyFor(good.key),
      }),
    );
    const statsBody = Buffer.from(await statsRes.Body!.transformToByteArray());
    await put(statsKeyFor(key), statsBody, {});
    for (const mode of ['quick', 'full'] as const) {
      const result = await verifyBackup({ target: tp.target, mode, key });
      expect(result.status).toBe('pass');
      expect(result.warnings).toEqual(['checksum']);
      expect(result.checks.find(c => c.id === 'checksum')).toMatchObject({
        status: 'warn',
        detail: expect.stringMatching(/no SHA-256 recorded/),
      });
    }
    expect(await scratchLeft()).toEqual([]);
  });

  it('fails when the restored rows differ from the statistics recorded at backup time', async () => {
    const key = 'prod/eu/ecommerce/corrupt/rows-missing.dump';
    const statsRes = await tp.s3.send(
      new GetObjectCommand({
        Bucket: tp.target.s3.bucket,
        Key: statsKeyFor(good.key),
      }),
    );
    const stats = JSON.parse(
      await statsRes.Body!.transformToString(),
    ) as BackupStats;
    const payments = stats.tables.find(t => t.name === 'payments')!;
    payments.rows += 3;
    payments.tenantRows!['tenant-00002'] += 3;
    const statsBody = Buffer.from(JSON.stringify(stats));
    await put(statsKeyFor(key), statsBody, {});
    await put(key, goodBytes, { ...goodMeta, 'stats-sha256': sha(statsBody) });
    const full = await verifyBackup({ target: tp.target, mode: 'full', key });
    expect(full.status).toBe('fail');
    expect(full.checks.find(c => c.id === 'row-counts')).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(/public\.payments: \d+ rows, expected \d+/),
    });
    expect(full.checks.find(c => c.id === 'tenant-row-counts')).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('tenant tenant-00002'),
    });
    expect(await scratchLeft()).toEqual([]);
  });

  it('drops the scratch database when aborted mid-restore', async () => {
    const controller = new AbortController();
    let restoring = false;
    const remove = addSpawnListener(r => {
      if (r.args.some(a => a.startsWith('--dbname=ecommerce_verify_'))) {
        restoring = true;
        controller.abort();
      }
    });
    try {
      await expect(
        verifyBackup({
          target: tp.target,
          mode: 'full',
          key: good.key,
          signal: controller.signal,
        }),
      ).rejects.toThrow(expect.objectContaining({ name: 'AbortError' }));
    } finally {
      remove();
    }
    expect(restoring).toBe(true);
    expect(await scratchLeft()).toEqual([]);
  });
});
