import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { mockServices } from '@backstage/backend-test-utils';
import { seedDemoData } from './__testUtils__/platformHarness';
import { startTestPlatform, TestPlatform } from './__testUtils__/platform';
import { createBackup } from './backup/createBackup';
import { listDatabasesWithPrefix } from './postgres/databases';
import {
  getTarget,
  readTargetsFromConfig,
} from './target/readTargetsFromConfig';
import { restoreDatabase } from './restore/restoreDatabase';
import { restoreTenant } from './restore/restoreTenant';
import { DatabaseTarget } from './target/target';
import { verifyBackup } from './verify/verifyBackup';

jest.setTimeout(120_000);

let tp: TestPlatform;
const outputs: unknown[] = [];
const errors: Error[] = [];

async function state() {
  const dbs = await listDatabasesWithPrefix(
    { ...tp.target.primary, database: 'postgres' },
    '',
  );
  const objects = await tp.s3.send(
    new ListObjectsV2Command({ Bucket: tp.target.s3.bucket }),
  );
  const schemas = await tp.query(`SELECT nspname FROM pg_namespace ORDER BY 1`);
  return JSON.stringify({
    dbs,
    objects: (objects.Contents ?? []).map(o => o.Key).sort(),
    schemas,
    spawned: tp.spawned.length,
  });
}

async function expectRejected(p: Promise<unknown>, name: string) {
  const error = await p.then(
    () => undefined,
    e => e as Error,
  );
  expect(error?.name).toBe(name);
  errors.push(error!);
}

beforeAll(async () => {
  tp = await startTestPlatform({ pgbackrest: false });
  await seedDemoData(tp.platform.primary, { tenants: 5 });
});

afterAll(async () => {
  await tp?.stop();
});

describe('bad input fails with a clear error before any side effect', () => {
  it('rejects unknown targets, keys outside the prefix, and metacharacters in names', async () => {
    const before = await state();
    const config = mockServices.rootConfig({
      data: {
        disasterRecovery: {
          targets: {
            eu: JSON.parse(
              JSON.stringify({ primary: tp.target.primary, s3: tp.target.s3 }),
            ),
          },
        },
      },
    });
    const targets = readTargetsFromConfig(config);
    expect(getTarget(targets, 'eu').primary.password).toBe(
      tp.target.primary.password,
    );
    expect(() => getTarget(targets, 'us')).toThrow(
      expect.objectContaining({ name: 'NotFoundError' }),
    );

    const t = tp.target;
    for (const key of [
      'prod/us/ecommerce/2025/01/01/ecommerce_20250101T000000Z.dump',
      'prod/eu/ecommerce/../../us/ecommerce/x.dump',
      '/prod/eu/ecommerce/x.dump',
      'prod/eu/ecommerce/x.dump;rm -rf /',
      'prod/eu/ecommerce/$(touch /tmp/pwned).dump',
    ]) {
      await expectRejected(
        verifyBackup({ target: t, key, mode: 'full' }),
        'InputError',
      );
      await expectRejected(
        restoreDatabase({ target: t, key, cutover: true }),
        'InputError',
      );
      await expectRejected(
        restoreTenant({ target: t, key, tenantId: 'tenant-00001' }),
        'InputError',
      );
    }
    const badDb: DatabaseTarget = {
      ...t,
      primary: {
        ...t.primary,
        database: 'ecommerce"; DROP DATABASE ecommerce; --',
      },
    };
    await expectRejected(createBackup({ target: badDb }), 'InputError');
    await expectRejected(
      restoreDatabase({ target: badDb, cutover: true }),
      'InputError',
    );
    const badHost: DatabaseTarget = {
      ...t,
      primary: { ...t.primary, host: '--help' },
    };
    await expectRejected(createBackup({ target: badHost }), 'InputError');
    await expectRejected(
      createBackup({ target: t, tenantColumn: 'tenant_id; DROP TABLE orders' }),
      'InputError',
    );
    await expectRejected(
      restoreTenant({
        target: t,
        tenantId: 'tenant-00001',
        tenantColumn: 'x" OR 1=1 --',
      }),
      'InputError',
    );
    await expectRejected(
      verifyBackup({ target: t, mode: 'paranoid' as 'full' }),
      'InputError',
    );
    await expectRejected(restoreDatabase({ target: t, jobs: 0 }), 'InputError');
    const longDb: DatabaseTarget = {
      ...t,
      primary: { ...t.primary, database: 'a'.repeat(50) },
    };
    await expectRejected(restoreDatabase({ target: longDb }), 'InputError');
    expect(await state()).toBe(before);
  });
});

describe('secrets', () => {
  it('never appear in argv, logs, step details, outputs or errors', async () => {
    const { target, logger } = tp;
    const onStep = tp.onStep;
    const backup = await createBackup({ target, logger, onStep });
    outputs.push(backup);
    outputs.push(await verifyBackup({ target, mode: 'quick', logger, onStep }));
    outputs.push(await verifyBackup({ target, mode: 'full', logger, onStep }));
    const restored = await restoreDatabase({
      target,
      cutover: true,
      logger,
      onStep,
    });
    outputs.push(restored);
    outputs.push(
      await restoreTenant({ target, tenantId: 'tenant-00002', logger, onStep }),
    );

    // failures that talk about connections and credentials
    const wrongPassword = 'Wr0ng-Passw0rd-Zq9';
    const badAuth: DatabaseTarget = {
      ...target,
      primary: { ...target.primary, password: wrongPassword },
    };
    for (const run of [
      () => createBackup({ target: badAuth, logger, onStep }),
      () => verifyBackup({ target: badAuth, mode: 'full', logger, onStep }),
      () => restoreDatabase({ target: badAuth, logger, onStep }),
      () =>
        restoreTenant({
          target: badAuth,
          tenantId: 'tenant-00001',
          logger,
          onStep,
        }),
    ]) {
      const error = await run().then(
        () => undefined,
        e => e as Error,
      );
      expect(error).toBeDefined();
      errors.push(error!);
    }
    const badPgDump: DatabaseTarget = { ...target, pgBinDir: '/nonexistent' };
    errors.push(
      await createBackup({ target: badPgDump, logger }).then(
        () => new Error('no error'),
        e => e,
      ),
    );

    const everything = [
      ...tp.spawned.map(r => `${r.command} ${r.args.join(' ')}`),
      ...tp.logs,
      ...tp.steps.map(s => JSON.stringify(s)),
      ...outputs.map(o => JSON.stringify(o)),
      ...errors.map(
        e => `${e.name}: ${e.message}\n${e.stack}\n${JSON.stringify(e)}`,
      ),
    ].join('\n');
    expect(tp.spawned.length).toBeGreaterThan(10);
    expect(tp.logs.length).toBeGreaterThan(20);
    for (const secret of [...tp.secrets, wrongPassword]) {
      expect(everything).not.toContain(secret);
    }
    // the password reached the tools, through the environment only
    const pgTools = tp.spawned.filter(
      r =>
        /pg_(dump|restore)$/.test(r.command) &&
        r.args.some(a => a.startsWith('--host=')),
    );
    expect(pgTools.length).toBeGreaterThan(5);
    for (const r of pgTools) {
      expect(r.envKeys).toContain('PGPASSWORD');
    }
  });
});
