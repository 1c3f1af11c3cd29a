/*
 * P5: switchover wall time to the first write through PgBouncer, against a raw `pg_promote()`
 * plus a manual PgBouncer repoint (PAUSE, rewrite [databases], RELOAD, RESUME) on the same pair,
 * in the same run.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/p5-failover.ts
 *
 * Env: P5_ROUNDS (default 5) interleaved rounds of each, medians reported. Starts a harness
 * primary + standby + PgBouncer, keeps 4 clients writing through PgBouncer, and after each run
 * reprotects the old primary (pg_rewind, not timed) so the next run has a standby again.
 * Reports the overhead of preflight, fencing and verification, and the client-visible write
 * pause (longest gap between acknowledged writes). Prints figures; asserts nothing.
 */
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { switchover } from '../plugins/disaster-recovery-node/src';
import { startTestPair } from '../plugins/disaster-recovery-node/src/failover/__testUtils__/pair';
import { startWriters } from '../plugins/disaster-recovery-node/src/failover/__testUtils__/writers';

const ROUNDS = Number(process.env.P5_ROUNDS ?? 5);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN;
};

/** Longest gap between consecutive acknowledged writes that overlaps [from, to]. */
function longestPause(ends: number[], from: number, to: number): number {
  const s = [...ends].sort((a, b) => a - b);
  let worst = 0;
  for (let i = 1; i < s.length; i++) {
    if (s[i] >= from && s[i - 1] <= to)
      worst = Math.max(worst, s[i] - s[i - 1]);
  }
  return worst;
}

async function main() {
  const pair = await startTestPair();
  const rows: Record<string, number[]> = {};
  const add = (k: string, v: number) => (rows[k] ??= []).push(v);
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      for (const variant of ['ours', 'raw'] as const) {
        const writers = startWriters(
          [1, 2, 3, 4].map(i => ({
            name: `${variant}-${round}-${i}`,
            conn: pair.bouncer,
          })),
        );
        await new Promise(r => setTimeout(r, 300));
        const t0 = performance.now();
        let firstWrite: number;
        if (variant === 'ours') {
          const w0 = Date.now();
          const result = await switchover(pair.runOptions());
          firstWrite = t0 + (Date.parse(result.firstWriteAt) - w0);
          for (const s of result.steps) add(`ours:${s.id}`, s.durationMs ?? 0);
        } else {
          const sw = pair.pgBouncerSwitch();
          const ctx = { logger: console, secrets: [] };
          await sw.pause(ctx);
          const standby = new Client(pair.conn(pair.standby));
          await standby.connect();
          await standby.query('select pg_promote(wait => true)');
          await standby.end();
          await sw.repoint(
            {
              host: pair.standby.host,
              port: pair.standby.port,
              database: pair.standby.database,
            },
            ctx,
          );
          await sw.resume(ctx);
          const c = new Client(pair.bouncer);
          await c.connect();
          await c.query('BEGIN; SELECT txid_current(); COMMIT');
          await c.end();
          firstWrite = performance.now();
        }
        const wall = firstWrite - t0;
        pair.promoted();
        await new Promise(r => setTimeout(r, 300));
        await writers.stop();
        const ends = writers.attempts.filter(a => a.ok).map(a => a.end);
        add(`${variant}:wall`, wall);
        add(`${variant}:pause`, longestPause(ends, t0, firstWrite));
        add(
          `${variant}:failedWrites`,
          writers.attempts.filter(a => !a.ok).length,
        );
        const re = await pair.reprotect();
        for (const s of re.steps) add(`reprotect:${s.id}`, s.durationMs ?? 0);
      }
      process.stdout.write(`round ${round}/${ROUNDS} done\n`);
    }
  } finally {
    await pair.stop();
  }
  const m = (k: string) => median(rows[k] ?? []);
  const f = (x: number) => `${x.toFixed(0)} ms`;
  console.log(`\nP5 switchover, ${ROUNDS} rounds each, medians`);
  console.log(
    `raw pg_promote + manual PgBouncer repoint, to first write: ${f(
      m('raw:wall'),
    )}`,
  );
  console.log(
    `switchover(), to first write through PgBouncer:           ${f(
      m('ours:wall'),
    )}`,
  );
  console.log(
    `overhead: ${f(m('ours:wall') - m('raw:wall'))} (goal: at most 500 ms)`,
  );
  console.log(
    `client-visible write pause: raw ${f(m('raw:pause'))}, ours ${f(
      m('ours:pause'),
    )}`,
  );
  console.log(
    `failed client writes per run: raw ${m('raw:failedWrites')}, ours ${m(
      'ours:failedWrites',
    )}`,
  );
  console.log('reprotect() steps (not in the wall time):');
  for (const k of Object.keys(rows).filter(k => k.startsWith('reprotect:'))) {
    console.log(`  ${k.slice(10).padEnd(16)} ${f(m(k))}`);
  }
  console.log('switchover() steps:');
  for (const k of Object.keys(rows).filter(
    k =>
      k.startsWith('ours:') &&
      !['ours:wall', 'ours:pause', 'ours:failedWrites'].includes(k),
  )) {
    console.log(`  ${k.slice(5).padEnd(16)} ${f(m(k))}`);
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
