#!/usr/bin/env node
// Watchdog of the platform harness. Started detached by the process that starts a platform,
// with a pipe on stdin. If that pipe closes without the word "release" (the parent died, was
// killed, or exited without stop()), or the parent pid disappears, it shuts down every server
// listed in the manifest (postmasters by their postmaster.pid, other processes by pid after
// checking /proc/<pid>/cmdline) and removes the platform's base directory.
//
// Usage: node watchdog.mjs --manifest <base>/harness-manifest.json --parent-pid N
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    manifest: { type: 'string' },
    'parent-pid': { type: 'string' },
  },
});
const parentPid = Number(args['parent-pid']);
let released = false;
let cleaning = false;
let input = '';

function alive(pid) {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return error.code === 'EPERM';
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

function send(pid, sig) {
  try {
    process.kill(pid, sig);
  } catch {
    // gone
  }
}

function cmdlineContains(pid, match) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8')
      .replace(/\0/g, ' ')
      .includes(match);
  } catch {
    return false;
  }
}

function postmasterPid(dataDir) {
  try {
    const pid = Number(
      readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0],
    );
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

async function cleanup() {
  if (released || cleaning) return;
  cleaning = true;
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(args.manifest, 'utf8'));
  } catch {
    process.exit(0); // nothing recorded, or already cleaned up by stop()
  }
  const victims = [];
  for (const dataDir of manifest.dataDirs ?? []) {
    const pid = postmasterPid(dataDir);
    if (pid && cmdlineContains(pid, 'postgres')) {
      send(pid, 'SIGQUIT'); // immediate shutdown
      victims.push(pid);
    }
  }
  for (const { pid, match } of manifest.pids ?? []) {
    if (cmdlineContains(pid, match)) {
      send(pid, 'SIGTERM');
      victims.push(pid);
    }
  }
  const deadline = Date.now() + 10_000;
  while (victims.some(alive) && Date.now() < deadline) await sleep(100);
  for (const pid of victims) if (alive(pid)) send(pid, 'SIGKILL');
  await sleep(200);
  if (
    manifest.baseDir &&
    existsSync(manifest.baseDir) &&
    !process.env.DR_HARNESS_KEEP
  ) {
    rmSync(manifest.baseDir, { recursive: true, force: true });
  }
  process.exit(0);
}

process.on('SIGINT', () => {}); // survive the terminal's Ctrl-C; the parent decides
process.on('SIGHUP', () => {});
process.on('SIGTERM', () => cleanup());
process.stdin.on('data', chunk => {
  input += chunk;
  if (input.includes('release')) {
    released = true;
    process.exit(0);
  }
});
process.stdin.on('end', () => cleanup());
process.stdin.on('close', () => cleanup());
process.stdin.on('error', () => cleanup());
setInterval(() => {
  if (!alive(parentPid)) cleanup();
}, 500);
