import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { seedDemoData } from '../__testUtils__/platformHarness';
import { demoDataFingerprint } from '../__testUtils__/demoTables';
import { startTestPlatform, TestPlatform } from '../__testUtils__/platform';
import { createBackup, CreateBackupResult } from '../backup/createBackup';
import { listDrillArtefacts, removeDrillArtefacts } from './drillArtefacts';
import { runRestoreDrill } from './restoreDrill';
import { isAlive, runAndKill, waitUntil } from './__testUtils__/runAndKill';

jest.setTimeout(600_000);

let tp: TestPlatform;
let backup: CreateBackupResult;
let workBase: string;

/** Checksums of every live table's data, and the live database's schemas. */
async function liveFingerprint(): Promise<string> {
  return JSON.stringify([
    ...(await demoDataFingerprint(tp)),
    await tp.query(`SELECT nspname FROM pg_namespace ORDER BY 1`),
  ]);
}

beforeAll(async () => {
  tp = await startTestPlatform({ pgbackrest: false });
  await seedDemoData(tp.platform.primary, { tenants: 8, ordersPerTenant: 40 });
  backup = await createBackup({ target: tp.target });
  workBase = await mkdtemp(path.join(os.tmpdir(), 'drill-test-'));
});

afterAll(async () => {
  if (workBase) await rm(workBase, { recursive: true, force: true });
  await tp?.stop();
});

describe('runRestoreDrill', () => {
  it('restores the newest backup into a scratch database, validates it against the statistics, and removes everything', async () => {
    const live = await liveFingerprint();
    const seen: string[] = [];
    const result = await runRestoreDrill({
      target: tp.target,
      kind: 'restore',
      workBase,
      onStep: s => seen.push(`${s.id}:${s.status}`),
      onNames: names => {
        expect(names.database).toMatch(/^ecommerce_drill_\d{14}_[0-9a-f]{4}$/);
      },
    });
    expect(result.key).toBe(backup.key);
    expect(result.restorePoint).toBe(backup.takenAt);
    expect(result.validation.passed).toBe(true);
    expect(result.validation.detail).toMatch(
      /row-counts: pass, \d+ tables, \d+ rows, as recorded at backup time/,
    );
    expect(result.removed.map(a => a.kind).sort()).toEqual([
      'database',
      'work-dir',
    ]);
    expect(seen).toContain('restore:succeeded');
    expect(seen).toContain('verify:succeeded');
    expect(seen[seen.length - 1]).toBe('cleanup:succeeded');
    // recovery ended with the verification, before the clean-up
    const verify = result.steps.find(s => s.id === 'verify')!;
    expect(result.recoveredAt).toBe(verify.finishedAt);
    const cleanup = result.steps.find(s => s.id === 'cleanup')!;
    expect(cleanup.startedAt >= result.recoveredAt).toBe(true);
    expect(await listDrillArtefacts(tp.target, { workBase })).toEqual([]);
    expect(await liveFingerprint()).toBe(live);
  });

  it("restores one tenant's rows into a side schema of a scratch database, compares them with the backup's statistics, and never writes the live database", async () => {
    const live = await liveFingerprint();
    const result = await runRestoreDrill({
      target: tp.target,
      kind: 'tenant-restore',
      tenantId: 'tenant-00002',
      workBase,
    });
    expect(result.validation.passed).toBe(true);
    const stats = result.checks.find(c => c.id === 'tenant-stats')!;
    expect(stats.status).toBe('pass');
    const [{ n }] = await tp.query(
      `SELECT count(*)::int n FROM orders WHERE tenant_id = 'tenant-00002'`,
    );
    expect(stats.detail).toContain(`of tenant tenant-00002`);
    expect(n).toBeGreaterThan(0);
    expect(result.steps.find(s => s.id === 'import')!.status).toBe('skipped');
    expect(await listDrillArtefacts(tp.target, { workBase })).toEqual([]);
    expect(await liveFingerprint()).toBe(live);
  });

  it('removes what it created when it is aborted, and reports the abort', async () => {
    const controller = new AbortController();
    const drill = runRestoreDrill({
      target: tp.target,
      kind: 'restore',
      workBase,
      signal: controller.signal,
      onStep: s => {
        if (s.id === 'restore' && s.status === 'running') controller.abort();
      },
    });
    await expect(drill).rejects.toThrow(/aborted/);
    expect(await listDrillArtefacts(tp.target, { workBase })).toEqual([]);
  });

  it('leaves nothing behind after the clean-up pass when its process is killed at random steps, and the live data is untouched', async () => {
    const live = await liveFingerprint();
    // a deterministic sequence of random choices, printed so a failure can be replayed
    let seed = 20261203;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const trials: Array<{ kind: string; step: string; leftovers: number }> = [];
    for (let trial = 0; trial < 12; trial++) {
      const kind = trial % 2 === 0 ? 'restore' : 'tenant-restore';
      // kill when the n-th step starts, after a random part of a second
      const killAtStart = 1 + Math.floor(random() * 7);
      const delayMs = Math.floor(random() * 300);
      const { pids, killedAt } = await runAndKill(
        { target: tp.target, kind, tenantId: 'tenant-00004', workBase },
        killAtStart,
        delayMs,
      );
      // the clean-up pass right away; then the programs the dead drill had spawned, which run on
      // as orphans, end, and nothing they did may bring an artefact back
      const removed = await removeDrillArtefacts(tp.target, { workBase });
      trials.push({ kind, step: killedAt, leftovers: removed.length });
      await waitUntil(() => pids.every(pid => !isAlive(pid)));
      expect(await listDrillArtefacts(tp.target, { workBase })).toEqual([]);
      expect(await liveFingerprint()).toBe(live);
    }
    // eslint-disable-next-line no-console
    console.log(`kill trials: ${JSON.stringify(trials)}`);
    // the trials must have killed drills that left something for the clean-up to remove
    expect(trials.filter(t => t.leftovers > 0).length).toBeGreaterThanOrEqual(
      5,
    );
  });
});
