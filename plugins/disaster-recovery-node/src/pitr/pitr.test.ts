import { seedDemoData } from '../__testUtils__/platformHarness';
import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { startTestPlatform, TestPlatform } from '../__testUtils__/platform';
import { readPgBackRestInfo, readPitrWindow } from './pgBackRestInfo';
import { restorePointInTime, stopRestoredServer } from './pitr';
import { runProcess } from '../process/processRunner';
import {
  discardRestoredCopy,
  listRestoredCopies,
} from '../restore/restoredCopies';
import { DatabaseTarget } from '../target/target';

jest.setTimeout(180_000);

let tp: TestPlatform;
let target: DatabaseTarget;
let baseDir: string;
let between: Date;

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

beforeAll(async () => {
  tp = await startTestPlatform({ pgbackrest: true });
  baseDir = mkdtempSync(path.join(os.tmpdir(), 'dr-pitr-test-'));
  chmodSync(baseDir, 0o755);
  target = {
    ...tp.target,
    pgbackrest: { ...tp.target.pgbackrest!, restoreBaseDir: baseDir },
  };
  await seedDemoData(tp.platform.primary, { tenants: 4 });
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
  await tp.query(
    'CREATE TABLE marker (n int, at timestamptz DEFAULT clock_timestamp())',
  );
  await tp.query('INSERT INTO marker (n) VALUES (1)');
  await sleep(1200);
  between = new Date();
  await sleep(1200);
  await tp.query('INSERT INTO marker (n) VALUES (2)');
  await tp.query('SELECT pg_switch_wal()');
  for (let i = 0; i < 100; i++) {
    const [{ ok }] = await tp.query(
      `SELECT last_archived_time > (SELECT max(at) FROM marker) AS ok FROM pg_stat_archiver`,
    );
    if (ok) break;
    await sleep(200);
  }
});

afterAll(async () => {
  await tp?.stop();
  if (baseDir) rmSync(baseDir, { recursive: true, force: true });
});

describe('point-in-time restore', () => {
  it('reads pgbackrest info and the PITR window', async () => {
    const info = await readPgBackRestInfo(target);
    expect(info.status.code).toBe(0);
    expect(info.backups).toHaveLength(1);
    expect(info.backups[0]).toMatchObject({ type: 'full' });
    expect(info.archive?.min).toMatch(/^[0-9A-F]{24}$/);
    const window = await readPitrWindow(target);
    expect(window.latestSource).toBe('archiver');
    expect(window.earliest < between.toISOString()).toBe(true);
    expect(window.latest > between.toISOString()).toBe(true);
  });

  it.each([
    [
      'before the oldest backup',
      '2001-01-01T00:00:00Z',
      /outside the PITR window/,
    ],
    [
      'in the future',
      () => new Date(Date.now() + 3600_000).toISOString(),
      /outside the PITR window/,
    ],
    ['not a time', '2025-13-45 99:99', /ISO 8601/],
    ['without a zone', '2025-01-01T00:00:00', /ISO 8601/],
    [
      'with shell metacharacters',
      "2025-01-01T00:00:00Z'; rm -rf /",
      /ISO 8601/,
    ],
  ])(
    'rejects a target time %s before any side effect',
    async (_what, time, message) => {
      const spawned = tp.spawned.length;
      const targetTime = typeof time === 'function' ? time() : time;
      await expect(restorePointInTime({ target, targetTime })).rejects.toThrow(
        message,
      );
      expect(readdirSync(baseDir)).toEqual([]);
      // at most `pgbackrest info` ran, never `restore`
      expect(
        tp.spawned.slice(spawned).filter(r => r.args.includes('restore')),
      ).toEqual([]);
    },
  );

  it('recovers to a time inside the window into a new data directory and port', async () => {
    const steps: string[] = [];
    const result = await restorePointInTime({
      target,
      targetTime: between.toISOString(),
      logger: tp.logger,
      onStep: s => s.status === 'succeeded' && steps.push(s.id),
    });
    try {
      expect(steps).toEqual([
        'window',
        'prepare',
        'restore',
        'start',
        'promote',
        'verify',
      ]);
      expect(result.server.port).not.toBe(tp.platform.primary.port);
      expect(result.server.dataDir.startsWith(baseDir)).toBe(true);
      expect(result.recoveryStop).toMatch(
        /^recovery stopping before commit of transaction \d+, time /,
      );
      const c = new Client({
        ...result.connection,
        password: target.primary.password,
      });
      await c.connect();
      try {
        expect((await c.query('SELECT n FROM marker ORDER BY n')).rows).toEqual(
          [{ n: 1 }],
        );
        expect(
          (await c.query('SELECT count(*)::int n FROM tenants')).rows[0].n,
        ).toBe(4);
        expect((await c.query('SELECT pg_is_in_recovery() r')).rows[0].r).toBe(
          false,
        );
      } finally {
        await c.end();
      }
      // the live primary is untouched
      expect(
        (await tp.query('SELECT n FROM marker ORDER BY n')).map(r => r.n),
      ).toEqual([1, 2]);
    } finally {
      await stopRestoredServer(result.server);
    }
    expect(readdirSync(baseDir)).toEqual([]);
  });

  it('lists a recovered server as a restored copy and discards it (stopped, directory removed)', async () => {
    const result = await restorePointInTime({
      target,
      targetTime: between.toISOString(),
    });
    const root = path.basename(path.dirname(result.server.dataDir));
    try {
      const copies = await listRestoredCopies({ target });
      expect(copies).toEqual([
        expect.objectContaining({
          kind: 'pitr-server',
          name: root,
          database: target.primary.database,
          port: result.server.port,
          running: true,
        }),
      ]);
      expect(copies[0].sizeBytes).toBeGreaterThan(1_000_000);
      const res = await discardRestoredCopy({ target, name: root });
      expect(res.discarded.kind).toBe('pitr-server');
      expect(readdirSync(baseDir)).toEqual([]);
      const c = new Client({
        ...result.connection,
        password: target.primary.password,
      });
      await expect(c.connect()).rejects.toThrow();
      expect(await listRestoredCopies({ target })).toEqual([]);
    } finally {
      await stopRestoredServer(result.server);
    }
  });
});
