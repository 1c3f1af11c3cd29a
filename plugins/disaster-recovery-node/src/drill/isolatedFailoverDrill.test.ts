import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { Client } from 'pg';
import {
  pgConnectionConfig,
  seedDemoData,
} from '../__testUtils__/platformHarness';
import { demoDataFingerprint } from '../__testUtils__/demoTables';
import { startTestPlatform, TestPlatform } from '../__testUtils__/platform';
import { DatabaseTarget } from '../target/target';
import { listDrillArtefacts, removeDrillArtefacts } from './drillArtefacts';
import { portIsFree } from './drillServers';
import { runIsolatedFailoverDrill } from './isolatedFailoverDrill';
import { isAlive, runAndKill, waitUntil } from './__testUtils__/runAndKill';

jest.setTimeout(900_000);

let tp: TestPlatform;
let target: DatabaseTarget;
let scratch: string;

/** Checksums of every demo table of the primary and of the standby, and the primary's databases and roles. */
async function liveFingerprint(): Promise<string> {
  const standby = new Client(pgConnectionConfig(tp.platform.standby!));
  await standby.connect();
  try {
    const standbyState = await standby.query(
      `SELECT pg_is_in_recovery() r, (SELECT count(*) FROM orders) o, (SELECT count(*) FROM customers) c`,
    );
    return JSON.stringify([
      ...(await demoDataFingerprint(tp)),
      await tp.query(`SELECT datname FROM pg_database ORDER BY 1`),
      await tp.query(`SELECT slot_name FROM pg_replication_slots ORDER BY 1`),
      await tp.query(`SELECT pg_is_in_recovery() r`),
      standbyState.rows,
    ]);
  } finally {
    await standby.end();
  }
}

/** Waits until the standby replayed everything the primary wrote. */
async function standbyCaughtUp(): Promise<void> {
  const [{ lsn }] = await tp.query(
    'SELECT pg_current_wal_insert_lsn()::text AS lsn',
  );
  const standby = new Client(pgConnectionConfig(tp.platform.standby!));
  await standby.connect();
  try {
    for (let i = 0; i < 600; i++) {
      const { rows } = await standby.query(
        'SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS done',
        [lsn],
      );
      if (rows[0].done) return;
      await new Promise(r => setTimeout(r, 50));
    }
    throw new Error('the standby did not catch up');
  } finally {
    await standby.end();
  }
}

beforeAll(async () => {
  tp = await startTestPlatform({ standby: true, pgbackrest: false });
  await seedDemoData(tp.platform.primary, { tenants: 8, ordersPerTenant: 40 });
  scratch = path.join(tp.platform.baseDir, 'drills');
  await mkdir(scratch);
  target = {
    ...tp.target,
    isolatedFailover: {
      scratchDirectory: scratch,
      osUser: tp.platform.osUser,
      ports: { from: 47100, to: 47199 },
    },
  };
});

afterAll(async () => {
  await tp?.stop();
});

describe('runIsolatedFailoverDrill', () => {
  it('builds a throwaway copy of the primary, promotes it, compares its counts with the primary, and removes it, touching nothing live', async () => {
    await standbyCaughtUp();
    const live = await liveFingerprint();
    const started = Date.now();
    const result = await runIsolatedFailoverDrill({ target });
    expect(result.steps.map(s => `${s.id}:${s.status}`)).toEqual([
      'prepare:succeeded',
      'basebackup:succeeded',
      'source:succeeded',
      'configure:succeeded',
      'start:succeeded',
      'catch-up:succeeded',
      'promote:succeeded',
      'smoke:succeeded',
      'cleanup:succeeded',
    ]);
    expect(result.server.port).toBeGreaterThanOrEqual(47100);
    expect(result.server.port).toBeLessThanOrEqual(47199);
    expect(path.dirname(result.server.directory)).toBe(scratch);
    expect(path.basename(result.server.directory)).toMatch(
      /^dr-failover-drill-ecommerce-eu-\d{14}-[0-9a-f]{4}$/,
    );
    expect(result.source.consistent).toBe(true);
    expect(result.validation.passed).toBe(true);
    expect(result.checks.map(c => `${c.id}:${c.status}`)).toEqual([
      'tables:pass',
      'row-counts:pass',
      'tenant-row-counts:pass',
    ]);
    const [{ n }] = await tp.query('SELECT count(*)::int n FROM orders');
    expect(result.validation.detail).toContain(
      `tenant-row-counts: pass, 8 tenants`,
    );
    expect(result.source.rows).toBeGreaterThanOrEqual(n);
    // promoted onto a new timeline; recovery ended when the promoted copy answered a write
    expect(result.timeline).toBe(2);
    const promote = result.steps.find(s => s.id === 'promote')!;
    expect(result.recoveredAt).toBe(promote.finishedAt);
    expect(Date.parse(result.recoveredAt)).toBeGreaterThan(started);
    // nothing was written on the primary after the copy's position but the drill's marker
    expect(result.dataLoss).toMatchObject({
      transactionsAfter: 0,
      windowMs: 0,
    });
    expect(result.removed).toEqual([
      {
        kind: 'server',
        name: path.basename(result.server.directory),
        in: scratch,
      },
    ]);
    expect(await readdir(scratch)).toEqual([]);
    expect(await portIsFree(result.server.port)).toBe(true);
    await standbyCaughtUp();
    expect(await liveFingerprint()).toBe(live);
  });

  it('replays exactly up to the position of the counts: writes after it are the data-loss window, not a mismatch', async () => {
    let writes = 0;
    const result = await runIsolatedFailoverDrill({
      target,
      onStep: step => {
        // after the counts were read, well before the promotion (the copy still has to start)
        if (step.id === 'configure' && step.status === 'running') {
          writes = 1;
          tp.query(
            `INSERT INTO tenants (id, slug, name, tier, data_classes, owner_group, region)
             SELECT 'tenant-late', 'late', 'Late', tier, data_classes, owner_group, region
               FROM tenants LIMIT 1`,
          ).catch(() => {
            writes = -1;
          });
        }
      },
    });
    expect(writes).toBe(1);
    expect(result.validation.passed).toBe(true);
    expect(result.dataLoss.transactionsAfter).toBeGreaterThanOrEqual(1);
    expect(result.dataLoss.lsnGapBytes).toBeGreaterThan(0);
    const promote = result.steps.find(s => s.id === 'promote')!;
    expect(result.dataLoss.windowMs).toBeGreaterThan(0);
    expect(result.dataLoss.windowMs).toBeLessThanOrEqual(
      Date.parse(promote.finishedAt!) - Date.parse(result.source.at),
    );
    await tp.query(`DELETE FROM tenants WHERE id = 'tenant-late'`);
    expect(await readdir(scratch)).toEqual([]);
  });

  it('removes its server when it is aborted after starting it', async () => {
    const controller = new AbortController();
    let port = 0;
    const drill = runIsolatedFailoverDrill({
      target,
      signal: controller.signal,
      onStep: s => {
        const m = /port (\d+)/.exec(s.detail ?? '');
        if (s.id === 'prepare' && m) port = Number(m[1]);
        if (s.id === 'catch-up' && s.status === 'running') controller.abort();
      },
    });
    await expect(drill).rejects.toThrow(/aborted/);
    expect(await listDrillArtefacts(target)).toEqual([]);
    expect(port).toBeGreaterThan(0);
    expect(await portIsFree(port)).toBe(true);
  });

  it('leaves no server, directory or port after the clean-up pass when its process is killed at random steps, and the live data is untouched', async () => {
    await standbyCaughtUp();
    const live = await liveFingerprint();
    let seed = 20261204;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const trials: Array<{ step: string; leftovers: number; port?: number }> =
      [];
    for (let trial = 0; trial < 10; trial++) {
      // kill when the n-th step (1 prepare … 8 smoke) starts, after a random part of a second
      const killAtStart = 1 + Math.floor(random() * 8);
      const delayMs = Math.floor(random() * 400);
      const { pids, killedAt, details } = await runAndKill(
        { target, kind: 'isolated-failover' },
        killAtStart,
        delayMs,
      );
      const port = details.map(d => /port (\d+)$/.exec(d)?.[1]).find(Boolean);
      const removed = await removeDrillArtefacts(target);
      trials.push({
        step: killedAt,
        leftovers: removed.length,
        port: port ? Number(port) : undefined,
      });
      await waitUntil(() => pids.every(pid => !isAlive(pid)));
      expect(await listDrillArtefacts(target)).toEqual([]);
      expect(await readdir(scratch)).toEqual([]);
      // the port the dead drill picked (the first of the range: trials run one after the other)
      expect(await portIsFree(Number(port ?? 47100))).toBe(true);
      const [{ n }] = await tp.query(
        `SELECT count(*)::int n FROM pg_stat_activity WHERE application_name LIKE 'dr-failover-drill-%'`,
      );
      expect(n).toBe(0);
    }
    await standbyCaughtUp();
    expect(await liveFingerprint()).toBe(live);
    // eslint-disable-next-line no-console
    console.log(`failover drill kill trials: ${JSON.stringify(trials)}`);
    expect(trials.filter(t => t.leftovers > 0).length).toBeGreaterThanOrEqual(
      5,
    );
  });
});
