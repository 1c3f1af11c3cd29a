/*
 * P2: a full rescan of an unchanged object store of N backup keys, against a raw ListObjectsV2
 * pagination of the same keys, in the same run; plus the incremental pass and what new and
 * deleted keys cost.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/p2-index.ts [N]
 *
 * Starts a harness platform (PostgreSQL primary + the fauxqs object store), uploads N objects in
 * the product's key layout with its metadata (one every 15 minutes back from now), indexes them
 * once (listing + HEAD per object + upsert into PostgreSQL), then measures, in interleaved rounds
 * (P2_ROUNDS, default 5):
 *   1. raw listing: ListObjectsV2 pages of 1,000 until the end (no HEAD, no database);
 *   2. full rescan of the unchanged store: `indexBackups(..., { fullRescan: true })`, which lists
 *      everything, compares ETag and LastModified with the index, HEADs nothing unchanged and
 *      marks nothing gone;
 *   3. the incremental pass over the same store (open date partitions only).
 * Then 1 % new keys and 1 % deleted keys, an incremental pass and a full rescan.
 * Prints figures and ratios (medians of per-round ratios); asserts nothing.
 */
import {
  DeleteObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
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
import {
  indexBackups,
  IndexResult,
} from '../plugins/disaster-recovery-backend/src/collectors/s3BackupIndexer';
import { backupIndexSource } from '../plugins/disaster-recovery-backend/src/collectors/collectorTargets';

const N = Number(process.argv[2] ?? process.env.P2_KEYS ?? 100_000);
const UPLOAD_CONCURRENCY = 32;

function seconds(ms: number) {
  return `${(ms / 1000).toFixed(2)} s`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
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

    const [first, firstMs] = await timed(() =>
      indexBackups(source, store, { fullRescan: true }),
    );
    console.log(
      `first index (list + HEAD + upsert of every key): ${seconds(firstMs)} (${
        first.indexed
      } indexed, ${Math.round(first.indexed / (firstMs / 1000))} objects/s)`,
    );

    const rounds = Number(process.env.P2_ROUNDS ?? 5);
    const raw: number[] = [];
    const full: number[] = [];
    const incremental: number[] = [];
    let lastFull: IndexResult | undefined;
    let lastIncremental: IndexResult | undefined;
    let listed: { keys: number; requests: number } | undefined;
    for (let round = 0; round < rounds; round++) {
      // Rotate the order so that neither side always runs first.
      const steps: Array<() => Promise<void>> = [
        async () => {
          const [r, ms] = await timed(() =>
            rawList(client, s3.bucket, source.prefix),
          );
          listed = r;
          raw.push(ms);
        },
        async () => {
          const [r, ms] = await timed(() =>
            indexBackups(source, store, { fullRescan: true }),
          );
          lastFull = r;
          full.push(ms);
        },
        async () => {
          const [r, ms] = await timed(() => indexBackups(source, store));
          lastIncremental = r;
          incremental.push(ms);
        },
      ];
      for (let i = 0; i < steps.length; i++) {
        await steps[(i + round) % steps.length]();
      }
    }
    const ratios = full.map((ms, i) => ms / raw[i]);
    console.log('');
    console.log(`unchanged store, ${rounds} rounds (median; min-max):`);
    console.log(
      `raw ListObjectsV2, ${listed?.keys} keys: ${seconds(
        median(raw),
      )} (${seconds(Math.min(...raw))}-${seconds(Math.max(...raw))}; ${
        listed?.requests
      } requests)`,
    );
    console.log(
      `full rescan:                  ${seconds(median(full))} (${seconds(
        Math.min(...full),
      )}-${seconds(Math.max(...full))}; listed ${lastFull?.listed}, HEAD ${
        lastFull?.headed
      }, written ${lastFull?.indexed}, gone ${lastFull?.deleted})`,
    );
    console.log(
      `  ratio full rescan / raw listing: ${median(ratios).toFixed(
        2,
      )}x (per round: ${ratios.map(r => r.toFixed(2)).join(', ')})`,
    );
    console.log(
      `incremental pass:             ${seconds(median(incremental))} (listed ${
        lastIncremental?.listed
      } keys in ${lastIncremental?.listRequests} requests, ${
        lastIncremental?.scopes
      } scopes; ratio to raw listing ${(
        median(incremental) / median(raw)
      ).toFixed(3)}x)`,
    );

    // 1 % new keys (the newest, in open partitions) and 1 % deleted: newest and oldest.
    const newAt = Array.from(
      { length: newCount },
      (_, i) => new Date(start + (N + i) * 15 * 60_000),
    );
    const newKeys = newAt.map(d => backupKeyFor(target, d));
    await upload(client, s3.bucket, newKeys, newAt);
    const doomed = [...keys.slice(0, newCount - 1), keys[keys.length - 1]];
    for (const key of doomed) {
      await client.send(
        new DeleteObjectCommand({ Bucket: s3.bucket, Key: key }),
      );
    }
    const [inc, incMs] = await timed(() => indexBackups(source, store));
    const [after, afterMs] = await timed(() =>
      indexBackups(source, store, { fullRescan: true }),
    );
    const newest = await store.listBackups({ targets: ['bench'], limit: 1 });
    console.log('');
    console.log(`after ${newCount} new keys and ${doomed.length} deleted:`);
    console.log(
      `incremental pass: ${seconds(incMs)} (listed ${inc.listed} in ${
        inc.listRequests
      } requests, HEAD ${inc.headed}, written ${inc.indexed}, gone ${
        inc.deleted
      })`,
    );
    console.log(
      `full rescan:      ${seconds(afterMs)} (listed ${after.listed}, HEAD ${
        after.headed
      }, written ${after.indexed}, gone ${after.deleted})`,
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
