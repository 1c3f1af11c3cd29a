import {
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  readTargetsFromConfig,
  statsKeyFor,
} from '@dr-portal/backstage-plugin-disaster-recovery-node';
import request from 'supertest';
import {
  targetConfig,
  testEntities,
} from './__testUtils__/operationsTestBackend';
import { RecoveryOperationExecutor } from './RecoveryOperationExecutor';
import {
  ALICE,
  BOB,
  DB_REF,
  OperationsSuite,
  PREFIX,
  setUpOperationsSuite,
  TENANT_REF,
} from './__testUtils__/operationsSuite';

jest.setTimeout(180_000);

describe('restore runs (real PostgreSQL and object store)', () => {
  const suite = setUpOperationsSuite();
  const { post, waitForEnd, sql, databases } = suite;
  let ctx: OperationsSuite['ctx'];
  let platform: OperationsSuite['platform'];

  beforeAll(() => {
    ({ ctx, platform } = suite);
  });

  let backupKey: string;

  beforeAll(async () => {
    backupKey = await suite.takeBackup();
  });

  it('plans a restore with the purpose the caller names, else the derived one', async () => {
    const plan = (body: object) =>
      post({
        operation: 'restore',
        entityRef: DB_REF,
        dryRun: true,
        ...body,
      });
    const derived = await plan({ parameters: { cutOver: true } });
    expect(derived.body.run).toMatchObject({
      purpose: 'recovery',
      entityRef: DB_REF,
      databaseRef: DB_REF,
    });
    expect((await plan({})).body.run.purpose).toBe('test');
    expect((await plan({ purpose: 'drill' })).body.run.purpose).toBe('drill');
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
    // Without cut-over it is a test: it acted on the database, and is no recovery.
    expect(run).toMatchObject({ purpose: 'test', databaseRef: DB_REF });
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

  it('records the warnings a restore went ahead with in its run and its audit event', async () => {
    const Bucket = platform.s3!.bucket;
    // The same dump (and its statistics) without its recorded SHA-256: the checksum check warns.
    const Key = backupKey.replace(/\.dump$/, '-unsummed.dump');
    for (const [from, to] of [
      [backupKey, Key],
      [statsKeyFor(backupKey), statsKeyFor(Key)],
    ]) {
      const original = await suite.s3.send(
        new GetObjectCommand({ Bucket, Key: from }),
      );
      await suite.s3.send(
        new PutObjectCommand({
          Bucket,
          Key: to,
          Body: Buffer.from(await original.Body!.transformToByteArray()),
          Metadata: Object.fromEntries(
            Object.entries(original.Metadata ?? {}).filter(
              ([k]) => k !== 'sha256',
            ),
          ),
        }),
      );
    }
    const made: string[] = [];
    const restore = async (parameters: object) => {
      const res = await post({
        operation: 'restore',
        entityRef: DB_REF,
        parameters: { key: Key, ...parameters },
      });
      const run = await waitForEnd(res.body.run.id);
      made.push(run.output!.newDatabase as string);
      return run;
    };
    const endEvent = (runId: string) =>
      ctx.audit.find(
        e => e.meta?.actionType === 'start' && e.outcomeMeta?.runId === runId,
      );
    const warned = expect.objectContaining({ id: 'checksum', status: 'warn' });
    try {
      // Without a cut-over the warning does not stop the restore; nobody accepted it.
      const plain = await restore({});
      expect(plain.status).toBe('succeeded');
      expect(plain.output!.checks).toContainEqual(warned);
      expect(plain.output!.acceptedWarnings).toEqual([]);
      expect(endEvent(plain.id)?.outcomeMeta).not.toHaveProperty(
        'acceptedWarnings',
      );
      const run = await restore({ acceptWarnings: ['checksum'] });
      expect(run.status).toBe('succeeded');
      expect(run.output!.acceptedWarnings).toEqual([warned]);
      expect(endEvent(run.id)).toMatchObject({
        outcome: 'success',
        outcomeMeta: { acceptedWarnings: [warned] },
      });
    } finally {
      for (const database of made) {
        await sql(`drop database if exists ${database}`);
      }
      for (const gone of [Key, statsKeyFor(Key)]) {
        await suite.s3.send(new DeleteObjectCommand({ Bucket, Key: gone }));
      }
    }
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
    const text = await suite.recordedText();
    expect(text).not.toContain(platform.primary.password);
    expect(text).not.toContain(platform.s3!.secretAccessKey);
  });
});
