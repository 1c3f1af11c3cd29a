import { mockCredentials } from '@backstage/backend-test-utils';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { mockServices } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { RecoveryRun } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import {
  createS3Client,
  Platform,
  pgConnectionConfig,
  seedDemoData,
  startPlatform,
} from '@internal/platform-harness';
import { Client } from 'pg';
import request from 'supertest';
import { readTargetsFromConfig } from '@dr-portal/backstage-plugin-disaster-recovery-node';
import {
  startOperationsBackend,
  targetConfig,
  testEntities,
} from './__testUtils__/operationsTestBackend';
import { RecoveryOperationExecutor } from './RecoveryOperationExecutor';
import { registerOperationActions } from './registerOperationActions';
import { scheduleVerification } from './scheduleVerification';

jest.setTimeout(180_000);

const PREFIX = 'ops-test';
const DB_REF = 'resource:default/ecommerce-db';
const TENANT_REF = 'resource:default/tenant-00001';
const ALICE = mockCredentials.user.header('user:default/alice');
const BOB = mockCredentials.user.header('user:default/bob');

describe('recovery operations routes (real PostgreSQL and object store)', () => {
  let platform: Platform;
  let s3: S3Client;
  let ctx: Awaited<ReturnType<typeof startOperationsBackend>>;

  async function listKeys(): Promise<string[]> {
    const out = await s3.send(
      new ListObjectsV2Command({
        Bucket: platform.s3!.bucket,
        Prefix: `${PREFIX}/`,
      }),
    );
    return (out.Contents ?? []).map(o => o.Key!).sort();
  }

  async function sql<T = any>(text: string, database?: string): Promise<T[]> {
    const client = new Client({
      ...pgConnectionConfig(platform.primary),
      ...(database ? { database } : {}),
    });
    await client.connect();
    try {
      return (await client.query(text)).rows;
    } finally {
      await client.end();
    }
  }

  async function databases(): Promise<string[]> {
    const rows = await sql<{ datname: string }>(
      `select datname from pg_database where not datistemplate order by 1`,
    );
    return rows.map(r => r.datname);
  }

  async function post(body: unknown, auth = ALICE) {
    return request(ctx.server)
      .post('/api/disaster-recovery/operations')
      .set('Authorization', auth)
      .send(body as object);
  }

  async function waitForEnd(id: string, auth = ALICE): Promise<RecoveryRun> {
    for (let i = 0; i < 600; i++) {
      const res = await request(ctx.server)
        .get(`/api/disaster-recovery/runs/${id}`)
        .set('Authorization', auth);
      expect(res.status).toBe(200);
      if (res.body.status !== 'running') {
        return res.body;
      }
      await new Promise(r => setTimeout(r, 100));
    }
    throw new Error(`run ${id} did not end`);
  }

  /** Everything a test must leave unchanged when it is refused before any side effect. */
  async function sideEffectState() {
    return {
      keys: await listKeys(),
      databases: await databases(),
      lock: await ctx.stores.runs.getLock('ecommerce'),
      runs: (await ctx.stores.runs.listRecoveryRuns({ target: 'ecommerce' }))
        .totalItems,
    };
  }

  beforeAll(async () => {
    platform = await startPlatform({
      standby: false,
      pgbouncer: false,
      pgbackrest: false,
    });
    await seedDemoData(platform.primary, {
      tenants: 30,
      ordersPerTenant: 500,
    });
    s3 = createS3Client(platform.s3!);
    ctx = await startOperationsBackend({ platform, prefix: PREFIX });
  });

  afterAll(async () => {
    await ctx?.backend.stop();
    s3?.destroy();
    await platform?.stop();
  });

  afterEach(() => ctx.setDecision(() => true));

  it('plans a dry run without any side effect, listing every step, the target and what it would not touch', async () => {
    const before = await sideEffectState();
    const res = await post({
      operation: 'backup',
      entityRef: DB_REF,
      dryRun: true,
    });
    expect(res.status).toBe(200);
    const run: RecoveryRun = res.body.run;
    expect(run).toMatchObject({
      operation: 'backup',
      entityRef: DB_REF,
      target: 'ecommerce',
      status: 'planned',
      dryRun: true,
      initiatedBy: 'user:default/alice',
    });
    expect(run.steps.map(s => s.id)).toEqual([
      'snapshot',
      'dump-upload',
      'stats',
      'publish',
    ]);
    expect(run.steps.every(s => s.status === 'pending' && !!s.detail)).toBe(
      true,
    );
    expect(run.steps[0].detail).toContain(
      `ecommerce on 127.0.0.1:${platform.primary.port}`,
    );
    expect(run.output?.wouldNotTouch).toEqual(
      expect.arrayContaining([expect.stringContaining('existing backups')]),
    );
    expect(await sideEffectState()).toEqual(before);
    expect(ctx.audit.at(-1)).toMatchObject({
      eventId: 'recovery-operation',
      outcome: 'success',
      meta: expect.objectContaining({
        actionType: 'plan',
        operation: 'backup',
      }),
    });
  });

  it('answers 404 for an unknown entity, and audits the refusal', async () => {
    const before = await sideEffectState();
    const res = await post({
      operation: 'backup',
      entityRef: 'resource:default/nope',
    });
    expect(res.status).toBe(404);
    expect(res.body.error.message).toMatch(/resource:default\/nope not found/);
    expect(await sideEffectState()).toEqual(before);
    expect(ctx.audit.at(-1)).toMatchObject({
      outcome: 'fail',
      severityLevel: 'high',
    });
  });

  it('answers 403 when the permission is denied, and does nothing', async () => {
    ctx.setDecision(
      permission => permission !== 'disaster-recovery.backup.create',
    );
    const before = await sideEffectState();
    const res = await post({ operation: 'backup', entityRef: DB_REF }, BOB);
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(
      /disaster-recovery\.backup\.create on resource:default\/ecommerce-db/,
    );
    expect(await sideEffectState()).toEqual(before);
    expect(ctx.audit.at(-1)).toMatchObject({ outcome: 'fail' });
  });

  it('checks a whole-database restore asked on a tenant against the database too', async () => {
    ctx.setDecision((_p, ref) => ref !== DB_REF);
    const res = await post({
      operation: 'restore',
      entityRef: TENANT_REF,
      dryRun: true,
    });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain(DB_REF);
  });

  it.each([
    [
      'a key outside the prefix',
      'verify',
      { key: 'other-db/ecommerce/x.dump' },
      /outside the prefix/,
    ],
    [
      '.. in the key',
      'restore',
      { key: `${PREFIX}/ecommerce/../../etc/passwd` },
      /'\.\.'/,
    ],
    [
      'shell metacharacters in the key',
      'restore',
      { key: `${PREFIX}/ecommerce/$(rm -rf ~);x.dump` },
      /outside \[/,
    ],
    [
      'SQL metacharacters in the key',
      'verify',
      { key: `${PREFIX}/ecommerce/x'; drop database ecommerce;--.dump` },
      /outside \[/,
    ],
    [
      'an unknown parameter',
      'backup',
      { target: 'other; drop table tenants' },
      /Unrecognized key/,
    ],
    ['a bad verify mode', 'verify', { mode: 'thorough' }, /mode/],
    ['a non-boolean cut-over', 'restore', { cutOver: 'yes' }, /cutOver/],
    [
      'a timestamp that is not ISO 8601',
      'restore-pitr',
      { targetTime: 'now(); select pg_sleep(10)' },
      /targetTime/,
    ],
  ])(
    'answers 400 for %s before any side effect',
    async (_what, operation, parameters, message) => {
      const before = await sideEffectState();
      const res = await post({ operation, entityRef: DB_REF, parameters });
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toMatch(message);
      expect(await sideEffectState()).toEqual(before);
    },
  );

  it('refuses a tenant-scoped restore on a database entity', async () => {
    const res = await post({
      operation: 'restore-tenant',
      entityRef: DB_REF,
      dryRun: true,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/tenant/);
  });

  it('refuses an entity that is not a database or tenant Resource', async () => {
    const res = await post({
      operation: 'backup',
      entityRef: 'component:default/storefront',
    });
    expect(res.status).toBe(400);
  });

  let backupKey: string;

  it('takes a backup, then verifies it in full mode, each recorded with timed steps and evidence', async () => {
    const started = await post({ operation: 'backup', entityRef: TENANT_REF });
    expect(started.status).toBe(202);
    expect(started.body.run).toMatchObject({
      status: 'running',
      target: 'ecommerce',
    });
    const backup = await waitForEnd(started.body.run.id);
    expect(backup.status).toBe('succeeded');
    expect(backup.steps.map(s => s.id)).toEqual(
      expect.arrayContaining(['snapshot', 'dump-upload', 'publish']),
    );
    for (const step of backup.steps) {
      expect(step.status).toBe('succeeded');
      expect(Date.parse(step.finishedAt!)).toBeGreaterThanOrEqual(
        Date.parse(step.startedAt!),
      );
    }
    backupKey = backup.output!.key as string;
    expect(backupKey).toMatch(new RegExp(`^${PREFIX}/ecommerce/.*\\.dump$`));
    expect(backup.output!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await listKeys()).toContain(backupKey);
    expect(await ctx.stores.runs.getLock('ecommerce')).toBeUndefined();

    const verifyStart = await post({
      operation: 'verify',
      entityRef: DB_REF,
      parameters: { mode: 'full' },
    });
    expect(verifyStart.status).toBe(202);
    const verify = await waitForEnd(verifyStart.body.run.id);
    expect(verify.status).toBe('succeeded');
    expect(verify.output).toMatchObject({
      key: backupKey,
      verification: 'pass',
      mode: 'full',
      sha256: backup.output!.sha256,
    });
    expect(verify.steps.map(s => s.id)).toEqual(
      expect.arrayContaining([
        'locate',
        'stream',
        'restore',
        'sanity',
        'cleanup',
      ]),
    );
    // The scratch database is gone, the live one untouched.
    expect((await databases()).filter(d => d.includes('scratch'))).toEqual([]);

    const verifications = await ctx.stores.verifications.listVerifications({
      target: 'ecommerce',
    });
    expect(verifications[0]).toMatchObject({
      status: 'pass',
      mode: 'full',
      runId: verify.id,
    });

    const { items } = await ctx.stores.runs.listRecoveryRuns({
      target: 'ecommerce',
    });
    expect(items.map(r => r.id)).toEqual(
      expect.arrayContaining([backup.id, verify.id]),
    );

    const events = ctx.audit.filter(e => e.meta?.actionType === 'start');
    expect(events.slice(-2)).toEqual([
      expect.objectContaining({
        eventId: 'recovery-operation',
        severityLevel: 'high',
        outcome: 'success',
        outcomeMeta: expect.objectContaining({
          runId: backup.id,
          status: 'succeeded',
        }),
      }),
      expect.objectContaining({
        outcome: 'success',
        outcomeMeta: expect.objectContaining({ runId: verify.id }),
      }),
    ]);
  });

  it('fails a run whose evidence cannot be recorded, instead of reporting success', async () => {
    const spy = jest
      .spyOn(ctx.stores.backups, 'upsertBackups')
      .mockRejectedValueOnce(new Error('evidence store unavailable'));
    try {
      const started = await post({
        operation: 'backup',
        entityRef: TENANT_REF,
      });
      expect(started.status).toBe(202);
      const run = await waitForEnd(started.body.run.id);
      expect(run.status).toBe('failed');
      expect(run.error).toBe(
        'The operation completed, but its evidence could not be recorded: evidence store unavailable',
      );
      expect(run.steps.at(-1)).toMatchObject({
        id: 'record-evidence',
        status: 'failed',
      });
      expect(
        ctx.audit.filter(e => e.meta?.actionType === 'start').at(-1),
      ).toMatchObject({
        outcome: 'fail',
        outcomeMeta: expect.objectContaining({ runId: run.id }),
      });
      expect(await ctx.stores.runs.getLock('ecommerce')).toBeUndefined();
    } finally {
      spy.mockRestore();
    }
  });

  it('returns the same run for the same idempotency key', async () => {
    const body = {
      operation: 'verify',
      entityRef: DB_REF,
      parameters: { mode: 'quick' },
      idempotencyKey: 'scaffolder:task-42:verify',
    };
    const first = await post(body);
    const second = await post(body);
    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expect(second.body.run.id).toBe(first.body.run.id);
    await waitForEnd(first.body.run.id);
    const third = await post(body);
    expect(third.body.run.id).toBe(first.body.run.id);
    expect(third.body.run.status).toBe('succeeded');
    const reused = await post({ ...body, operation: 'backup', parameters: {} });
    expect(reused.status).toBe(409);
  });

  it('restores into a new database with RTO, data-loss window and restore point, leaving the live one alone', async () => {
    const before = await sql<{ n: string }>(`select count(*) as n from orders`);
    const res = await post({
      operation: 'restore',
      entityRef: DB_REF,
      parameters: { key: backupKey },
    });
    expect(res.status).toBe(202);
    const run = await waitForEnd(res.body.run.id);
    expect(run.status).toBe('succeeded');
    expect(run.restorePoint).toBeDefined();
    expect(run.achievedRtoSeconds).toBeGreaterThan(0);
    expect(run.dataLossSeconds).toBeGreaterThanOrEqual(0);
    const newDb = run.output!.newDatabase as string;
    expect(newDb).toMatch(/^ecommerce_restore_/);
    expect(run.output!.cutOver).toBe(false);
    expect(run.steps.find(s => s.id === 'cutover')?.status).toBe('skipped');
    const restored = await sql<{ n: string }>(
      `select count(*) as n from orders`,
      newDb,
    );
    expect(restored[0].n).toBe(before[0].n);
    expect(await sql(`select count(*) as n from orders`)).toEqual(before);

    // the restored copy is listed, planned, then discarded through the same executor
    const listed = await request(ctx.server)
      .get(
        '/api/disaster-recovery/entities/resource/default/ecommerce-db/restored-copies',
      )
      .set('Authorization', ALICE);
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([
      expect.objectContaining({
        kind: 'restore',
        name: newDb,
        database: newDb,
      }),
    ]);
    const refused = await post({
      operation: 'discard-copy',
      entityRef: DB_REF,
      parameters: { name: 'ecommerce' },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain(
      'ecommerce is the live database of ecommerce',
    );
    const plan = await post({
      operation: 'discard-copy',
      entityRef: DB_REF,
      dryRun: true,
      parameters: { name: newDb },
    });
    expect(plan.status).toBe(200);
    expect(plan.body.run.steps.map((st: { id: string }) => st.id)).toEqual([
      'locate',
      'drop',
    ]);
    expect(await databases()).toContain(newDb);
    const discard = await post({
      operation: 'discard-copy',
      entityRef: DB_REF,
      parameters: { name: newDb },
    });
    expect(discard.status).toBe(202);
    const discarded = await waitForEnd(discard.body.run.id);
    expect(discarded.status).toBe('succeeded');
    expect(discarded.output).toMatchObject({
      discarded: newDb,
      kind: 'restore',
    });
    expect(await databases()).not.toContain(newDb);
    expect(await sql(`select count(*) as n from orders`)).toEqual(before);
  });

  it('refuses a second concurrent run on the same target with 409 naming the running run, and cancels', async () => {
    // Both at once: exactly one takes the target's lock.
    const responses = await Promise.all([
      post({
        operation: 'restore',
        entityRef: DB_REF,
        parameters: { key: backupKey },
      }),
      post(
        { operation: 'restore', entityRef: TENANT_REF, parameters: {} },
        BOB,
      ),
    ]);
    expect(responses.map(r => r.status).sort()).toEqual([202, 409]);
    const first = responses.find(r => r.status === 202)!;
    const second = responses.find(r => r.status === 409)!;
    expect(second.body.error.name).toBe('ConflictError');
    expect(second.body.error.message).toContain(
      `Target ecommerce is busy: run ${first.body.run.id} (restore of ${first.body.run.entityRef}`,
    );
    expect(second.body.error.message).toContain(first.body.run.initiatedBy);
    // The loser left no trace: one run recorded, still running.
    const live = await request(ctx.server)
      .get(`/api/disaster-recovery/runs/${first.body.run.id}`)
      .set('Authorization', ALICE);
    expect(live.body.status).toBe('running');

    const cancelled = await request(ctx.server)
      .post(`/api/disaster-recovery/runs/${first.body.run.id}/cancel`)
      .set(
        'Authorization',
        first.body.run.initiatedBy === 'user:default/bob' ? BOB : ALICE,
      );
    expect(cancelled.status).toBe(202);
    expect(cancelled.body.run.status).toBe('failed');
    expect(cancelled.body.run.error).toMatch(/Cancelled/);
    expect(await ctx.stores.runs.getLock('ecommerce')).toBeUndefined();
    // Nothing of the cancelled restore is left behind; the live database answers.
    expect(
      (await databases()).filter(d => d.startsWith('ecommerce_restore_')),
    ).toEqual([]);
    expect(await sql(`select count(*) from tenants`)).toEqual([
      { count: '30' },
    ]);
    expect(
      ctx.audit.find(e => e.eventId === 'recovery-run-cancel'),
    ).toMatchObject({
      outcome: 'success',
    });
  });

  it('restores one tenant into a side schema', async () => {
    const res = await post({
      operation: 'restore-tenant',
      entityRef: TENANT_REF,
      parameters: { key: backupKey },
    });
    expect(res.status).toBe(202);
    const run = await waitForEnd(res.body.run.id);
    expect(run.status).toBe('succeeded');
    const schema = run.output!.schema as string;
    expect(schema).toMatch(/tenant_00001/);
    const rows = await sql<{ tenant_id: string }>(
      `select distinct tenant_id from "${schema}".orders`,
    );
    expect(rows).toEqual([{ tenant_id: 'tenant-00001' }]);
  });

  it('hides runs from callers without read permission', async () => {
    const { items } = await ctx.stores.runs.listRecoveryRuns({
      target: 'ecommerce',
    });
    ctx.setDecision(
      permission => permission !== 'disaster-recovery.posture.read',
    );
    const res = await request(ctx.server)
      .get(`/api/disaster-recovery/runs/${items[0].id}`)
      .set('Authorization', BOB);
    expect(res.status).toBe(403);
    const missing = await request(ctx.server)
      .get(`/api/disaster-recovery/runs/does-not-exist`)
      .set('Authorization', ALICE);
    expect(missing.status).toBe(404);
  });

  it('fails the run (and records a failed verification) when the backup is corrupted', async () => {
    const original = await s3.send(
      new GetObjectCommand({ Bucket: platform.s3!.bucket, Key: backupKey }),
    );
    const bytes = Buffer.from(await original.Body!.transformToByteArray());
    const corruptKey = backupKey.replace(/\.dump$/, '-truncated.dump');
    await s3.send(
      new PutObjectCommand({
        Bucket: platform.s3!.bucket,
        Key: corruptKey,
        Body: bytes.subarray(0, Math.floor(bytes.length / 2)),
        Metadata: original.Metadata,
      }),
    );
    const res = await post({
      operation: 'verify',
      entityRef: DB_REF,
      parameters: { key: corruptKey, mode: 'quick' },
    });
    expect(res.status).toBe(202);
    const run = await waitForEnd(res.body.run.id);
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/is NOT good/);
    expect(run.output).toMatchObject({ key: corruptKey, verification: 'fail' });
    const [latest] = await ctx.stores.verifications.listVerifications({
      target: 'ecommerce',
    });
    expect(latest).toMatchObject({ status: 'fail', runId: run.id });
    expect(ctx.audit.at(-1)).toMatchObject({ outcome: 'fail' });
    await s3.send(
      new DeleteObjectCommand({ Bucket: platform.s3!.bucket, Key: corruptKey }),
    );
  });

  it("runs the same operations through the actions registry with the caller's credentials", async () => {
    const registry = actionsRegistryServiceMock();
    registerOperationActions(registry, { executor: ctx.executor });
    expect([...registry.actions.keys()].sort()).toEqual([
      'test:backup-create',
      'test:backup-verify',
      'test:database-restore',
      'test:restored-copy-discard',
    ]);
    expect(registry.actions.get('test:database-restore')!.attributes).toEqual({
      readOnly: false,
      destructive: true,
      idempotent: false,
    });
    const credentials = mockCredentials.user('user:default/agent-owner');

    const verified = await registry.invoke({
      id: 'test:backup-verify',
      input: { entityRef: DB_REF, mode: 'quick', key: backupKey },
      credentials,
    });
    expect(verified.output).toMatchObject({
      status: 'succeeded',
      target: 'ecommerce',
      evidence: expect.objectContaining({
        key: backupKey,
        verification: 'pass',
      }),
    });

    const plan = await registry.invoke({
      id: 'test:database-restore',
      input: { entityRef: TENANT_REF, scope: 'tenant', dryRun: true },
      credentials,
    });
    expect(plan.output).toMatchObject({
      status: 'planned',
      operation: 'restore-tenant',
    });

    await expect(
      registry.invoke({
        id: 'test:restored-copy-discard',
        input: { entityRef: DB_REF, name: 'ecommerce_old_20200101000000' },
        credentials,
      }),
    ).rejects.toThrow(/No restored copy named ecommerce_old_20200101000000/);

    ctx.setDecision(
      permission => permission !== 'disaster-recovery.database.restore',
    );
    await expect(
      registry.invoke({
        id: 'test:restored-copy-discard',
        input: { entityRef: DB_REF, name: 'ecommerce_old_20200101000000' },
        credentials,
      }),
    ).rejects.toThrow(/Not allowed/);
    await expect(
      registry.invoke({
        id: 'test:database-restore',
        input: { entityRef: DB_REF, dryRun: true },
        credentials,
      }),
    ).rejects.toThrow(/Not allowed/);
  });

  it('verifies every database on the schedule, as the backend itself', async () => {
    const scheduler = mockServices.scheduler.mock();
    const deps = {
      executor: ctx.executor,
      config: mockServices.rootConfig({
        data: {
          disasterRecovery: {
            verification: {
              schedule: { frequency: { days: 7 }, timeout: { hours: 1 } },
              mode: 'quick',
            },
          },
        },
      }),
      catalog: catalogServiceMock({ entities: testEntities() }),
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
    };
    await scheduleVerification(scheduler, deps);
    expect(scheduler.scheduleTask).toHaveBeenCalledWith(
      expect.objectContaining({
        id: 'disaster-recovery-backup-verification',
        frequency: { days: 7 },
        scope: 'global',
      }),
    );
    // Users may be denied; the scheduled verification runs as the backend.
    ctx.setDecision(() => false);
    const task = scheduler.scheduleTask.mock.calls[0][0];
    const before = (
      await ctx.stores.runs.listRecoveryRuns({
        target: 'ecommerce',
        operations: ['verify'],
      })
    ).totalItems;
    await task.fn(new AbortController().signal);
    const after = await ctx.stores.runs.listRecoveryRuns({
      target: 'ecommerce',
      operations: ['verify'],
    });
    expect(after.totalItems).toBe(before + 1);
    expect(after.items[0]).toMatchObject({
      status: 'succeeded',
      entityRef: DB_REF,
    });
    expect(after.items[0].initiatedBy).toMatch(/plugin:|external:|service/);
  });

  it('reports a run left running by a backend that died as interrupted', async () => {
    await ctx.stores.runs.saveRecoveryRun({
      id: 'orphan-1',
      operation: 'restore',
      entityRef: DB_REF,
      target: 'ecommerce',
      initiatedBy: 'user:default/alice',
      status: 'running',
      dryRun: false,
      startedAt: new Date(Date.now() - 60_000).toISOString(),
      steps: [{ id: 'restore', title: 'Restore', status: 'running' }],
    });
    const res = await request(ctx.server)
      .get('/api/disaster-recovery/runs/orphan-1')
      .set('Authorization', ALICE);
    expect(res.body).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/^Interrupted/),
      steps: [expect.objectContaining({ status: 'failed' })],
    });
    expect((await ctx.stores.runs.getRecoveryRun('orphan-1'))!.status).toBe(
      'failed',
    );
  });

  it('stopping a restore at any point (run deadline) leaves the live database intact and nothing behind; a rerun completes', async () => {
    const executor = new RecoveryOperationExecutor({
      logger: mockServices.logger.mock(),
      auditor: mockServices.auditor.mock({
        createEvent: async () => ({
          success: async () => {},
          fail: async () => {},
        }),
      }),
      permissions: mockServices.permissions(),
      catalog: catalogServiceMock({ entities: testEntities() }),
      stores: ctx.stores,
      targets: readTargetsFromConfig(
        mockServices.rootConfig({
          data: {
            disasterRecovery: {
              targets: { ecommerce: targetConfig(platform, PREFIX) },
            },
          },
        }),
      ),
    });
    const liveBefore = await sql(`select count(*) as n from orders`);
    const outcomes: string[] = [];
    const deadlineError = expect.stringMatching(/maximum duration/);
    // Deadlines spread over the whole restore (locate, download, create, pg_restore, checks).
    for (const ms of [40, 100, 160, 220, 300, 380, 460, 540, 620, 700]) {
      (executor as unknown as { maxRunDurationMs: number }).maxRunDurationMs =
        ms;
      const started = await executor.start(
        {
          operation: 'restore',
          entityRef: DB_REF,
          parameters: { key: backupKey },
        },
        {
          credentials: mockCredentials.user('user:default/alice'),
          trusted: true,
        },
      );
      const run = await executor.waitForRun(started.id);
      const left = (await databases()).filter(d =>
        d.startsWith('ecommerce_restore_'),
      );
      const seen = {
        ms,
        status: run.status,
        error: run.error,
        left,
        steps: run.steps.map(x => `${x.id}:${x.status}`).join(','),
      };
      // Stopped: nothing left behind. Finished before its deadline: only the verified copy.
      const expected =
        run.status === 'failed'
          ? {
              ...seen,
              error: deadlineError,
              left: [],
            }
          : { ...seen, status: 'succeeded', left: [run.output!.newDatabase] };
      expect(seen).toEqual(expected);
      for (const database of left) {
        await sql(`drop database ${database}`);
      }
      outcomes.push(`${ms}ms:${run.status}@${run.steps.at(-1)?.id}`);
      expect(await ctx.stores.runs.getLock('ecommerce')).toBeUndefined();
      expect(await sql(`select count(*) as n from orders`)).toEqual(liveBefore);
    }
    expect(
      outcomes.filter(o => o.includes(':failed')).length,
    ).toBeGreaterThanOrEqual(5);

    (
      executor as unknown as { maxRunDurationMs: number }
    ).maxRunDurationMs = 600_000;
    const rerun = await executor.waitForRun(
      (
        await executor.start(
          {
            operation: 'restore',
            entityRef: DB_REF,
            parameters: { key: backupKey },
          },
          {
            credentials: mockCredentials.user('user:default/alice'),
            trusted: true,
          },
        )
      ).id,
    );
    expect(rerun.status).toBe('succeeded');
    await sql(`drop database ${rerun.output!.newDatabase}`);
  });

  it('never puts a password or secret key in runs, errors or audit events', async () => {
    const { items } = await ctx.stores.runs.listRecoveryRuns({
      target: 'ecommerce',
      limit: 100,
    });
    const text = JSON.stringify({ items, audit: ctx.audit });
    expect(text).not.toContain(platform.primary.password);
    expect(text).not.toContain(platform.s3!.secretAccessKey);
  });
});
