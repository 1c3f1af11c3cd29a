import { RecoveryRun } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import request from 'supertest';
import {
  Platform,
  pgConnectionConfig,
  seedDemoData,
  startPlatform,
} from '../__testUtils__/platformHarness';
import { failoverTarget } from './__testUtils__/failoverPair';
import { ALICE, DB_REF } from './__testUtils__/operationsSuite';
import {
  queryNode,
  runPgBackRest,
  stopRestoredPitrServer,
} from './__testUtils__/pitrPlatform';
import {
  OperationsTestBackend,
  startOperationsBackend,
  targetConfig,
} from './__testUtils__/operationsTestBackend';

jest.setTimeout(300_000);

describe('pgBackRest after a switchover and reprotect (real pair, PgBouncer, pgBackRest and object store)', () => {
  let platform: Platform;
  let ctx: OperationsTestBackend;
  let restored: { dataDirectory: string; port: number } | undefined;

  const sql = queryNode;
  const pgbackrest = (args: string[]) => runPgBackRest(platform, args);

  async function run(operation: string, parameters = {}): Promise<RecoveryRun> {
    const res = await request(ctx.server)
      .post('/api/disaster-recovery/operations')
      .set('Authorization', ALICE)
      .send({ operation, entityRef: DB_REF, parameters });
    expect(res.status).toBe(202);
    return ctx.executor.waitForRun(res.body.run.id);
  }

  beforeAll(async () => {
    platform = await startPlatform();
    await seedDemoData(platform.primary, { tenants: 3, ordersPerTenant: 10 });
    pgbackrest(['--type=full', 'backup']);
    const { s3, pgbackrest: pgbr } = targetConfig(platform, 'fo-backup');
    ctx = await startOperationsBackend({
      platform,
      prefix: 'fo-backup',
      target: { ...failoverTarget(platform), s3, pgbackrest: pgbr! },
    });
  });

  afterAll(async () => {
    await stopRestoredPitrServer(platform, restored);
    await ctx?.backend.stop();
    await platform?.stop();
  });

  it('backs up the promoted primary, archives its timeline, and restores a point in time written after the switch', async () => {
    const switched = await run('switchover');
    expect(switched.error).toBeUndefined();
    const reprotected = await run('reprotect');
    expect(reprotected.error).toBeUndefined();
    const primary = platform.standby!;
    const newTimeline = switched.output!.newTimeline as number;

    // the platform's next scheduled backup, now that the configured standby is the primary
    pgbackrest(['--type=incr', 'backup']);
    const info = JSON.parse(pgbackrest(['--output=json', 'info']))[0];
    const newest = info.backup[info.backup.length - 1];
    expect(newest.type).toBe('incr');
    expect(parseInt(newest.archive.start.slice(0, 8), 16)).toBe(newTimeline);

    await sql(primary, 'create table fo_marks (label text)');
    await sql(primary, "insert into fo_marks values ('after-switchover')");
    await new Promise(r => setTimeout(r, 1100));
    const targetTime = new Date().toISOString();
    await new Promise(r => setTimeout(r, 1100));
    await sql(primary, "insert into fo_marks values ('later')");
    await sql(primary, 'select pg_switch_wal()');
    for (let i = 0; i < 150; i++) {
      const [row] = await sql<{ t: Date | null }>(
        primary,
        'select last_archived_time as t from pg_stat_archiver',
      );
      if (row.t && row.t.toISOString() > targetTime) break;
      await new Promise(r => setTimeout(r, 200));
    }

    const pitr = await run('restore-pitr', { targetTime });
    expect(pitr.error).toBeUndefined();
    expect(pitr.status).toBe('succeeded');
    restored = {
      dataDirectory: pitr.output!.dataDirectory as string,
      port: pitr.output!.port as number,
    };
    const marks = await sql<{ label: string }>(
      primary,
      'select label from fo_marks',
      { ...pgConnectionConfig(primary), port: restored.port },
    );
    expect(marks.map(m => m.label)).toEqual(['after-switchover']);
  });
});
