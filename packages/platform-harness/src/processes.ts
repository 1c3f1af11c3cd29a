import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';

/** Who runs the platform's servers: `postgres` (through runuser) when we are root, else ourselves. */
export interface RunAs {
  /** OS user name. */
  user: string;
  /** Numeric uid/gid for chown. */
  uid: number;
  gid: number;
  /** True when commands must be wrapped in `runuser -u <user> --`. */
  viaRunuser: boolean;
}

/** Options for {@link run}. */
export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  runAs?: RunAs;
  timeoutMs?: number;
}

/** Prefixes an argument vector with `runuser -u <user> --` when needed. */
export function asUser(runAs: RunAs | undefined, argv: string[]): string[] {
  if (runAs?.viaRunuser) {
    return ['runuser', '-u', runAs.user, '--', ...argv];
  }
  return argv;
}

function tail(text: string, lines = 15): string {
  return text.trim().split('\n').slice(-lines).join('\n');
}

/**
 * Runs a program with an argument array (never a shell), collecting its output; rejects with
 * the program name, exit code and the tail of stderr. Arguments must never hold secrets.
 */
export function run(
  command: string,
  args: string[],
  options: RunOptions = {},
): Promise<{ stdout: string; stderr: string }> {
  const argv = asUser(options.runAs, [command, ...args]);
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', d => {
      stdout += d;
    });
    child.stderr!.on('data', d => {
      stderr += d;
    });
    const timer = options.timeoutMs
      ? setTimeout(() => child.kill('SIGKILL'), options.timeoutMs)
      : undefined;
    child.on('error', error => {
      if (timer) clearTimeout(timer);
      reject(new Error(`could not run ${command}: ${error.message}`));
    });
    child.on('close', (code, sig) => {
      if (timer) clearTimeout(timer);
      if (code === 0) {
        resolve({ stdout, stderr });
      } else {
        const how = sig ? `signal ${sig}` : `exit code ${code}`;
        const detail = tail(`${stderr}\n${stdout}`);
        // Arguments never hold secrets (they travel in env or files), so they may be shown.
        const shown = argv.join(' ').slice(0, 400);
        reject(
          new Error(`${shown} failed (${how})${detail ? `:\n${detail}` : ''}`),
        );
      }
    });
  });
}

/** Asks the kernel for a free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** True when something accepts TCP connections on 127.0.0.1:port. */
export function isPortOpen(port: number): Promise<boolean> {
  return new Promise(resolve => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms));
}

/** Polls `check` until it returns true or `timeoutMs` passes (then throws `message`). */
export async function waitFor(
  check: () => Promise<boolean> | boolean,
  timeoutMs: number,
  message: string,
  intervalMs = 100,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(message);
    await sleep(intervalMs);
  }
}

/** True when a process with this pid exists (and is not a zombie). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(
      stat.lastIndexOf(')') + 2,
      stat.lastIndexOf(')') + 3,
    );
    return state !== 'Z' && state !== 'X';
  } catch {
    return true;
  }
}

/** Sends a signal, ignoring processes that are already gone. */
export function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

/** Sends `sig`, waits up to `graceMs` for the process to exit, then SIGKILLs it. */
export async function terminate(
  pid: number,
  sig: NodeJS.Signals = 'SIGTERM',
  graceMs = 3000,
): Promise<void> {
  if (!isAlive(pid)) return;
  signal(pid, sig);
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(50);
  if (isAlive(pid)) {
    signal(pid, 'SIGKILL');
    const killDeadline = Date.now() + 2000;
    while (isAlive(pid) && Date.now() < killDeadline) await sleep(50);
  }
}

/** Reads the last lines of a log file for an error message (empty when unreadable). */
export function logTail(file: string, lines = 20): string {
  try {
    return tail(readFileSync(file, 'utf8'), lines);
  } catch {
    return '';
  }
}
