import {
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { testEntities } from './__testUtils__/operationsTestBackend';
import {
  ALICE,
  BOB,
  DB_REF,
  OperationsSuite,
  PREFIX,
  setUpOperationsSuite,
  TENANT_REF,
} from './__testUtils__/operationsSuite';
import { registerOperationActions } from './registerOperationActions';
import { scheduleVerification } from './scheduleVerification';

jest.setTimeout(180_000);

describe('backup and verify runs (real PostgreSQL and object store)', () => {
  const suite = setUpOperationsSuite();
  const { post, waitForEnd, databases, listKeys } = suite;
  let ctx: OperationsSuite['ctx'];
  let platform: OperationsSuite['platform'];
  let s3: OperationsSuite['s3'];

  beforeAll(() => {
    ({ ctx, platform, s3 } = suite);
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
      backupId: expect.any(String),
    });
    // The backups list (what the DR tab's backups API reads) shows that backup verified.
    const listed = await ctx.stores.backups.listBackups({
      targets: ['ecommerce'],
    });
    expect(listed.items.find(b => b.key === backupKey)).toMatchObject({
      id: verifications[0].backupId,
      verification: { status: 'pass', mode: 'full' },
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
    // The failed verification was recorded as evidence against that object.
    expect(run.steps.map(s => s.id)).not.toContain('record-evidence');
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
      'test:database-failover',
      'test:database-reprotect',
      'test:database-restore',
      'test:database-switchover',
      'test:drill-run',
      'test:failover-preflight',
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

  it('never puts a password or secret key in runs, errors or audit events', async () => {
    const text = await suite.recordedText();
    expect(text).not.toContain(platform.primary.password);
    expect(text).not.toContain(platform.s3!.secretAccessKey);
  });
});
