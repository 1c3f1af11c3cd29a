import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  defaultPolicy,
  evaluate,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import {
  DatabaseTarget,
  getTarget,
  readTargetsFromConfig,
} from '@dr-portal/backstage-plugin-disaster-recovery-node';
import { backupIndexSource } from '../collectors/collectorTargets';
import { indexBackups } from '../collectors/s3BackupIndexer';
import {
  createS3Client,
  Platform,
  seedDemoData,
  startPlatform,
} from '../__testUtils__/platformHarness';
import { createStores } from '../database/__testUtils__/testStores';
import { PersistenceContext } from '../database/persistenceContext';
import { loadTargetEvidence } from '../posture/storeEvidence';
import {
  targetConfig,
  testEntities,
} from './__testUtils__/operationsTestBackend';
import { RecoveryOperationExecutor } from './RecoveryOperationExecutor';
import { BACKUP_TASK_ID, scheduleBackups } from './scheduleBackups';

jest.setTimeout(180_000);

const PREFIX = 'scheduled-backup-test';
const DB_REF = 'resource:default/ecommerce-db';

describe('scheduled backups with a cross-region copy (real PostgreSQL and object store)', () => {
  let platform: Platform;
  let s3: S3Client;
  let stores: PersistenceContext;
  let executor: RecoveryOperationExecutor;
  let targets: Map<string, DatabaseTarget>;
  const audit: string[] = [];

  beforeAll(async () => {
    platform = await startPlatform({
      standby: false,
      pgbouncer: false,
      pgbackrest: false,
    });
    await seedDemoData(platform.primary, { tenants: 3, ordersPerTenant: 2 });
    s3 = createS3Client(platform.s3!);
    ({ stores } = await createStores('SQLITE_3'));
    const target = {
      ...targetConfig(platform, PREFIX),
    };
    target.s3 = {
      ...target.s3,
      copyTo: {
        bucket: platform.s3!.copyBucket!,
        region: platform.s3!.copyRegion!,
      },
    } as typeof target.s3;
    targets = readTargetsFromConfig(
      mockServices.rootConfig({
        data: { disasterRecovery: { targets: { ecommerce: target } } },
      }),
    );
    executor = createExecutor(stores, targets);
  });

  /** An executor over the test entities; users may be denied everything (the backend runs it). */
  function createExecutor(
    runStores: PersistenceContext,
    runTargets: Map<string, DatabaseTarget>,
  ) {
    return new RecoveryOperationExecutor({
      logger: mockServices.logger.mock(),
      auditor: mockServices.auditor.mock({
        createEvent: async options => {
          audit.push(options.eventId);
          return { success: async () => {}, fail: async () => {} };
        },
      }),
      permissions: mockServices.permissions.mock({
        authorize: async requests =>
          requests.map(() => ({ result: 'DENY' })) as any,
      }),
      catalog: catalogServiceMock({ entities: testEntities() }),
      stores: runStores,
      targets: runTargets,
    });
  }

  afterAll(async () => {
    await executor?.shutdown();
    await platform?.stop();
  });

  function deps(config: object, runExecutor = executor) {
    return {
      executor: runExecutor,
      config: mockServices.rootConfig({ data: config }),
      catalog: catalogServiceMock({ entities: testEntities() }),
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
    };
  }

  it('schedules nothing without a schedule, or when turned off', async () => {
    const scheduler = mockServices.scheduler.mock();
    expect(await scheduleBackups(scheduler, deps({}))).toBe(false);
    expect(
      await scheduleBackups(
        scheduler,
        deps({
          disasterRecovery: {
            backups: {
              enabled: false,
              schedule: { frequency: { minutes: 5 }, timeout: { minutes: 10 } },
            },
          },
        }),
      ),
    ).toBe(false);
    expect(scheduler.scheduleTask).not.toHaveBeenCalled();
  });

  it('backs up every database on the schedule as a recorded run, copies it to the other region, and the posture sees the copy', async () => {
    const scheduler = mockServices.scheduler.mock();
    await scheduleBackups(
      scheduler,
      deps({
        disasterRecovery: {
          backups: {
            schedule: { frequency: { minutes: 5 }, timeout: { minutes: 10 } },
          },
        },
      }),
    );
    expect(scheduler.scheduleTask).toHaveBeenCalledWith(
      expect.objectContaining({
        id: BACKUP_TASK_ID,
        frequency: { minutes: 5 },
        scope: 'global',
      }),
    );
    const task = scheduler.scheduleTask.mock.calls[0][0];
    await task.fn(new AbortController().signal);

    const runs = await stores.runs.listRecoveryRuns({
      target: 'ecommerce',
      operations: ['backup'],
    });
    expect(runs.totalItems).toBe(1);
    const run = runs.items[0];
    expect(run).toMatchObject({ status: 'succeeded', entityRef: DB_REF });
    expect(run.steps.map(step => `${step.id}:${step.status}`)).toContain(
      'copy-region:succeeded',
    );
    expect(audit).toContain('recovery-operation');
    const key = run.output!.key as string;
    expect(run.output!.copies).toEqual([
      expect.objectContaining({
        bucket: 'dr-backups-eu-west-1',
        key,
        region: 'eu-west-1',
      }),
    ]);

    // The copy is really in the other bucket, with the source's checksum and the statistics.
    const [source, copy] = await Promise.all(
      [platform.s3!.bucket, platform.s3!.copyBucket!].map(Bucket =>
        s3.send(new HeadObjectCommand({ Bucket, Key: key })),
      ),
    );
    expect(copy.ContentLength).toBe(source.ContentLength);
    expect(copy.Metadata?.sha256).toBe(source.Metadata?.sha256);
    await expect(
      s3.send(
        new HeadObjectCommand({
          Bucket: platform.s3!.copyBucket!,
          Key: key.replace(/\.dump$/, '.stats.json'),
        }),
      ),
    ).resolves.toBeTruthy();

    // Recorded as a backup stored in eu-west-1, which the cross-region check reads; a full
    // rescan of the source bucket by the indexer leaves the copy alone.
    const indexed = await indexBackups(
      backupIndexSource(getTarget(targets, 'ecommerce')),
      stores.backups,
      { fullRescan: true },
    );
    expect(indexed).toMatchObject({ indexed: 1, deleted: 0 });
    const evidence = await loadTargetEvidence(stores, 'ecommerce', {
      homeRegion: 'us-east-1',
    });
    expect(evidence.crossRegionCopies).toEqual([
      expect.objectContaining({ region: 'eu-west-1' }),
    ]);
    const posture = evaluate(defaultPolicy, {
      entityRef: DB_REF,
      ...evidence,
    });
    const check = posture.checks.find(c => c.id === 'cross-region-copy')!;
    expect(check.status).toBe('pass');
    expect(check.reason).toMatch(
      /^The newest copy outside us-east-1 \(in eu-west-1\) is /,
    );
  });

  it('records a failed scheduled backup as a failed run and fails the task with the reason', async () => {
    const { stores: failStores } = await createStores('SQLITE_3');
    const broken = targetConfig(platform, `${PREFIX}-broken`);
    broken.primary.database = 'no_such_database';
    const failing = createExecutor(
      failStores,
      readTargetsFromConfig(
        mockServices.rootConfig({
          data: { disasterRecovery: { targets: { ecommerce: broken } } },
        }),
      ),
    );
    try {
      const scheduler = mockServices.scheduler.mock();
      await scheduleBackups(
        scheduler,
        deps(
          {
            disasterRecovery: {
              backups: {
                schedule: {
                  frequency: { minutes: 5 },
                  timeout: { minutes: 10 },
                },
              },
            },
          },
          failing,
        ),
      );
      const task = scheduler.scheduleTask.mock.calls[0][0];
      // The scheduler records a rejected run as the task's last error.
      await expect(task.fn(new AbortController().signal)).rejects.toThrow(
        `Scheduled backups: 1 of 1 databases did not pass; failed: ${DB_REF} (`,
      );
      const runs = await failStores.runs.listRecoveryRuns({
        target: 'ecommerce',
        operations: ['backup'],
      });
      expect(runs.items.map(run => run.status)).toEqual(['failed']);
      expect(runs.items[0].error).toMatch(/no_such_database/);
    } finally {
      await failing.shutdown();
    }
  });
});
