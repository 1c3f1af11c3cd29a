import {
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { mockCredentials } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { RecoveryRun } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import {
  BOB,
  DB_REF,
  OperationsSuite,
  PREFIX,
  setUpOperationsSuite,
  TENANT_REF,
} from './__testUtils__/operationsSuite';
import { verifyOperation } from './definitions/verify';
import { registerOperationActions } from './registerOperationActions';

jest.setTimeout(180_000);

describe('recovery operations refused before any side effect (real PostgreSQL and object store)', () => {
  const suite = setUpOperationsSuite();
  const { post, sideEffectState, takeBackup, waitForEnd } = suite;
  let ctx: OperationsSuite['ctx'];
  let platform: OperationsSuite['platform'];
  let s3: OperationsSuite['s3'];

  beforeAll(() => {
    ({ ctx, platform, s3 } = suite);
  });

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

  it.each([
    [
      { operation: 'restore', purpose: 'test', parameters: { cutOver: true } },
      /purpose: a test never cuts over/,
    ],
    [{ operation: 'backup', purpose: 'recovery' }, /purpose: a backup run/],
    [{ operation: 'verify', purpose: 'drill' }, /purpose: a verify run/],
    [{ operation: 'restore', purpose: 'incident' }, /purpose: Invalid enum/],
  ])('refuses %j with 400 naming the purpose', async (body, message) => {
    const before = await sideEffectState();
    const res = await post({ entityRef: DB_REF, ...body });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
    expect(await sideEffectState()).toEqual(before);
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
  it('does not record a verification of a backup deleted before it was recorded', async () => {
    const bucket = platform.s3!.bucket;
    const backupKey = await takeBackup();
    const original = await s3.send(
      new GetObjectCommand({ Bucket: bucket, Key: backupKey }),
    );
    const goneKey = backupKey.replace(/\.dump$/, '-gone.dump');
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: goneKey,
        Body: Buffer.from(await original.Body!.transformToByteArray()),
        Metadata: original.Metadata,
      }),
    );
    const execute = verifyOperation.execute;
    const spy = jest
      .spyOn(verifyOperation, 'execute')
      .mockImplementation(async (prepared, context) => {
        const outcome = await execute(prepared, context);
        await s3.send(
          new DeleteObjectCommand({ Bucket: bucket, Key: goneKey }),
        );
        return outcome;
      });
    try {
      const res = await post({
        operation: 'verify',
        entityRef: DB_REF,
        parameters: { key: goneKey, mode: 'quick' },
      });
      const run = await waitForEnd(res.body.run.id);
      expect(run.status).toBe('failed');
      expect(run.error).toMatch(
        /was deleted before its verification was recorded/,
      );
      const recorded = await ctx.stores.verifications.listVerifications({
        target: 'ecommerce',
      });
      expect(recorded.some(v => v.runId === run.id)).toBe(false);
    } finally {
      spy.mockRestore();
    }
  });

  it('records the incident a run serves, and refuses an unknown or malformed incident before any side effect', async () => {
    const before = await sideEffectState();
    const unknown = await post({
      operation: 'backup',
      entityRef: DB_REF,
      incidentId: 'INC-2026-999',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(
      /incidentId: no incident INC-2026-999/,
    );
    const malformed = await post({
      operation: 'backup',
      entityRef: DB_REF,
      incidentId: 'INC-1',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toMatch(
      /incidentId: must be an incident id/,
    );
    expect(await sideEffectState()).toEqual(before);

    const incident = await ctx.stores.incidents.declare({
      severity: 'SEV-1',
      title: 'Orders database degraded',
      impact: 'Slow checkout',
      affected: { tenants: [], systems: [], databases: [DB_REF] },
      startedAt: new Date(),
      declaredAt: new Date(),
      declaredBy: 'user:default/alice',
      roles: {},
      drill: false,
    });
    const started = await post({
      operation: 'backup',
      entityRef: DB_REF,
      incidentId: incident.id,
    });
    expect(started.status).toBe(202);
    const run = await waitForEnd(started.body.run.id);
    expect(run).toMatchObject({ status: 'succeeded', incidentId: incident.id });
    const linked = await ctx.stores.runs.listRecoveryRuns({
      incidentId: incident.id,
    });
    expect(linked.items.map(r => r.id)).toEqual([run.id]);
  });

  it('links the runs the actions registry starts to an incident, refusing an unknown or malformed one before any side effect', async () => {
    const registry = actionsRegistryServiceMock();
    registerOperationActions(registry, { executor: ctx.executor });
    const credentials = mockCredentials.user('user:default/alice');
    const before = await sideEffectState();
    for (const [id, input] of [
      ['test:backup-create', { entityRef: DB_REF }],
      ['test:database-restore', { entityRef: DB_REF, cutOver: true }],
      ['test:database-failover', { entityRef: DB_REF }],
      ['test:database-reprotect', { entityRef: DB_REF }],
    ] as const) {
      await expect(
        registry.invoke({
          id,
          input: { ...input, incidentId: 'INC-2026-998' },
          credentials,
        }),
      ).rejects.toThrow(/incidentId: no incident INC-2026-998/);
      await expect(
        registry.invoke({
          id,
          input: { ...input, incidentId: 'INC-26-1' },
          credentials,
        }),
      ).rejects.toThrow(/must be an incident id INC-YYYY-NNN/);
    }
    expect(await sideEffectState()).toEqual(before);

    const incident = await ctx.stores.incidents.declare({
      severity: 'SEV-2',
      title: 'Nightly backup missing',
      impact: 'No fresh backup',
      affected: { tenants: [], systems: [], databases: [DB_REF] },
      startedAt: new Date(),
      declaredAt: new Date(),
      declaredBy: 'user:default/alice',
      roles: {},
      drill: false,
    });
    const { output } = await registry.invoke({
      id: 'test:backup-create',
      input: { entityRef: DB_REF, incidentId: incident.id },
      credentials,
    });
    expect(output).toMatchObject({
      status: 'succeeded',
      incidentId: incident.id,
    });
    const linked = await ctx.stores.runs.listRecoveryRuns({
      incidentId: incident.id,
    });
    expect(linked.items.map(r => r.id)).toEqual([(output as any).runId]);
  });
});
