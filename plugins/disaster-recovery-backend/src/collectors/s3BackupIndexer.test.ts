import {
  DeleteObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import {
  backupKeyFor,
  backupPrefixFor,
  DatabaseTarget,
} from '@dr-portal/backstage-plugin-disaster-recovery-node';
import {
  createS3Client,
  Platform,
  startPlatform,
} from '../__testUtils__/platformHarness';
import { BackupStore } from '../database/BackupStore';
import { initializePersistenceContext } from '../database/persistenceContext';
import { backupIndexSource } from './collectorTargets';
import { BackupIndexSource, indexBackups } from './s3BackupIndexer';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** The plan's layout: `<db>_YYYYMMDD_HHMMSS.dump` directly under the prefix. */
function planKey(target: DatabaseTarget, at: Date): string {
  const s = at.toISOString().replace(/[-:]/g, '');
  return `${backupPrefixFor(target)}ecommerce_${s.slice(0, 8)}_${s.slice(
    9,
    15,
  )}.dump`;
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
    client?.destroy();
    await platform?.stop();
  });

  /** A target whose backups live under `<prefix>/ecommerce/`. */
  function target(prefix: string): DatabaseTarget {
    const p = platform.primary;
    return {
      name: prefix,
      primary: {
        host: p.host,
        port: p.port,
        user: p.user,
        database: 'ecommerce',
      },
      s3: { region: platform.s3!.region, bucket, prefix },
    };
  }

  /** The collector's source for a target, counting the HEADs it makes. */
  function source(t: DatabaseTarget): BackupIndexSource & { heads: string[] } {
    const s = backupIndexSource(t, { createClient: () => client });
    const heads: string[] = [];
    return {
      ...s,
      heads,
      head: async key => {
        heads.push(key);
        return s.head(key);
      },
    };
  }

  async function put(
    k: string,
    metadata?: Record<string, string>,
    sse?: { ServerSideEncryption: 'aws:kms'; SSEKMSKeyId: string },
  ) {
    await client.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: k,
        Body: `dump of ${k} ${Math.random()}`,
        Metadata: metadata,
        ...sse,
      }),
    );
  }

  async function remove(k: string) {
    await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: k }));
  }

  async function createStore() {
    const knex = await databases.init('SQLITE_3');
    const { backups } = await initializePersistenceContext(
      mockServices.database({ knex }),
    );
    return backups;
  }

  async function indexedKeys(store: BackupStore, t: DatabaseTarget) {
    const page = await store.listBackups({ targets: [t.name], limit: 1000 });
    return page.items.map(b => b.key);
  }

  it('finds the newest backup by time taken, not by key order, and records encryption', async () => {
    const store = await createStore();
    const t = target('order');
    const oldest = backupKeyFor(t, new Date('2026-01-01T00:00:00Z'));
    const newest = backupKeyFor(t, new Date('2026-01-02T00:00:00Z'));
    const lastByKey = backupKeyFor(t, new Date('2026-01-03T00:00:00Z'));
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
      new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: backupPrefixFor(t),
        MaxKeys: 1,
      }),
    );
    expect(planLatest.Contents?.[0].Key).toBe(oldest);

    const result = await indexBackups(source(t), store);
    expect(result).toMatchObject({ listed: 3, indexed: 3, fullRescan: true });

    const page = await store.listBackups({ targets: [t.name] });
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
    const evidence = await store.getBackupEvidence(t.name);
    expect(evidence.newest[0].key).toBe(newest);
  });

  it('indexes on the next pass a key that sorts before every indexed one, in any layout', async () => {
    const store = await createStore();
    const t = target('early');
    const now = Date.now();
    const recent = [1, 2, 3].map(h =>
      backupKeyFor(t, new Date(now - h * HOUR)),
    );
    for (const k of recent) await put(k);
    const first = await indexBackups(source(t), store);
    expect(first.fullRescan).toBe(true);
    expect(first.indexed).toBe(3);

    const late = [
      // The product's layout: an earlier stamp in an open day, sorting before all three.
      backupKeyFor(t, new Date(now - 30 * HOUR)),
      // The plan's layout, flat under the prefix (re-listed on every pass).
      planKey(t, new Date(now - 2 * HOUR)),
      // Arbitrary names, in folders of their own, sorting first.
      `${backupPrefixFor(t)}0-manual/before-upgrade.dump`,
      `${backupPrefixFor(t)}-adhoc.dump`,
    ];
    for (const k of late) await put(k);
    const next = await indexBackups(source(t), store);
    expect(next).toMatchObject({ fullRescan: false, indexed: 4, deleted: 0 });
    expect((await indexedKeys(store, t)).sort()).toEqual(
      [...recent, ...late].sort(),
    );
    // The plan's key has no metadata: its stamp says when it was taken.
    const plan = (await store.listBackups({ targets: [t.name] })).items.find(
      b => b.key === late[1],
    );
    expect(plan?.takenAt).toBe(
      new Date(Math.floor((now - 2 * HOUR) / 1000) * 1000).toISOString(),
    );
  });

  it('drops a deleted object from the index on the next pass, so it is never cited as newest', async () => {
    const store = await createStore();
    const t = target('gone');
    const now = Date.now();
    const older = backupKeyFor(t, new Date(now - 5 * HOUR));
    const newest = backupKeyFor(t, new Date(now - HOUR));
    const flat = planKey(t, new Date(now - 3 * HOUR));
    const named = `${backupPrefixFor(t)}manual/nightly.dump`;
    for (const k of [older, newest, flat, named]) await put(k);
    await indexBackups(source(t), store);
    // `nightly.dump` has no stamp and no metadata: taken when uploaded, the newest.
    expect(
      (await store.getBackupEvidence(t.name)).newest.map(b => b.key),
    ).toEqual([named, newest, flat, older]);

    for (const k of [newest, flat, named]) await remove(k);
    const next = await indexBackups(source(t), store);
    expect(next).toMatchObject({ fullRescan: false, deleted: 3, indexed: 0 });
    expect(await indexedKeys(store, t)).toEqual([older]);
    expect((await store.getBackupEvidence(t.name)).newest[0].key).toBe(older);

    // Uploaded again: indexed again.
    await put(newest);
    await indexBackups(source(t), store);
    expect((await store.getBackupEvidence(t.name)).newest[0].key).toBe(newest);
  });

  it('leaves sealed date partitions to the full rescan, which HEADs only new or changed objects', async () => {
    const store = await createStore();
    const t = target('sealed');
    const now = Date.now();
    const old = [10, 11, 12].map(d => backupKeyFor(t, new Date(now - d * DAY)));
    const open = backupKeyFor(t, new Date(now - HOUR));
    for (const k of [...old, open]) await put(k);
    const src = source(t);
    const first = await indexBackups(src, store);
    expect(first).toMatchObject({ fullRescan: true, headed: 4, indexed: 4 });

    // An incremental pass lists only what can still receive backups, and reads nothing unchanged.
    src.heads.length = 0;
    const idle = await indexBackups(src, store);
    expect(idle).toMatchObject({ fullRescan: false, headed: 0, indexed: 0 });
    expect(idle.listed).toBe(1);
    expect(src.heads).toEqual([]);

    // A late upload into, and a deletion from, a partition 11 days old: not seen incrementally.
    const lateOld = backupKeyFor(t, new Date(now - 11 * DAY - HOUR));
    await put(lateOld);
    await remove(old[2]);
    const incremental = await indexBackups(src, store);
    expect(incremental).toMatchObject({ indexed: 0, deleted: 0 });

    // The full rescan sees both; of the unchanged objects it reads none, of a rewritten one it
    // reads that one (its ETag and LastModified changed).
    await put(old[0]);
    src.heads.length = 0;
    const full = await indexBackups(src, store, { fullRescan: true });
    expect(full).toMatchObject({
      fullRescan: true,
      listed: 4,
      headed: 2,
      indexed: 2,
      deleted: 1,
    });
    expect(src.heads.sort()).toEqual([old[0], lateOld].sort());
    expect((await indexedKeys(store, t)).sort()).toEqual(
      [old[0], old[1], lateOld, open].sort(),
    );

    src.heads.length = 0;
    const again = await indexBackups(src, store, { fullRescan: true });
    expect(again).toMatchObject({ listed: 4, headed: 0, deleted: 0 });
  });

  it('indexes an upload once it is published, whatever the order of its keys', async () => {
    const store = await createStore();
    const t = target('flight');
    const now = Date.now();
    const done = backupKeyFor(t, new Date(now - 2 * HOUR));
    const pending = backupKeyFor(t, new Date(now - HOUR));
    await put(done);
    await put(`${pending}.partial`);
    await put(`${done.replace(/\.dump$/, '')}.stats.json`);

    const first = await indexBackups(source(t), store);
    expect(first.indexed).toBe(1);

    // The upload finishes: the final key sorts before the `.partial` key that was listed.
    await put(pending);
    await remove(`${pending}.partial`);
    const second = await indexBackups(source(t), store);
    expect(second).toMatchObject({ indexed: 1, deleted: 0 });
    expect(await indexedKeys(store, t)).toEqual([pending, done]);
  });

  it('keeps the cross-region copies a pass over the source bucket does not list, and drops rows of a former bucket', async () => {
    const store = await createStore();
    const copyBucket = platform.s3!.copyBucket!;
    const t: DatabaseTarget = {
      ...target('copied'),
      s3: {
        ...target('copied').s3,
        copyTo: { bucket: copyBucket, region: platform.s3!.copyRegion! },
      },
    };
    const key = backupKeyFor(t, new Date(Date.now() - HOUR));
    await put(key);
    await indexBackups(source(t), store);
    // The backup operation copies the backup to the other region and indexes the copy there.
    await client.send(
      new PutObjectCommand({ Bucket: copyBucket, Key: key, Body: 'copy' }),
    );
    const row = (await store.listBackups({ targets: [t.name] })).items[0];
    const indexed = {
      target: t.name,
      key,
      sizeBytes: row.sizeBytes,
      takenAt: new Date(row.takenAt),
      lastModified: new Date(),
    };
    await store.upsertBackups([
      { ...indexed, bucket: copyBucket, region: platform.s3!.copyRegion },
      // What the index held from before the target moved to this bucket.
      { ...indexed, bucket: 'dr-backups-former', region: t.s3.region },
    ]);
    const buckets = async () =>
      (await store.listBackups({ targets: [t.name] })).items
        .map(b => b.bucket)
        .sort();

    const incremental = await indexBackups(source(t), store);
    expect(incremental).toMatchObject({ fullRescan: false, deleted: 0 });
    expect(await buckets()).toEqual(
      [bucket, copyBucket, 'dr-backups-former'].sort(),
    );

    const full = await indexBackups(source(t), store, { fullRescan: true });
    expect(full).toMatchObject({ fullRescan: true, deleted: 1 });
    expect(await buckets()).toEqual([bucket, copyBucket].sort());
  });
});
