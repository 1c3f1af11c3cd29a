import { ChildProcess, spawn } from 'node:child_process';
import { Readable, Writable } from 'node:stream';
import { OperationAbortedError, ProcessError } from '../operation/errors';
import { scrubSecrets } from './scrubSecrets';
import { DrLogger, silentLogger } from '../operation/types';

/** What a spawn listener sees of a spawned process: argv and the names (not values) of its environment. @public */
export interface SpawnRecord {
  command: string;
  args: string[];
  envKeys: string[];
  pid?: number;
  /** The process, so that tests can signal it. */
  child: ChildProcess;
}

const spawnListeners = new Set<(record: SpawnRecord) => void>();

/** Registers a listener told about every process spawned by this package (audits and tests); returns its remover. @public */
export function addSpawnListener(
  listener: (record: SpawnRecord) => void,
): () => void {
  spawnListeners.add(listener);
  return () => {
    spawnListeners.delete(listener);
  };
}

/** Options of {@link spawnProcess}. @public */
export interface SpawnProcessOptions {
  /** Program to run (absolute path or name on PATH). */
  command: string;
  /** Arguments, never a shell string; must not contain secrets. */
  args: string[];
  /** Extra environment (e.g. `PGPASSWORD`); inherited `PG*` variables are removed first. */
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** `pipe` to write to `child.stdin`, or a stream to pipe in; default ignore. */
  stdin?: 'pipe' | 'ignore' | Readable;
  /** `pipe` to read `stdout`, default ignore. */
  stdout?: 'pipe' | 'ignore';
  signal?: AbortSignal;
  /** Strings scrubbed from stderr before it reaches an error message or log. */
  secrets?: readonly string[];
  logger?: DrLogger;
  /** How much of the end of stderr to keep (default 16 KiB). */
  maxStderrBytes?: number;
  /** Grace period between SIGTERM and SIGKILL on abort (default 3 s). */
  killGraceMs?: number;
}

/** A running process started by {@link spawnProcess}. @public */
export interface RunningProcess {
  child: ChildProcess;
  stdin: Writable | null;
  stdout: Readable | null;
  /** Resolves with the scrubbed stderr when the process exits 0; rejects with a scrubbed {@link ProcessError} otherwise, or an abort error when aborted. */
  done: Promise<{ stderr: string }>;
  /** Kills the whole process group. */
  kill(signal?: NodeJS.Signals): void;
}

function cleanEnv(
  extra: Record<string, string | undefined> | undefined,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('PG') && !k.startsWith('AWS_')) {
      env[k] = v;
    }
  }
  for (const [k, v] of Object.entries(extra ?? {})) {
    if (v !== undefined) {
      env[k] = v;
    }
  }
  return env;
}

/**
 * Spawns a program with an argument array in its own process group. Abort kills the group
 * (SIGTERM, then SIGKILL). Stderr is kept (tail only) and scrubbed of secrets before it goes into
 * an error message.
 * @public
 */
export function spawnProcess(options: SpawnProcessOptions): RunningProcess {
  const {
    command,
    args,
    signal,
    secrets = [],
    logger = silentLogger,
    maxStderrBytes = 16 * 1024,
    killGraceMs = 3000,
  } = options;
  const name = command.split('/').pop() ?? command;
  if (signal?.aborted) {
    throw new OperationAbortedError(`${name} was not started: aborted`);
  }
  const stdinMode =
    options.stdin === undefined || options.stdin === 'ignore'
      ? 'ignore'
      : 'pipe';
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: cleanEnv(options.env),
    stdio: [stdinMode, options.stdout ?? 'ignore', 'pipe'],
    detached: true,
  });
  const record: SpawnRecord = {
    command,
    args: [...args],
    envKeys: Object.keys(options.env ?? {}),
    pid: child.pid,
    child,
  };
  for (const listener of spawnListeners) {
    listener(record);
  }
  logger.debug(`Running ${name}`, {
    args: scrubSecrets(args.join(' '), secrets),
  });

  const kill = (sig: NodeJS.Signals = 'SIGKILL') => {
    if (
      child.pid === undefined ||
      child.exitCode !== null ||
      child.signalCode
    ) {
      return;
    }
    try {
      process.kill(-child.pid, sig);
    } catch {
      try {
        child.kill(sig);
      } catch {
        // already gone
      }
    }
  };

  let stderrBuf = Buffer.alloc(0);
  child.stderr?.on('data', (chunk: Buffer) => {
    stderrBuf = Buffer.concat([stderrBuf, chunk]);
    if (stderrBuf.length > maxStderrBytes * 2) {
      stderrBuf = stderrBuf.subarray(stderrBuf.length - maxStderrBytes);
    }
  });
  if (options.stdin && typeof options.stdin !== 'string' && child.stdin) {
    const input = options.stdin;
    child.stdin.on('error', () => {
      // the reader may stop early (e.g. pg_restore --list); the exit code tells what happened
    });
    input.pipe(child.stdin);
    // a source that fails cuts the reader's input (it sees a truncated archive and fails)
    const stdin = child.stdin;
    input.once('error', () => stdin.destroy());
    input.once('close', () => {
      if (!input.readableEnded) stdin.destroy();
    });
    // a reader that stops early (or dies) releases its source
    child.once('close', () => {
      if (!input.readableEnded) {
        input.unpipe();
        input.destroy();
      }
    });
  } else if (child.stdin) {
    child.stdin.on('error', () => {});
  }

  let aborted = false;
  let killTimer: NodeJS.Timeout | undefined;
  const onAbort = () => {
    aborted = true;
    logger.warn(`Aborting ${name}`);
    kill('SIGTERM');
    killTimer = setTimeout(() => kill('SIGKILL'), killGraceMs);
    killTimer.unref();
  };
  signal?.addEventListener('abort', onAbort, { once: true });

  const done = new Promise<{ stderr: string }>((resolve, reject) => {
    child.once('error', err => {
      signal?.removeEventListener('abort', onAbort);
      reject(
        new ProcessError(
          `${name} could not be started: ${scrubSecrets(err.message, secrets)}`,
          { exitCode: null, exitSignal: null, stderr: '' },
        ),
      );
    });
    child.once('close', (code, sig) => {
      signal?.removeEventListener('abort', onAbort);
      if (killTimer) {
        clearTimeout(killTimer);
      }
      // make sure no grandchild survives its parent
      if (code !== 0 && child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // group already gone
        }
      }
      let stderr = stderrBuf.toString('utf8');
      if (stderr.length > maxStderrBytes) {
        stderr = `…${stderr.slice(stderr.length - maxStderrBytes)}`;
      }
      stderr = scrubSecrets(stderr, secrets).trim();
      if (aborted) {
        reject(new OperationAbortedError(`${name} was aborted`));
      } else if (code === 0) {
        resolve({ stderr });
      } else {
        const how = sig ? `was killed by ${sig}` : `exited with code ${code}`;
        const tail = stderr.length > 2000 ? `…${stderr.slice(-2000)}` : stderr;
        reject(
          new ProcessError(`${name} ${how}${tail ? `: ${tail}` : ''}`, {
            exitCode: code,
            exitSignal: sig,
            stderr,
          }),
        );
      }
    });
  });
  // avoid unhandled rejections when callers await something else first
  done.catch(() => {});

  return {
    child,
    stdin: child.stdin,
    stdout: child.stdout,
    done,
    kill,
  };
}

/** Runs a program to completion and returns its stdout (up to `maxStdoutBytes`, default 64 MiB) and scrubbed stderr. @public */
export async function runProcess(
  options: Omit<SpawnProcessOptions, 'stdout'> & { maxStdoutBytes?: number },
): Promise<{ stdout: string; stderr: string }> {
  const proc = spawnProcess({ ...options, stdout: 'pipe' });
  const limit = options.maxStdoutBytes ?? 64 * 1024 * 1024;
  const chunks: Buffer[] = [];
  let size = 0;
  proc.stdout?.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size <= limit) {
      chunks.push(chunk);
    }
  });
  const { stderr } = await proc.done;
  if (size > limit) {
    throw new ProcessError(
      `${options.command} wrote more than ${limit} bytes to stdout`,
      { exitCode: 0, exitSignal: null, stderr },
    );
  }
  return { stdout: Buffer.concat(chunks).toString('utf8'), stderr };
}
