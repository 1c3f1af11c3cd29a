import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import path from 'node:path';
import { run } from './processes';

const SEARCH_PATH = [
  ...(process.env.PATH ?? '').split(':').filter(Boolean),
  '/usr/sbin',
  '/usr/bin',
  '/sbin',
  '/bin',
];

/** Finds an executable on PATH (plus the sbin directories); undefined when absent. */
export function findExecutable(name: string): string | undefined {
  for (const dir of SEARCH_PATH) {
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // keep looking
    }
  }
  return undefined;
}

/** Directory of the PostgreSQL 15 server binaries, or undefined when not installed. */
export function findPgBinDir(): string | undefined {
  const candidates: string[] = [];
  if (process.env.DR_PG_BINDIR) candidates.push(process.env.DR_PG_BINDIR);
  try {
    candidates.push(
      execFileSync('pg_config', ['--bindir'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim(),
    );
  } catch {
    // pg_config absent
  }
  candidates.push('/usr/lib/postgresql/15/bin');
  return candidates.find(
    dir =>
      existsSync(path.join(dir, 'initdb')) &&
      existsSync(path.join(dir, 'pg_ctl')) &&
      existsSync(path.join(dir, 'pg_basebackup')),
  );
}

/** True when this process runs as root. */
export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/**
 * Makes sure the Debian packages are installed: installs the missing ones with apt-get when
 * running as root, otherwise throws a message that says what to install.
 */
export async function ensurePackages(
  needed: Array<{ pkg: string; present: () => boolean }>,
  root: boolean = isRoot(),
): Promise<void> {
  const missing = needed.filter(n => !n.present()).map(n => n.pkg);
  if (missing.length === 0) return;
  if (!root) {
    throw new Error(
      `platform-harness needs the Debian packages ${missing.join(
        ', ',
      )}; install them with: sudo apt-get install -y ${missing.join(' ')}`,
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const lock = ['-w', '600', '/tmp/dr-harness-apt.lock'];
  const install = () =>
    run('flock', [...lock, 'apt-get', 'install', '-y', '-qq', ...missing], {
      env,
      timeoutMs: 600_000,
    });
  try {
    await install();
  } catch {
    await run('flock', [...lock, 'apt-get', 'update', '-qq'], {
      env,
      timeoutMs: 600_000,
    });
    await install();
  }
  const still = needed.filter(n => !n.present()).map(n => n.pkg);
  if (still.length) {
    throw new Error(`apt-get did not provide ${still.join(', ')}`);
  }
}
