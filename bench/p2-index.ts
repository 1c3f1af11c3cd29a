/*
 * P2: indexing N backup objects from the object store into the evidence store, against a raw
 * ListObjectsV2 pagination of the same keys, and a rescan after 1 % new keys.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/p2-index.ts [N]
 *
 * Starts a harness platform (PostgreSQL primary + fauxqs object store), uploads N objects in the
 * product's key layout with its metadata, then measures (all in the same run):
 *   1. raw listing: ListObjectsV2 pages of 1,000 until the end (no HEAD, no database);
 *   2. full index: `indexBackups` (listing + HEAD per object for checksum/taken-at/SSE + upsert
 *      into PostgreSQL), as the collector's first run does;
 *   3. 1 % new keys uploaded, then the incremental rescan (StartAfter = last key) against a raw
 *      full listing and a full re-index of the same N × 1.01 keys.
 * Prints figures and ratios; asserts nothing.
 */
import {
  PutObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import knexFactory from 'knex';
import {
  backupKeyFor,
  DatabaseTarget,
  formatBackupMetadata,
} from '@dr-portal/backstage-plugin-disaster-recovery-node';
import {
  createS3Client,
  pgConnectionConfig,
  startPlatform,
} from '@internal/platform-harness';
import { initializePersistenceContext } from '@dr-portal/backstage-plugin-disaster-recovery-backend';
import { indexBackups } from '../plugins/disaster-recovery-backend/src/collectors/s3BackupIndexer';
import { backupIndexSource } from '../plugins/disaster-recovery-backend/src/collectors/collectorTargets';

const N = Number(process.argv[2] ?? process.env.P2_KEYS ?? 100_000);
const UPLOAD_CONCURRENCY = 32;

function seconds(ms: number) {
  return `${(ms / 1000).toFixed(2)} s`;
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = process.hrtime.bigint();
  const value = await fn();
  return [value, Number(process.hrtime.bigint() - start) / 1e6];
}

async function upload(
  client: S3Client,
  bucket: string,
  keys: string[],
  at: Date[],
) {
  let next = 0;
  await Promise.all(
    Array.from({ length: UPLOAD_CONCURRENCY }, async () => {
      while (next < keys.length) {
        const i = next++;
        await client.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: keys[i],
            Body: `dump ${i}`,
            ServerSideEncryption: 'AES256',
            Metadata: formatBackupMetadata({
              sha256: i.toString(16).padStart(64, '0'),
              takenAt: at[i].toISOString(),
              durationMs: 1000 + (i % 5000),
              database: 'ecommerce',
              dumpFormat: 'custom',
            }),
          }),
        );
      }
    }),
  );
}

async function rawList(client: S3Client, bucket: string, prefix: string) {
  let token: string | undefined;
  let keys = 0;
  let requests = 0;
  do {
    const page = await client.send(
      new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: prefix,
        MaxKeys: 1000,
        ContinuationToken: token,
      }),
    );
    requests += 1;
    keys += page.Contents?.length ?? 0;
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return { keys, requests };
}

async function main() {
  const platform = await startPlatform({
    standby: false,
    pgbouncer: false,
    pgbackrest: false,
  });
  const knex = knexFactory({
    client: 'pg',
    connection: pgConnectionConfig(platform.primary, 'postgres'),
  });
  try {
    await knex.raw('DROP DATABASE IF EXISTS bench_p2');
    await knex.raw('CREATE DATABASE bench_p2');
    const storeDb = knexFactory({
      client: 'pg',
      connection: pgConnectionConfig(platform.primary, 'bench_p2'),
      pool: { min: 1, max: 10 },
    });
    const { backups: store } = await initializePersistenceContext({
      getClient: async () => storeDb,
    });
    const s3 = platform.s3!;
    const target: DatabaseTarget = {
      name: 'bench',
      primary: { ...platform.primary },
      s3: {
        endpoint: s3.endpoint,
        region: s3.region,
        bucket: s3.bucket,
        prefix: 'bench',
        accessKeyId: s3.accessKeyId,
        secretAccessKey: s3.secretAccessKey,
        forcePathStyle: true,
      },
    };
    const client = createS3Client(s3);
    const source = backupIndexSource(target, { createClient: () => client });

    // One backup every 15 minutes, going back from now: keys in time order, as the product
    // writes them (and as real S3 and the emulator both list them).
    const newCount = Math.max(1, Math.round(N / 100));
    const start = Date.now() - (N + newCount + 1) * 15 * 60_000;
    const at = Array.from(
      { length: N },
      (_, i) => new Date(start + i * 15 * 60_000),
    );
    const keys = at.map(d => backupKeyFor(target, d));
    console.log(
      `P2: ${N.toLocaleString(
        'en-US',
      )} backup objects in fauxqs, evidence store in PostgreSQL 15`,
    );
    const [, uploadMs] = await timed(() => upload(client, s3.bucket, keys, at));
    console.log(
      `upload (setup, ${UPLOAD_CONCURRENCY} in flight): ${seconds(
        uploadMs,
      )} (${Math.round(N / (uploadMs / 1000))} objects/s)`,
    );

    const [list1, listMs] = await timed(() =>
      rawList(client, s3.bucket, source.prefix),
    );
    const [full, fullMs] = await timed(() =>
      indexBackups(source, store, { fullRescan: true }),
    );
    const [count] = await storeDb('dr_backups').count({ c: '*' });

    const newAt = Array.from(
      { length: newCount },
      (_, i) => new Date(start + (N + i) * 15 * 60_000),
    );
    const newKeys = newAt.map(d => backupKeyFor(target, d));
    await upload(client, s3.bucket, newKeys, newAt);

    const [rescan, rescanMs] = await timed(() => indexBackups(source, store));
    const [list2, list2Ms] = await timed(() =>
      rawList(client, s3.bucket, source.prefix),
    );
    const [refull, refullMs] = await timed(() =>
      indexBackups(source, store, { fullRescan: true }),
    );
    const newest = await store.listBackups({ targets: ['bench'], limit: 1 });

    console.log('');
    console.log(
      `raw ListObjectsV2, ${list1.keys} keys:        ${seconds(listMs)} (${
        list1.requests
      } requests)`,
    );
    console.log(
      `full index (list + HEAD + upsert):     ${seconds(fullMs)} (${
        full.indexed
      } indexed, ${Number(count.c)} rows; ${Math.round(
        full.indexed / (fullMs / 1000),
      )} objects/s)`,
    );
    console.log(
      `  ratio full index / raw listing:      ${(fullMs / listMs).toFixed(1)}x`,
    );
    console.log(`after ${newCount} new keys (1 %):`);
    console.log(
      `incremental rescan:                    ${seconds(rescanMs)} (listed ${
        rescan.listed
      } keys in ${rescan.listRequests} requests, indexed ${rescan.indexed})`,
    );
    console.log(
      `raw ListObjectsV2, ${list2.keys} keys:        ${seconds(list2Ms)} (${
        list2.requests
      } requests)`,
    );
    console.log(
      `full re-index:                         ${seconds(refullMs)} (${
        refull.indexed
      } indexed, ${refull.deleted} gone)`,
    );
    console.log(
      `  ratio rescan / raw full listing:     ${(rescanMs / list2Ms).toFixed(
        3,
      )}x`,
    );
    console.log(
      `  ratio rescan / full re-index:        ${(rescanMs / refullMs).toFixed(
        4,
      )}x`,
    );
    console.log(
      `newest backup by time: ${newest.items[0]?.key} (expected ${
        newKeys[newKeys.length - 1]
      })`,
    );
    await storeDb.destroy();
  } finally {
    await knex.destroy();
    await platform.stop();
  }
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
