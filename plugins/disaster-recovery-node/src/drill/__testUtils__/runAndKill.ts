import { spawn } from 'node:child_process';
import path from 'node:path';

/**
 * Runs a drill in a child process and SIGKILLs it `delayMs` after its `killAtStart`-th step
 * started (unless it ended first). Returns the programs it spawned, the last step it reported and
 * the details of its steps.
 */
export async function runAndKill(
  input: object,
  killAtStart: number,
  delayMs: number,
): Promise<{ pids: number[]; killedAt: string; details: string[] }> {
  const child = path.join(__dirname, 'drillChild.ts');
  const transform = require.resolve('@backstage/cli/config/nodeTransform.cjs');
  const proc = spawn(process.execPath, ['--require', transform, child], {
    env: { ...process.env, DR_DRILL_CHILD_INPUT: JSON.stringify(input) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const pids: number[] = [];
  const details: string[] = [];
  const seen = { started: 0, last: '', killedAt: '(ended first)' };
  const exited = new Promise<void>(resolve => proc.on('exit', () => resolve()));
  const onEvent = (event: any) => {
    if (event.spawned) pids.push(event.spawned);
    if (event.step) seen.last = `${event.step.id}:${event.step.status}`;
    if (event.step?.detail) details.push(event.step.detail);
    if (event.step?.status === 'running' && ++seen.started === killAtStart) {
      setTimeout(() => {
        seen.killedAt = seen.last;
        proc.kill('SIGKILL');
      }, delayMs);
    }
  };
  let buffer = '';
  proc.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop()!;
    lines.forEach(l => onEvent(JSON.parse(l)));
  });
  await exited;
  return { pids, killedAt: seen.killedAt, details };
}

/** Whether a process exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls `condition` every 50 ms for up to a minute. */
export async function waitUntil(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 1200 && !condition(); i++) {
    await new Promise(r => setTimeout(r, 50));
  }
  if (!condition()) throw new Error('condition never became true');
}
