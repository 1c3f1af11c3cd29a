import {
  chmodSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { seedDemoData } from '../__testUtils__/platformHarness';
import { demoDataFingerprint } from '../__testUtils__/demoTables';
import { startTestPlatform, TestPlatform } from '../__testUtils__/platform';
import { runProcess } from '../process/processRunner';
import { DatabaseTarget } from '../target/target';
import {
  drillArtefactNames,
  listDrillArtefacts,
  removeDrillArtefacts,
} from './drillArtefacts';
import { portIsFree } from './drillServers';
import { runPitrDrill } from './pitrDrill';
import { isAlive, runAndKill, waitUntil } from './__testUtils__/runAndKill';

jest.setTimeout(900_000);

let tp: TestPlatform;
let target: DatabaseTarget;
let baseDir: string;

/** Checksums of every demo table of the primary, its databases and its replication slots. */
async function liveFingerprint(): Promise<string> {
  return JSON.stringify([
    ...(await demoDataFingerprint(tp)),
    await tp.query(`SELECT datname FROM pg_database ORDER BY 1`),
    await tp.query(`SELECT slot_name FROM pg_replication_slots ORDER BY 1`),
  ]);
}

/** Processes whose command line names a path under `dir` (a restored server left running). */
function processesUnder(dir: string): number[] {
  return readdirSync('/proc')
    .filter(p => /^\d+$/.test(p))
    .filter(pid => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dir);
      } catch {
        return false;
      }
    })
    .map(Number);
}

beforeAll(async () => {
  tp = await startTestPlatform({ standby: false, pgbackrest: true });
  baseDir = mkdtempSync(path.join(os.tmpdir(), 'dr-pitr-drill-test-'));
  chmodSync(baseDir, 0o755);
  target = {
    ...tp.target,
    pgbackrest: { ...tp.target.pgbackrest!, restoreBaseDir: baseDir },
  };
  await seedDemoData(tp.platform.primary, { tenants: 6, ordersPerTenant: 30 });
  const [cmd, ...rest] = tp.platform.pgbackrest!.command;
  await runProcess({
    command: cmd,
    args: [
      ...rest,
      `--stanza=${target.pgbackrest!.stanza}`,
      '--type=full',
      'backup',
    ],
    cwd: os.tmpdir(),
  });
});

afterAll(async () => {
  await tp?.stop();
  if (baseDir) rmSync(baseDir, { recursive: true, force: true });
});

describe('runPitrDrill (real PostgreSQL and pgBackRest)', () => {
  it("recovers to its own moment, matches the primary's counts then, and removes the restored server", async () => {
    const names = drillArtefactNames(target, new Date(), { pitrServer: true });
    expect(path.dirname(names.serverDir!)).toBe(baseDir);
    const result = await runPitrDrill({ target, names });
    expect(result.validation.passed).toBe(true);
    expect(result.checks.map(c => `${c.id}:${c.status}`)).toEqual([
      'tables:pass',
      'row-counts:pass',
      'tenant-row-counts:pass',
    ]);
    expect(result.recoveryStop).toMatch(/recovery stopping before/);
    expect(result.steps.map(s => s.id)).toEqual([
      'source',
      'archive',
      'window',
      'prepare',
      'restore',
      'start',
      'promote',
      'verify',
      'compare',
      'cleanup',
    ]);
    expect(readdirSync(baseDir)).toEqual([]);
    expect(await portIsFree(result.server.port)).toBe(true);
    expect(await listDrillArtefacts(target)).toEqual([]);
  });

  it('leaves no server process or directory after the clean-up pass when its process is killed at random steps, and the live data is untouched', async () => {
    const live = await liveFingerprint();
    let seed = 20261203;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const trials: Array<{ step: string; leftovers: number }> = [];
    for (let trial = 0; trial < 10; trial++) {
      // kill when the n-th step (1 source … 9 compare) starts, after a random part of a second
      const killAtStart = 1 + Math.floor(random() * 9);
      const delayMs = Math.floor(random() * 400);
      const { pids, killedAt } = await runAndKill(
        { target, kind: 'pitr' },
        killAtStart,
        delayMs,
      );
      const removed = await removeDrillArtefacts(target);
      trials.push({ step: killedAt, leftovers: removed.length });
      await waitUntil(() => pids.every(pid => !isAlive(pid)));
      expect(await listDrillArtefacts(target)).toEqual([]);
      expect(readdirSync(baseDir)).toEqual([]);
      expect(processesUnder(baseDir)).toEqual([]);
    }
    expect(await liveFingerprint()).toBe(live);
    // eslint-disable-next-line no-console
    console.log(`pitr drill kill trials: ${JSON.stringify(trials)}`);
    expect(trials.filter(t => t.leftovers > 0).length).toBeGreaterThanOrEqual(
      5,
    );
  });
});
