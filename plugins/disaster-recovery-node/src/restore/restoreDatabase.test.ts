import {
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { seedDemoData } from '../__testUtils__/platformHarness';
import { startTestPlatform, TestPlatform } from '../__testUtils__/platform';
import { statsKeyFor } from '../backup/backupKey';
import { createBackup, CreateBackupResult } from '../backup/createBackup';
import {
  dropDatabaseIfExists,
  listDatabasesWithPrefix,
} from '../postgres/databases';
import { addSpawnListener } from '../process/processRunner';
import { restoreDatabase } from './restoreDatabase';

jest.setTimeout(240_000);

let tp: TestPlatform;
let backup: CreateBackupResult;
const server = () => ({ ...tp.target.primary, database: 'postgres' });

/** Row counts per table and tenant of a database: what "intact" means. */
async function fingerprint(database = 'ecommerce'): Promise<string> {
  const rows = await tp.query(
    `SELECT 'customers' t, tenant_id, count(*)::int n FROM customers GROUP BY 2
     UNION ALL SELECT 'orders', tenant_id, count(*)::int FROM orders GROUP BY 2
     UNION ALL SELECT 'order_items', tenant_id, count(*)::int FROM order_items GROUP BY 2
     UNION ALL SELECT 'payments', tenant_id, count(*)::int FROM payments GROUP BY 2
     UNION ALL SELECT 'products', tenant_id, count(*)::int FROM products GROUP BY 2
     UNION ALL SELECT 'tenants', id, 1 FROM tenants
     ORDER BY 1, 2`,
    [],
    database,
  );
  return JSON.stringify(rows);
}

async function leftovers(): Promise<string[]> {
  return listDatabasesWithPrefix(server(), 'ecommerce_');
}

beforeAll(async () => {
  tp = await startTestPlatform({ pgbackrest: false });
  await seedDemoData(tp.platform.primary, { tenants: 12, ordersPerTenant: 40 });
  backup = await createBackup({ target: tp.target });
});

afterAll(async () => {
  await tp?.stop();
});

describe('restoreDatabase', () => {
  it('restores into a new verified database and leaves the live one alone', async () => {
    const expectedSteps = [
      'locate:succeeded',
      'download:succeeded',
      'toc:succeeded',
      'create-database:succeeded',
      'restore:succeeded',
      'verify:succeeded',
      'cutover:skipped',
    ];
    const live = await fingerprint();
    await tp.query(
      `INSERT INTO tenants VALUES ('tenant-late', 'late', 'Late', 'standard', '{}', 'team-x', 'us-east-1')`,
    );
    const steps: string[] = [];
    const result = await restoreDatabase({
      target: tp.target,
      key: backup.key,
      logger: tp.logger,
      onStep: s => s.status !== 'running' && steps.push(`${s.id}:${s.status}`),
    });
    expect(result.restoredDatabase).toMatch(
      /^ecommerce_restore_\d{14}_[0-9a-f]{4}$/,
    );
    expect(result.cutover).toBeUndefined();
    expect(result.restorePoint).toBe(backup.takenAt);
    expect(result.sha256).toBe(backup.sha256);
    expect(steps).toEqual(expectedSteps);
    expect(result.checks.map(c => `${c.id}:${c.status}`)).toEqual(
      expect.arrayContaining([
        'checksum:pass',
        'database:pass',
        'restore:pass',
        'tables:pass',
        'row-counts:pass',
        'tenant-row-counts:pass',
      ]),
    );
    expect(result.checks.every(c => c.status === 'pass')).toBe(true);
    expect(await fingerprint(result.restoredDatabase)).toBe(live);
    const [{ n }] = await tp.query(
      `SELECT count(*)::int n FROM tenants WHERE id = 'tenant-late'`,
    );
    expect(n).toBe(1); // live untouched
    await dropDatabaseIfExists(server(), result.restoredDatabase);
    await tp.query(`DELETE FROM tenants WHERE id = 'tenant-late'`);
  });

  it('two restores started in the same second go into two databases', async () => {
    const now = () => new Date('2026-02-03T04:05:06Z');
    const [a, b] = await Promise.all([
      restoreDatabase({ target: tp.target, key: backup.key, now }),
      restoreDatabase({ target: tp.target, key: backup.key, now }),
    ]);
    expect(a.restoredDatabase).not.toBe(b.restoredDatabase);
    for (const r of [a, b]) {
      expect(r.restoredDatabase).toMatch(/^ecommerce_restore_20260203040506_/);
      expect(await fingerprint(r.restoredDatabase)).toBe(await fingerprint());
      await dropDatabaseIfExists(server(), r.restoredDatabase);
    }
  });

  it('cuts over only after verification and keeps the old database', async () => {
    const before = await fingerprint();
    await tp.query(
      `INSERT INTO tenants VALUES ('tenant-late', 'late', 'Late', 'standard', '{}', 'team-x', 'us-east-1')`,
    );
    const result = await restoreDatabase({
      target: tp.target,
      key: backup.key,
      cutover: true,
    });
    expect(result.cutover!.oldDatabase).toMatch(
      /^ecommerce_old_\d{14}_[0-9a-f]{4}$/,
    );
    expect(await fingerprint()).toBe(before); // the backup's content is live now
    const [{ n }] = await tp.query(
      `SELECT count(*)::int n FROM tenants WHERE id = 'tenant-late'`,
      [],
      result.cutover!.oldDatabase,
    );
    expect(n).toBe(1); // the previous data stays available
    await dropDatabaseIfExists(server(), result.cutover!.oldDatabase);
    expect(await leftovers()).toEqual([]);
  });

  it('survives being killed at random points: the live database stays intact, a rerun completes', async () => {
    const expected = await fingerprint();
    // measure one run to spread the kills over its whole length
    const t0 = Date.now();
    const probe = await restoreDatabase({
      target: tp.target,
      key: backup.key,
    });
    const runMs = Date.now() - t0;
    const restoreMs = probe.steps.find(s => s.id === 'restore')!.durationMs!;
    await dropDatabaseIfExists(server(), probe.restoredDatabase);

    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const outcomes: string[] = [];
    const interrupted = (how: string) => outcomes.filter(o => o === how).length;
    // at least 12 trials, and on until each way of killing has really interrupted 5 runs
    for (
      let trial = 0;
      trial < 12 ||
      ((interrupted('aborted') < 5 || interrupted('killed') < 5) && trial < 40);
      trial++
    ) {
      const bySigkill = trial % 2 === 1;
      const cutover = trial % 3 === 0;
      const controller = new AbortController();
      const delay = Math.floor(random() * runMs);
      let timer: NodeJS.Timeout | undefined;
      const remove = addSpawnListener(r => {
        if (
          bySigkill &&
          r.command.endsWith('pg_restore') &&
          r.args.some(a => a.startsWith('--dbname=ecommerce_restore_')) &&
          random() < 0.6
        ) {
          timer = setTimeout(() => {
            try {
              process.kill(r.child.pid!, 'SIGKILL');
            } catch {
              // already done
            }
          }, Math.floor(random() * restoreMs * 0.5));
        }
      });
      if (!bySigkill) {
        timer = setTimeout(() => controller.abort(), delay);
      }
      let outcome: string;
      try {
        const res = await restoreDatabase({
          target: tp.target,
          key: backup.key,
          cutover,
          signal: controller.signal,
          now: () => new Date(Date.UTC(2030, 0, 1, 0, 0, trial)),
        });
        outcome = 'completed';
        if (res.cutover) {
          await dropDatabaseIfExists(server(), res.cutover.oldDatabase);
        } else {
          await dropDatabaseIfExists(server(), res.restoredDatabase);
        }
      } catch (error) {
        const e = error as Error;
        if (!bySigkill && e.name === 'AbortError') {
          outcome = 'aborted';
        } else if (
          bySigkill &&
          /pg_restore was killed by SIGKILL/.test(e.message)
        ) {
          outcome = 'killed';
        } else {
          throw new Error(
            `trial ${trial} failed unexpectedly: ${e.name}: ${e.message}`,
          );
        }
      } finally {
        clearTimeout(timer);
        remove();
      }
      outcomes.push(outcome);
      // live database intact and queryable, nothing half-done left behind
      expect(await fingerprint()).toBe(expected);
      expect(await leftovers()).toEqual([]);
    }
    // the trials must really have interrupted restores, by both means, for this to prove anything
    expect(interrupted('aborted')).toBeGreaterThanOrEqual(5);
    expect(interrupted('killed')).toBeGreaterThanOrEqual(5);

    const rerun = await restoreDatabase({
      target: tp.target,
      key: backup.key,
      cutover: true,
    });
    expect(await fingerprint()).toBe(expected);
    await dropDatabaseIfExists(server(), rerun.cutover!.oldDatabase);
  });

  it('refuses a corrupted backup and leaves nothing behind', async () => {
    const got = await tp.s3.send(
      new GetObjectCommand({ Bucket: tp.target.s3.bucket, Key: backup.key }),
    );
    const bytes = Buffer.from(await got.Body!.transformToByteArray());
    const head = await tp.s3.send(
      new HeadObjectCommand({ Bucket: tp.target.s3.bucket, Key: backup.key }),
    );
    bytes[Math.floor(bytes.length / 2)] ^= 1;
    const key = 'prod/eu/ecommerce/bad/flipped.dump';
    await tp.s3.send(
      new PutObjectCommand({
        Bucket: tp.target.s3.bucket,
        Key: key,
        Body: bytes,
        Metadata: head.Metadata,
      }),
    );
    const live = await fingerprint();
    const spawned = tp.spawned.length;
    await expect(
      restoreDatabase({
        target: tp.target,
        key,
        cutover: true,
      }),
    ).rejects.toThrow(
      /failed its checks \(.*checksum: SHA-256 [0-9a-f]+ does not match/,
    );
    expect(tp.spawned.length).toBe(spawned); // checked before even pg_restore --list ran
    expect(await fingerprint()).toBe(live);
    expect(await leftovers()).toEqual([]);
  });

  it('restores a backup without a recorded checksum with a warning, and cuts over only when that warning is accepted', async () => {
    const got = await tp.s3.send(
      new GetObjectCommand({ Bucket: tp.target.s3.bucket, Key: backup.key }),
    );
    const bytes = Buffer.from(await got.Body!.transformToByteArray());
    const head = await tp.s3.send(
      new HeadObjectCommand({ Bucket: tp.target.s3.bucket, Key: backup.key }),
    );
    const { sha256: _omit, ...metadata } = head.Metadata!;
    const key = 'prod/eu/ecommerce/plain/no-checksum.dump';
    await tp.s3.send(
      new PutObjectCommand({
        Bucket: tp.target.s3.bucket,
        Key: key,
        Body: bytes,
        Metadata: metadata,
      }),
    );
    // the statistics sidecar goes along, so that the checksum is the only warning
    const stats = await tp.s3.send(
      new GetObjectCommand({
        Bucket: tp.target.s3.bucket,
        Key: statsKeyFor(backup.key),
      }),
    );
    await tp.s3.send(
      new PutObjectCommand({
        Bucket: tp.target.s3.bucket,
        Key: statsKeyFor(key),
        Body: Buffer.from(await stats.Body!.transformToByteArray()),
      }),
    );
    const live = await fingerprint();
    const steps: string[] = [];
    await expect(
      restoreDatabase({
        target: tp.target,
        key,
        cutover: true,
        onStep: s =>
          s.status !== 'running' && steps.push(`${s.id}:${s.status}`),
      }),
    ).rejects.toThrow(
      /Cut-over refused: .*checksum: no SHA-256 recorded.*acceptWarnings: \['checksum'\]/,
    );
    expect(steps).toContain('cutover:failed');
    expect(await fingerprint()).toBe(live);
    expect(await leftovers()).toEqual([]);

    const accepted = await restoreDatabase({
      target: tp.target,
      key,
      cutover: true,
      acceptWarnings: ['checksum'],
      now: () => new Date(Date.UTC(2031, 5, 1)),
    });
    expect(accepted.cutover).toBeDefined();
    expect(accepted.acceptedWarnings).toEqual([
      expect.objectContaining({ id: 'checksum', status: 'warn' }),
    ]);
    expect(await fingerprint()).toBe(live);
    await dropDatabaseIfExists(server(), accepted.cutover!.oldDatabase);
    expect(await leftovers()).toEqual([]);
  });
});
