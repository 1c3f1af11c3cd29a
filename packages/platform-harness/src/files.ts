import { chownSync, mkdirSync, writeFileSync } from 'node:fs';
import { RunAs } from './processes';

/** Creates a directory owned by the platform's OS user (mode 0700 unless told otherwise). */
export function mkdirOwned(dir: string, runAs: RunAs, mode = 0o700): string {
  mkdirSync(dir, { recursive: true, mode });
  chownSync(dir, runAs.uid, runAs.gid);
  return dir;
}

/** Writes a file owned by the platform's OS user (mode 0600 unless told otherwise). */
export function writeOwned(
  file: string,
  content: string,
  runAs: RunAs,
  mode = 0o600,
): string {
  writeFileSync(file, content, { mode });
  chownSync(file, runAs.uid, runAs.gid);
  return file;
}

/** The environment for PostgreSQL client programs: ours without any inherited PG* variables. */
export function cleanEnv(
  extra: Record<string, string> = {},
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('PG')) env[key] = value;
  }
  return { ...env, ...extra };
}
