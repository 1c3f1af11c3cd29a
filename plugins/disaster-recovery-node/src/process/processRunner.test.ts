import { readFileSync } from 'node:fs';
import {
  addSpawnListener,
  runProcess,
  spawnProcess,
  SpawnRecord,
} from './processRunner';

describe('processRunner', () => {
  it('runs with an argument array, passes env, and records argv without env values', async () => {
    const seen: SpawnRecord[] = [];
    const remove = addSpawnListener(r => seen.push(r));
    try {
      const { stdout } = await runProcess({
        command: 'sh',
        args: ['-c', 'printf "%s|%s" "$1" "$PGPASSWORD"', 'sh', 'a b; $(id)'],
        env: { PGPASSWORD: 'top-secret' },
      });
      expect(stdout).toBe('a b; $(id)|top-secret');
      expect(seen[0].args.join(' ')).not.toContain('top-secret');
      expect(seen[0].envKeys).toEqual(['PGPASSWORD']);
    } finally {
      remove();
    }
  });

  it('does not inherit PG* variables from the parent', async () => {
    process.env.PGPASSWORD = 'leaked';
    try {
      const { stdout } = await runProcess({
        command: 'sh',
        args: ['-c', 'printf "%s" "${PGPASSWORD:-none}"'],
      });
      expect(stdout).toBe('none');
    } finally {
      delete process.env.PGPASSWORD;
    }
  });

  it('scrubs secrets from stderr in errors', async () => {
    await expect(
      runProcess({
        command: 'sh',
        args: [
          '-c',
          'echo "connection failed for hunter2 password=xyz" >&2; exit 3',
        ],
        secrets: ['hunter2'],
      }),
    ).rejects.toThrow(
      /^sh exited with code 3: connection failed for \[REDACTED\] password=\[REDACTED\]$/,
    );
  });

  it('kills the whole process group on abort', async () => {
    const controller = new AbortController();
    const proc = spawnProcess({
      command: 'sh',
      args: ['-c', 'sleep 30 & echo $! ; wait'],
      stdout: 'pipe',
      signal: controller.signal,
      killGraceMs: 200,
    });
    const childPid = await new Promise<number>(resolve =>
      proc.stdout!.once('data', (d: Buffer) =>
        resolve(Number(d.toString().trim())),
      ),
    );
    controller.abort();
    await expect(proc.done).rejects.toThrow(
      expect.objectContaining({ name: 'AbortError' }),
    );
    await new Promise(r => setTimeout(r, 100));
    let alive = true;
    try {
      process.kill(childPid, 0);
      alive = !readFileSync(`/proc/${childPid}/stat`, 'utf8')
        .split(' ')[2]
        .startsWith('Z');
    } catch {
      alive = false;
    }
    expect(alive).toBe(false);
  });

  it('refuses to start when already aborted', () => {
    const controller = new AbortController();
    controller.abort();
    expect(() =>
      spawnProcess({ command: 'true', args: [], signal: controller.signal }),
    ).toThrow(/aborted/);
  });

  it('reports a missing program', async () => {
    await expect(
      runProcess({ command: '/nonexistent/pg_dump', args: [] }),
    ).rejects.toThrow(/could not be started/);
  });
});
