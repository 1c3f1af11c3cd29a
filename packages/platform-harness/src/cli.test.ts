import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { parseStartArgs } from './cli';
import { isAlive, isPortOpen, waitFor } from './processes';
import { processesMentioning } from './testUtils';

jest.setTimeout(120_000);

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const CLI = 'packages/platform-harness/src/cli.ts';
const TRANSFORM = '@backstage/cli/config/nodeTransform.cjs';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'harness-cli-test-'));
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

/** Spawns the CLI exactly as the README documents it, and waits for the ready line. */
async function startCli(args: string[]) {
  const child = spawn(
    process.execPath,
    ['--require', TRANSFORM, CLI, 'start', ...args],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', d => {
    stdout += d;
  });
  child.stderr!.on('data', d => {
    stderr += d;
  });
  const exited = new Promise<number | null>(resolve =>
    child.once('exit', code => resolve(code)),
  );
  await waitFor(
    () => stdout.includes('platform ready') || child.exitCode !== null,
    90_000,
    'the CLI did not become ready',
  );
  if (!stdout.includes('platform ready')) {
    throw new Error(`CLI failed: ${stderr}`);
  }
  return { child, exited, output: () => ({ stdout, stderr }) };
}

function readState(file: string) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

describe('cli start', () => {
  let running: ChildProcess | undefined;
  afterEach(() => {
    if (running?.exitCode === null) running.kill('SIGTERM');
  });

  it('writes a 0600 state file, prints no secret, and stops everything on SIGTERM', async () => {
    const stateFile = path.join(tmp, 'state.json');
    const { child, exited, output } = await startCli([
      '--no-standby',
      '--no-pgbackrest',
      '--seed-tenants',
      '3',
      '--state-file',
      stateFile,
    ]);
    running = child;
    expect(statSync(stateFile).mode & 0o777).toBe(0o600);
    const state = readState(stateFile);
    expect(state.pid).toBe(child.pid);
    expect(state.standby).toBeUndefined();
    expect(state.pgbackrest).toBeUndefined();
    expect(state.s3.bucket).toBeTruthy();
    const { stdout } = output();
    expect(stdout).toMatch(
      /^platform ready in [\d.]+s: primary 127\.0\.0\.1:\d+/,
    );
    for (const secret of [
      state.primary.password,
      state.pgbouncer.adminPassword,
      state.s3.secretAccessKey,
    ]) {
      expect(stdout).not.toContain(secret);
    }

    const client = new Client({
      host: state.primary.host,
      port: state.primary.port,
      user: state.primary.user,
      password: state.primary.password,
      database: state.primary.database,
    });
    await client.connect();
    const { rows } = await client.query(
      'select count(*)::int as n from tenants',
    );
    await client.end();
    expect(rows[0].n).toBe(3);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(existsSync(stateFile)).toBe(false);
    expect(existsSync(state.baseDir)).toBe(false);
    expect(processesMentioning(state.baseDir)).toEqual([]);
    expect(await isPortOpen(state.primary.port)).toBe(false);
    expect(await isPortOpen(state.pgbouncer.port)).toBe(false);
  });

  it('leaves nothing behind when the CLI is killed with SIGKILL (watchdog)', async () => {
    const stateFile = path.join(tmp, 'killed.json');
    const { child, exited } = await startCli([
      '--no-standby',
      '--no-pgbackrest',
      '--state-file',
      stateFile,
    ]);
    running = child;
    const state = readState(stateFile);
    const before = processesMentioning(state.baseDir);
    expect(before.length).toBeGreaterThanOrEqual(4); // postgres, s3, pgbouncer, watchdog
    child.kill('SIGKILL');
    await exited;
    // A process in the middle of exiting already has an empty /proc/<pid>/cmdline (so it no
    // longer "mentions" the base dir) while its pid is still alive: wait for both.
    await waitFor(
      () =>
        processesMentioning(state.baseDir).length === 0 &&
        !existsSync(state.baseDir) &&
        !before.some(isAlive),
      20_000,
      'servers or the base directory survived the killed CLI',
    );
    expect(before.some(isAlive)).toBe(false);
    expect(await isPortOpen(state.primary.port)).toBe(false);
  });

  it('cleans up after a script that ends without calling stop()', () => {
    const script = `
      const { startPlatform } = require(${JSON.stringify(
        path.join(__dirname, 'startPlatform.ts'),
      )});
      startPlatform({ standby: false, s3: false, pgbouncer: false }).then(p => {
        console.log(JSON.stringify({ baseDir: p.baseDir, port: p.primary.port }));
      });`;
    const result = spawnSync(
      process.execPath,
      ['--require', TRANSFORM, '-e', script],
      { cwd: REPO_ROOT, encoding: 'utf8', timeout: 90_000 },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const { baseDir } = JSON.parse(result.stdout.trim().split('\n').pop()!);
    return waitFor(
      () => processesMentioning(baseDir).length === 0 && !existsSync(baseDir),
      20_000,
      'the platform of an exited script survived',
    );
  });

  it('exits 2 with the usage on bad arguments, starting nothing', () => {
    const result = spawnSync(
      process.execPath,
      ['--require', TRANSFORM, CLI, 'start', '--bogus'],
      { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 },
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/unknown option "--bogus"/);
    expect(result.stderr).toMatch(/usage:/);
  });
});

describe('parseStartArgs', () => {
  it('parses the documented flags', () => {
    expect(
      parseStartArgs([
        'start',
        '--no-standby',
        '--no-pgbouncer',
        '--seed-tenants',
        '30',
        '--state-file=/tmp/x.json',
      ]),
    ).toEqual({
      options: { standby: false, pgbouncer: false },
      stateFile: '/tmp/x.json',
      seedTenants: 30,
      seed: undefined,
      ordersPerTenant: undefined,
      writeLoad: undefined,
    });
  });

  it('parses the write load and the archive timeout of the demo', () => {
    const args = parseStartArgs([
      'start',
      '--seed-tenants',
      '40',
      '--archive-timeout',
      '60',
      '--write-load=2',
      '--state-file',
      'a.json',
    ]);
    expect(args.options).toEqual({ archiveTimeoutSeconds: 60 });
    expect(args.writeLoad).toBe(2);
    expect(() =>
      parseStartArgs(['start', '--write-load', '2', '--state-file', 'a']),
    ).toThrow(/--write-load needs --seed-tenants/);
  });

  it('turns pgBackRest off with the store, and requires a state file', () => {
    expect(
      parseStartArgs(['start', '--no-s3', '--state-file', 'a.json']).options,
    ).toEqual({ s3: false, pgbackrest: false });
    expect(() => parseStartArgs(['start'])).toThrow(/--state-file is required/);
    expect(() =>
      parseStartArgs(['start', '--seed-tenants', 'many', '--state-file', 'a']),
    ).toThrow(/non-negative integer/);
    expect(() => parseStartArgs(['stop'])).toThrow(/unknown command/);
  });
});
