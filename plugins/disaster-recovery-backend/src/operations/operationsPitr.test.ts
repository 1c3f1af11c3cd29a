import {
  RecoveryRun,
  RecoveryWindowResponse,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import {
  Platform,
  pgConnectionConfig,
  seedDemoData,
  startPlatform,
} from '../__testUtils__/platformHarness';
import { ClientConfig } from 'pg';
import request from 'supertest';
import { startOperationsBackend } from './__testUtils__/operationsTestBackend';
import { ALICE, DB_REF } from './__testUtils__/operationsSuite';
import {
  queryNode,
  runPgBackRest,
  stopRestoredPitrServer,
} from './__testUtils__/pitrPlatform';

jest.setTimeout(300_000);

describe('point-in-time restore through the operations routes (real pgBackRest)', () => {
  let platform: Platform;
  let ctx: Awaited<ReturnType<typeof startOperationsBackend>>;
  let restored: { dataDirectory: string; port: number } | undefined;

  const sql = <T = any>(text: string, config?: ClientConfig) =>
    queryNode<T>(platform.primary, text, config);
  const pgbackrest = (args: string[]) => runPgBackRest(platform, args);

  async function post(body: unknown) {
    return request(ctx.server)
      .post('/api/disaster-recovery/operations')
      .set('Authorization', ALICE)
      .send(body as object);
  }

  async function waitForEnd(id: string): Promise<RecoveryRun> {
    for (let i = 0; i < 1200; i++) {
      const res = await request(ctx.server)
        .get(`/api/disaster-recovery/runs/${id}`)
        .set('Authorization', ALICE);
      if (res.body.status !== 'running') {
        return res.body;
      }
      await new Promise(r => setTimeout(r, 250));
    }
    throw new Error(`run ${id} did not end`);
  }

  beforeAll(async () => {
    platform = await startPlatform({ standby: false, pgbouncer: false });
    await seedDemoData(platform.primary, { tenants: 5, ordersPerTenant: 20 });
    pgbackrest(['--type=full', 'backup']);
    ctx = await startOperationsBackend({ platform, prefix: 'pitr-test' });
  });

  afterAll(async () => {
    await stopRestoredPitrServer(platform, restored);
    await ctx?.backend.stop();
    await platform?.stop();
  });

  it('gives the recoverable window that the restore checks against, and refuses a time just outside it naming it', async () => {
    // The window opens a second after the backup's stop: right after the backup it is empty
    // until WAL written after that second is archived.
    const readWindow = () =>
      request(ctx.server)
        .get(
          '/api/disaster-recovery/entities/resource/default/ecommerce-db/recovery-window',
        )
        .set('Authorization', ALICE);
    let res = await readWindow();
    for (
      let i = 0;
      i < 60 && !(res.body.pitr?.earliest < res.body.pitr?.latest);
      i++
    ) {
      await new Promise(r => setTimeout(r, 1_000));
      await sql(`select txid_current()`);
      await sql(`select pg_switch_wal()`);
      res = await readWindow();
    }
    expect(res.status).toBe(200);
    const body: RecoveryWindowResponse = res.body;
    expect(body).toMatchObject({
      target: 'ecommerce',
      databaseRef: DB_REF,
      totalDumps: 0,
      dumps: [],
    });
    if (!body.pitr.available) throw new Error(body.pitr.reason);
    expect(body.pitr.stanza).toBe(platform.pgbackrest!.stanza);
    expect(body.pitr.earliest < body.pitr.latest).toBe(true);

    // One second before the earliest: refused with the same window in the message.
    const before = new Date(Date.parse(body.pitr.earliest) - 1000);
    const refused = await post({
      operation: 'restore-pitr',
      entityRef: DB_REF,
      parameters: { targetTime: before.toISOString() },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toBe(
      `targetTime ${before.toISOString()} is outside the PITR window ${
        body.pitr.earliest
      } .. ${body.pitr.latest} of target ecommerce`,
    );
    expect(refused.body.error.stack).toBeUndefined();

    // A tenant of the database reads the database's window.
    const tenant = await request(ctx.server)
      .get(
        '/api/disaster-recovery/entities/resource/default/tenant-00001/recovery-window',
      )
      .set('Authorization', ALICE);
    expect(tenant.status).toBe(200);
    expect(tenant.body.pitr.earliest).toBe(body.pitr.earliest);
  });

  it('refuses times outside the PITR window and in the future, before any side effect', async () => {
    for (const targetTime of ['2001-01-01T00:00:00Z', '2999-01-01T00:00:00Z']) {
      const res = await post({
        operation: 'restore-pitr',
        entityRef: DB_REF,
        parameters: { targetTime },
      });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(
        /outside the PITR window|in the future/,
      );
    }
    const cut = await post({
      operation: 'restore-pitr',
      entityRef: DB_REF,
      parameters: { targetTime: new Date().toISOString(), cutOver: true },
    });
    expect(cut.status).toBe(400);
    expect(cut.body.error.message).toMatch(
      /Cut-over after a point-in-time restore is not supported/,
    );
    expect(
      (await ctx.stores.runs.listRecoveryRuns({ target: 'ecommerce' }))
        .totalItems,
    ).toBe(0);
  });

  it('recovers to a point in time into a new server, with restore point and data-loss window', async () => {
    // A row before the target time, one after: the restored copy must have only the first.
    await sql(
      `create table pitr_marks (label text, at timestamptz default now())`,
    );
    await sql(`insert into pitr_marks (label) values ('before')`);
    await new Promise(r => setTimeout(r, 1500));
    const targetTime = new Date().toISOString();
    await new Promise(r => setTimeout(r, 1500));
    await sql(`insert into pitr_marks (label) values ('after')`);
    await sql(`select pg_switch_wal()`);
    // Wait until the WAL with both rows is archived (the window's end comes from pg_stat_archiver).
    for (let i = 0; i < 100; i++) {
      const [row] = await sql<{ t: Date | null }>(
        `select last_archived_time as t from pg_stat_archiver`,
      );
      if (row.t && row.t.toISOString() > targetTime) break;
      await new Promise(r => setTimeout(r, 200));
    }

    const plan = await post({
      operation: 'restore-pitr',
      entityRef: DB_REF,
      dryRun: true,
      parameters: { targetTime },
    });
    expect(plan.status).toBe(200);
    expect(plan.body.run.steps.map((s: { id: string }) => s.id)).toEqual([
      'window',
      'prepare',
      'restore',
      'start',
      'promote',
      'verify',
    ]);

    const res = await post({
      operation: 'restore-pitr',
      entityRef: DB_REF,
      parameters: { targetTime },
    });
    expect(res.status).toBe(202);
    const run = await waitForEnd(res.body.run.id);
    expect(run.error).toBeUndefined();
    expect(run.status).toBe('succeeded');
    restored = {
      dataDirectory: run.output!.dataDirectory as string,
      port: run.output!.port as number,
    };
    expect(run.restorePoint).toBe(targetTime);
    expect(run.dataLossSeconds).toBeGreaterThanOrEqual(1);
    expect(run.achievedRtoSeconds).toBeGreaterThan(0);
    expect(restored.port).not.toBe(platform.primary.port);

    const marks = await sql<{ label: string }>(
      `select label from pitr_marks order by at`,
      {
        ...pgConnectionConfig(platform.primary),
        port: restored.port,
      },
    );
    expect(marks.map(m => m.label)).toEqual(['before']);
    // The live server still has both.
    expect((await sql(`select label from pitr_marks`)).length).toBe(2);
  });
});
