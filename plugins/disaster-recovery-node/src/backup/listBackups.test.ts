import { PutObjectCommand } from '@aws-sdk/client-s3';
import { startTestPlatform, TestPlatform } from '../__testUtils__/platform';
import { findNewestBackup, listBackupObjects } from './listBackups';
import { DatabaseTarget } from '../target/target';

jest.setTimeout(120_000);

let tp: TestPlatform;

beforeAll(async () => {
  tp = await startTestPlatform({ pgbackrest: false });
});

afterAll(async () => {
  await tp?.stop();
});

function targetWithPrefix(prefix: string): DatabaseTarget {
  return { ...tp.target, s3: { ...tp.target.s3, prefix } };
}

async function put(key: string, takenAt?: string) {
  await tp.s3.send(
    new PutObjectCommand({
      Bucket: tp.target.s3.bucket,
      Key: key,
      Body: Buffer.from(`dump ${key}`),
      Metadata: takenAt ? { 'taken-at': takenAt } : undefined,
    }),
  );
}

describe('findNewestBackup', () => {
  it('picks the newest by taken-at when the lexicographically first key is the oldest', async () => {
    const t = targetWithPrefix('newest-a');
    await put('newest-a/ecommerce/a_backup.dump', '2020-01-01T00:00:00Z');
    await put('newest-a/ecommerce/b_backup.dump', '2021-01-01T00:00:00Z');
    await put('newest-a/ecommerce/c_backup.dump', '2024-06-30T00:00:00Z');
    const newest = await findNewestBackup(t, { client: tp.s3, pageSize: 1 });
    expect(newest.key).toBe('newest-a/ecommerce/c_backup.dump');
    expect(newest.takenAtSource).toBe('metadata');
  });

  it('picks the newest by taken-at when the lexicographically first key is the newest', async () => {
    const t = targetWithPrefix('newest-b');
    await put('newest-b/ecommerce/a_backup.dump', '2024-06-30T00:00:00Z');
    await put('newest-b/ecommerce/b_backup.dump', '2021-01-01T00:00:00Z');
    await put('newest-b/ecommerce/c_backup.dump', '2020-01-01T00:00:00Z');
    // what the plan's script does: MaxKeys=1 returns the first key, here by luck the newest;
    // with paging one key at a time we must still see every page
    const newest = await findNewestBackup(t, { client: tp.s3, pageSize: 1 });
    expect(newest.key).toBe('newest-b/ecommerce/a_backup.dump');
    expect(newest.takenAt.toISOString()).toBe('2024-06-30T00:00:00.000Z');
  });

  it('falls back to LastModified when there is no taken-at metadata, never to key order', async () => {
    const t = targetWithPrefix('newest-c');
    await put('newest-c/ecommerce/z_first_written.dump');
    await new Promise(r => setTimeout(r, 1100));
    await put('newest-c/ecommerce/a_last_written.dump');
    const newest = await findNewestBackup(t, { client: tp.s3, pageSize: 1 });
    expect(newest.key).toBe('newest-c/ecommerce/a_last_written.dump');
    expect(newest.takenAtSource).toBe('last-modified');
  });

  it("takes the time from the plan's key stamp when there is no metadata, not from the upload", async () => {
    const t = targetWithPrefix('newest-d');
    // The plan's layout, uploaded with a plain PUT: the older dump is uploaded last.
    await put('newest-d/ecommerce/ecommerce_20251202_073000.dump');
    await put('newest-d/ecommerce/ecommerce_20251201_073000.dump');
    await put('newest-d/ecommerce/nightly.dump');
    const newest = await findNewestBackup(t, { client: tp.s3, pageSize: 1 });
    // `nightly.dump` has no stamp: its time is its upload, which is later than both stamps.
    expect(newest.key).toBe('newest-d/ecommerce/nightly.dump');
    expect(newest.takenAtSource).toBe('last-modified');

    const u = targetWithPrefix('newest-e');
    await put('newest-e/ecommerce/ecommerce_20251202_073000.dump');
    await put('newest-e/ecommerce/ecommerce_20251201_073000.dump');
    const stamped = await findNewestBackup(u, { client: tp.s3, pageSize: 1 });
    expect(stamped.key).toBe(
      'newest-e/ecommerce/ecommerce_20251202_073000.dump',
    );
    expect(stamped.takenAtSource).toBe('key');
    expect(stamped.takenAt.toISOString()).toBe('2025-12-02T07:30:00.000Z');
  });

  it('lists every page, skipping sidecars, partial uploads and other prefixes', async () => {
    const t = targetWithPrefix('paged');
    for (let i = 0; i < 7; i++) {
      await put(
        `paged/ecommerce/2025/01/0${i + 1}/ecommerce_${i}.dump`,
        `2025-01-0${i + 1}T00:00:00Z`,
      );
    }
    await put('paged/ecommerce/2025/01/09/ecommerce_9.stats.json');
    await put('paged/ecommerce/2025/01/09/ecommerce_9.dump.partial');
    await put('paged/ecommerce_other/x.dump');
    const listed = await listBackupObjects(t, { client: tp.s3, pageSize: 2 });
    expect(listed.map(l => l.key).sort()).toEqual(
      Array.from(
        { length: 7 },
        (_, i) => `paged/ecommerce/2025/01/0${i + 1}/ecommerce_${i}.dump`,
      ),
    );
    const newest = await findNewestBackup(t, { client: tp.s3, pageSize: 2 });
    expect(newest.key).toBe('paged/ecommerce/2025/01/07/ecommerce_6.dump');
  });

  it('says so when there is no backup', async () => {
    await expect(
      findNewestBackup(targetWithPrefix('empty'), { client: tp.s3 }),
    ).rejects.toThrow(expect.objectContaining({ name: 'NotFoundError' }));
  });
});
