import {
  DeleteObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import {
  createS3Client,
  Platform,
  startPlatform,
} from '@internal/platform-harness';
import { initializePersistenceContext } from '../database/persistenceContext';
import { BackupIndexSource, indexBackups } from './s3BackupIndexer';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

/**
 * Keys in these tests use digits, lower-case letters, `/`, `_` and `.` in the product's layout
 * (`<db>/YYYY/MM/DD/<db>_<stamp>.dump`): for such keys the emulator (fauxqs) lists in the same
 * order as real S3 (byte order). For mixed-case or other punctuation its order differs — that is
 * the emulator's behaviour, not S3's, and the indexer relies only on S3's.
 */
function key(db: string, at: Date, suffix = '.dump'): string {
  const iso = at.toISOString();
  const stamp = iso.replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  return `${db}/${iso.slice(0, 4)}/${iso.slice(5, 7)}/${iso.slice(
    8,
    10,
  )}/${db}_${stamp}${suffix}`;
}

describe('indexBackups against the object store', () => {
  let platform: Platform;
  let client: S3Client;
  let bucket: string;

  beforeAll(async () => {
    platform = await startPlatform({
      standby: false,
      pgbouncer: false,
      pgbackrest: false,
    });
    client = createS3Client(platform.s3!);
    bucket = platform.s3!.bucket;
  });

  afterAll(async () => {
    await platform?.stop();
  });

  async function put(
    k: string,
    metadata?: Record<string, string>,
    sse?: { ServerSideEncryption: 'aws:kms'; SSEKMSKeyId: string },
  ) {
    await client.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: k,
        Body: `dump of ${k}`,
        Metadata: metadata,
        ...sse,
      }),
    );
  }

  async function createStore() {
    const knex = await databases.init('SQLITE_3');
    const { backups } = await initializePersistenceContext(
      mockServices.database({ knex }),
    );
    return backups;
  }

  function source(db: string): BackupIndexSource {
    return {
      target: db,
      client,
      bucket,
      prefix: `${db}/`,
      region: 'us-east-1',
      isBackupKey: k => !k.endsWith('.partial') && !k.endsWith('.stats.json'),
      isInFlightKey: k => k.endsWith('.partial'),
    };
  }

  it('finds the newest backup by time taken, not by key order', async () => {
    const store = await createStore();
    const oldest = key('shop', new Date('2026-01-01T00:00:00Z'));
    const newest = key('shop', new Date('2026-01-02T00:00:00Z'));
    const lastByKey = key('shop', new Date('2026-01-03T00:00:00Z'));
    // Lexicographically first = oldest (no metadata: time from the key stamp).
    await put(oldest);
    // Taken last (metadata), though its key sorts in the middle: e.g. a re-uploaded dump.
    await put(
      newest,
      {
        'taken-at': '2026-01-05T00:00:00.000Z',
        sha256: 'AB'.repeat(32),
        'duration-ms': '1500',
      },
      { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: 'alias/backups' },
    );
    await put(lastByKey, { 'taken-at': '2026-01-03T00:00:00.000Z' });

    // The plan's "latest backup" (list_objects_v2 MaxKeys=1) is the oldest one.
    const planLatest = await client.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: 'shop/', MaxKeys: 1 }),
    );
    expect(planLatest.Contents?.[0].Key).toBe(oldest);

    const result = await indexBackups(source('shop'), store);
    expect(result).toMatchObject({ listed: 3, indexed: 3, fullRescan: true });

    const page = await store.listBackups({ targets: ['shop'] });
    expect(page.items.map(b => b.key)).toEqual([newest, lastByKey, oldest]);
    expect(page.items[0]).toMatchObject({
      takenAt: '2026-01-05T00:00:00.000Z',
      sha256: 'ab'.repeat(32),
      durationSeconds: 1.5,
      bucket,
      serverSideEncryption: 'aws:kms',
    });
    // Written without an encryption header: the store reports its default (SSE-S3), as S3 does.
    expect(page.items[2]).toMatchObject({
      takenAt: '2026-01-01T00:00:00.000Z',
      serverSideEncryption: 'AES256',
    });
    const evidence = await store.getBackupEvidence('shop');
    expect(evidence.newest[0].key).toBe(newest);
    expect(evidence.newest[0].region).toBe('us-east-1');
  });

  it('lists only the keys after the last indexed one on a rescan, everything on a full rescan', async () => {
    const store = await createStore();
    const start = Date.UTC(2026, 1, 1);
    const at = (hours: number) => new Date(start + hours * 3600_000);
    for (let h = 1; h <= 30; h++) await put(key('inc', at(h)));

    const first = await indexBackups(source('inc'), store, { pageSize: 10 });
    expect(first).toMatchObject({ listed: 30, indexed: 30, listRequests: 3 });
    expect(first.lastKey).toBe(key('inc', at(30)));

    // Nothing new: one request, nothing listed.
    const idle = await indexBackups(source('inc'), store, { pageSize: 10 });
    expect(idle).toMatchObject({
      listed: 0,
      indexed: 0,
      listRequests: 1,
      startAfter: key('inc', at(30)),
      fullRescan: false,
    });

    for (let h = 31; h <= 33; h++) await put(key('inc', at(h)));
    // A key that sorts before the cursor is not listed by an incremental run.
    const late = key('inc', at(0));
    await put(late);

    const rescan = await indexBackups(source('inc'), store, { pageSize: 10 });
    expect(rescan).toMatchObject({ listed: 3, indexed: 3, listRequests: 1 });
    expect(rescan.lastKey).toBe(key('inc', at(33)));
    expect((await store.listBackups({ targets: ['inc'] })).totalItems).toBe(33);

    // The periodic full rescan catches it, and marks deleted objects as gone.
    await client.send(
      new DeleteObjectCommand({ Bucket: bucket, Key: key('inc', at(5)) }),
    );
    const full = await indexBackups(source('inc'), store, {
      pageSize: 10,
      fullRescan: true,
    });
    expect(full).toMatchObject({ listed: 33, indexed: 33, deleted: 1 });
    const page = await store.listBackups({ targets: ['inc'], limit: 100 });
    expect(page.totalItems).toBe(33);
    expect(page.items.map(b => b.key)).toContain(late);
    expect(page.items.map(b => b.key)).not.toContain(key('inc', at(5)));
    expect((await store.getIndexCursor('inc'))?.lastFullScanAt).toBeDefined();
  });

  it('does not move the cursor past an upload in flight', async () => {
    const store = await createStore();
    const done = key('flight', new Date('2026-03-01T00:00:00Z'));
    const pending = key('flight', new Date('2026-03-02T00:00:00Z'));
    await put(done);
    await put(`${pending}.partial`);

    const first = await indexBackups(source('flight'), store);
    expect(first.indexed).toBe(1);
    expect(first.lastKey).toBe(done);

    // The upload finishes: the final key sorts before the `.partial` key that was listed.
    await put(pending);
    await client.send(
      new DeleteObjectCommand({ Bucket: bucket, Key: `${pending}.partial` }),
    );
    const second = await indexBackups(source('flight'), store);
    expect(second).toMatchObject({
      indexed: 1,
      startAfter: done,
      lastKey: pending,
    });
    expect(
      (await store.listBackups({ targets: ['flight'] })).items.map(b => b.key),
    ).toEqual([pending, done]);
  });
});
