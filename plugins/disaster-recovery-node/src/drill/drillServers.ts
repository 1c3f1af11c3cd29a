import { randomBytes } from 'node:crypto';
import { readdir, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { InputError } from '@backstage/errors';
import { nameTimestamp } from '../target/identifiers';
import { DatabaseTarget } from '../target/target';

/**
 * The throwaway servers of isolated test failover drills, named so that a clean-up recognises
 * them whatever happened to the drill that made them: a directory
 * `dr-failover-drill-<target>-<YYYYMMDDHHMMSS>-<hex4>` under the target's
 * `isolatedFailover.scratchDirectory` holds the copy's data directory, its socket directory and
 * its log; the same name is the `application_name` of the base backup's sessions on the primary.
 */
const PREFIX = 'dr-failover-drill-';
const TS = '\\d{14}';

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Pattern of the throwaway server directories of a target's isolated test failover drills. */
export function serverDirPattern(target: string): RegExp {
  return new RegExp(`^${PREFIX}${escapeRegExp(target)}-${TS}-[0-9a-f]{4}$`);
}

/** `application_name` prefix of the sessions a target's failover drills open on its primary (at most 63 bytes are kept). */
export function serverSessionPrefix(target: string): string {
  return `${PREFIX}${target}-`.slice(0, 63);
}

/** The scratch directory of a target's isolated test failover drills, or undefined when none is configured. */
export function scratchDirectoryOf(target: DatabaseTarget): string | undefined {
  return target.isolatedFailover?.scratchDirectory;
}

/** Names the throwaway server directory of a drill of `target` started at `at`. */
export function serverDirName(target: DatabaseTarget, at: Date): string {
  return `${PREFIX}${target.name}-${nameTimestamp(at)}-${randomBytes(
    2,
  ).toString('hex')}`;
}

/**
 * The restored servers of point-in-time restore drills: a directory
 * `dr-pitr-drill-<target>-<YYYYMMDDHHMMSS>-<hex4>` under the stanza's `restoreBaseDir` (default the
 * OS temp dir) holds the restored data directory, its socket directory and its log.
 */
const PITR_PREFIX = 'dr-pitr-drill-';

/** Pattern of the restored server directories of a target's point-in-time restore drills. */
export function pitrServerDirPattern(target: string): RegExp {
  return new RegExp(
    `^${PITR_PREFIX}${escapeRegExp(target)}-${TS}-[0-9a-f]{4}$`,
  );
}

/** Where a target's point-in-time restore drills restore, or undefined without pgBackRest settings. */
export function pitrBaseOf(target: DatabaseTarget): string | undefined {
  return target.pgbackrest
    ? target.pgbackrest.restoreBaseDir ?? os.tmpdir()
    : undefined;
}

/** Names the restored server directory of a point-in-time restore drill of `target` started at `at`. */
export function pitrServerDirName(target: DatabaseTarget, at: Date): string {
  return `${PITR_PREFIX}${target.name}-${nameTimestamp(at)}-${randomBytes(
    2,
  ).toString('hex')}`;
}

/** Whether `name` under `dir` is one of the target's drill server directories (failover copy or PITR restore). */
export function isDrillServerDir(
  target: DatabaseTarget,
  name: string,
  dir: string | undefined,
): boolean {
  return (
    !!dir &&
    ((serverDirPattern(target.name).test(name) &&
      dir === scratchDirectoryOf(target)) ||
      (pitrServerDirPattern(target.name).test(name) &&
        dir === pitrBaseOf(target)))
  );
}

/** The target's drill server directories (failover copies and PITR restores) that exist, with the directory each is in. */
export async function listDrillServerDirs(
  target: DatabaseTarget,
): Promise<Array<{ name: string; in: string }>> {
  const found: Array<{ name: string; in: string }> = [];
  for (const [base, pattern] of [
    [scratchDirectoryOf(target), serverDirPattern(target.name)],
    [pitrBaseOf(target), pitrServerDirPattern(target.name)],
  ] as const) {
    if (!base) continue;
    for (const name of await dirsMatching(base, pattern)) {
      found.push({ name, in: base });
    }
  }
  return found;
}

/** Names of the throwaway server directories of a target under its scratch directory. */
export async function listServerDirs(
  target: DatabaseTarget,
): Promise<string[]> {
  const base = scratchDirectoryOf(target);
  if (!base) return [];
  return dirsMatching(base, serverDirPattern(target.name));
}

async function dirsMatching(base: string, pattern: RegExp): Promise<string[]> {
  const entries = await readdir(base, { withFileTypes: true }).catch(() => []);
  return entries
    .filter(e => e.isDirectory() && pattern.test(e.name))
    .map(e => e.name)
    .sort();
}

/** Whether 127.0.0.1:`port` can be bound now (nobody listens on it). */
export async function portIsFree(port: number): Promise<boolean> {
  return new Promise(resolve => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** The first free port of the range, or InputError when every one is taken. */
export async function freePortIn(range: {
  from: number;
  to: number;
}): Promise<number> {
  for (let port = range.from; port <= range.to; port++) {
    if (await portIsFree(port)) return port;
  }
  throw new InputError(
    `No free port from ${range.from} to ${range.to} for the throwaway server`,
  );
}

/** Every process whose command line names a path inside `dir` (pg_basebackup, pg_ctl, runuser, the postmaster). */
async function processesIn(dir: string): Promise<number[]> {
  const entries = await readdir('/proc').catch(() => [] as string[]);
  const found: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    const args = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(
      () => '',
    );
    if (
      args
        .split('\0')
        .some(a => a === dir || a.includes(`${dir}/`) || a.endsWith(`=${dir}`))
    ) {
      found.push(Number(entry));
    }
  }
  return found;
}

async function postmasterOf(dataDir: string): Promise<number | undefined> {
  const text = await readFile(
    path.join(dataDir, 'postmaster.pid'),
    'utf8',
  ).catch(() => '');
  const pid = Number(text.split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  // a pid that was reused by another program is left alone
  const args = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  return args.includes(dataDir) ? pid : undefined;
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // gone already
  }
}

/**
 * Removes a throwaway server directory and everything running from it: its postmaster gets an
 * immediate shutdown (SIGQUIT; SIGKILL when it does not go), every other process naming the
 * directory (a base backup or pg_ctl left by a drill that died) is killed, and once none is
 * left the directory is deleted, which frees the port and the disk.
 */
export async function removeServerDir(dir: string): Promise<void> {
  const dataDir = path.join(dir, 'data');
  for (let round = 0; ; round++) {
    const postmaster = await postmasterOf(dataDir);
    const others = (await processesIn(dir)).filter(p => p !== postmaster);
    if (postmaster === undefined && others.length === 0) break;
    if (round >= 100) {
      throw new Error(`processes of ${dir} did not end within 10 s`);
    }
    if (postmaster !== undefined) {
      signal(postmaster, round < 50 ? 'SIGQUIT' : 'SIGKILL');
    }
    others.forEach(p => signal(p, 'SIGKILL'));
    await new Promise(r => setTimeout(r, 100));
  }
  await rm(dir, { recursive: true, force: true });
}
