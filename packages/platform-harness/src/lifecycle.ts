import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { binScript } from './paths';
import { signal } from './processes';

/**
 * What must be killed if the harness's process dies without calling stop(): the file the
 * watchdog reads. Kept up to date (synchronously) as services start.
 */
export interface Manifest {
  baseDir: string;
  /** Data directories whose postmaster (postmaster.pid) must be shut down. */
  dataDirs: string[];
  /** Other processes, each with a string its /proc cmdline must contain (guards pid reuse). */
  pids: Array<{ name: string; pid: number; match: string }>;
}

/** Tracks a platform's processes and guarantees they die with the process that started them. */
export class Lifecycle {
  readonly manifestFile: string;
  private readonly manifest: Manifest;
  private watchdog?: ChildProcess;

  constructor(baseDir: string) {
    this.manifest = { baseDir, dataDirs: [], pids: [] };
    this.manifestFile = path.join(baseDir, 'harness-manifest.json');
    this.save();
  }

  /** Starts the watchdog: a detached process that cleans up when our stdin pipe to it closes. */
  startWatchdog(): void {
    const child = spawn(
      process.execPath,
      [
        binScript('watchdog.mjs'),
        '--manifest',
        this.manifestFile,
        '--parent-pid',
        String(process.pid),
      ],
      { detached: true, stdio: ['pipe', 'ignore', 'ignore'] },
    );
    child.on('error', () => {});
    child.stdin!.on('error', () => {});
    child.unref();
    (child.stdin as unknown as net.Socket).unref();
    this.watchdog = child;
  }

  /** Records a data directory whose postmaster must be stopped. */
  addDataDir(dataDir: string): void {
    if (!this.manifest.dataDirs.includes(dataDir)) {
      this.manifest.dataDirs.push(dataDir);
      this.save();
    }
  }

  /** Records a process that must be stopped. */
  addPid(name: string, pid: number, match: string): void {
    this.manifest.pids.push({ name, pid, match });
    this.save();
  }

  /** Forgets a process that has been stopped. */
  removePid(pid: number): void {
    this.manifest.pids = this.manifest.pids.filter(p => p.pid !== pid);
    this.save();
  }

  /** The processes currently recorded (postmasters read from their pid files). */
  processes(): Array<{ name: string; pid: number }> {
    const result: Array<{ name: string; pid: number }> = [];
    for (const dataDir of this.manifest.dataDirs) {
      const pid = postmasterPid(dataDir);
      if (pid) result.push({ name: `postgres ${dataDir}`, pid });
    }
    for (const { name, pid } of this.manifest.pids) result.push({ name, pid });
    if (this.watchdog?.pid) {
      result.push({ name: 'watchdog', pid: this.watchdog.pid });
    }
    return result;
  }

  /**
   * Last-resort cleanup from a synchronous context (process 'exit'): signals every recorded
   * process without waiting; the watchdog finishes the job and removes the directory.
   */
  killSync(): void {
    for (const dataDir of this.manifest.dataDirs) {
      const pid = postmasterPid(dataDir);
      if (pid) signal(pid, 'SIGQUIT');
    }
    for (const { pid, match } of this.manifest.pids) {
      if (cmdlineContains(pid, match)) signal(pid, 'SIGTERM');
    }
  }

  /** Tells the watchdog that everything was stopped properly, so it exits without acting. */
  releaseWatchdog(): void {
    const child = this.watchdog;
    this.watchdog = undefined;
    if (child?.stdin && !child.stdin.destroyed) {
      child.stdin.end('release\n');
    }
  }

  private save(): void {
    const tmp = `${this.manifestFile}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.manifest), { mode: 0o600 });
    renameSync(tmp, this.manifestFile);
  }
}

/** The postmaster pid from a data directory's postmaster.pid, if the file exists. */
export function postmasterPid(dataDir: string): number | undefined {
  const file = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(file)) return undefined;
  try {
    const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** True when /proc/<pid>/cmdline contains `match` (so a reused pid is never killed). */
export function cmdlineContains(pid: number, match: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8')
      .replace(/\0/g, ' ')
      .includes(match);
  } catch {
    return false;
  }
}

interface LivePlatform {
  killSync(): void;
  stop(): Promise<void>;
}

const live = new Set<LivePlatform>();

function onExit() {
  for (const platform of live) platform.killSync();
}

function onSignal(sig: NodeJS.Signals) {
  const platforms = [...live];
  Promise.allSettled(platforms.map(p => p.stop())).then(() => {
    // Somebody else (e.g. the CLI) listens too: let them decide when to exit.
    if (process.listenerCount(sig) <= 1) {
      process.exit(sig === 'SIGINT' ? 130 : 143);
    }
  });
}

const onSigint = () => onSignal('SIGINT');
const onSigterm = () => onSignal('SIGTERM');

/** Registers a running platform with the process-wide exit and signal hooks. */
export function registerLive(platform: LivePlatform): void {
  if (live.size === 0) {
    process.on('exit', onExit);
    process.on('SIGINT', onSigint);
    process.on('SIGTERM', onSigterm);
  }
  live.add(platform);
}

/** Removes a stopped platform; the hooks go away with the last one. */
export function unregisterLive(platform: LivePlatform): void {
  live.delete(platform);
  if (live.size === 0) {
    process.off('exit', onExit);
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigterm);
  }
}
