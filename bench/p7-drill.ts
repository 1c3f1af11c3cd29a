/*
 * P7: drill overhead. An isolated test failover drill (runIsolatedFailoverDrill) against the raw
 * steps it performs: pg_basebackup into a new directory, start the copy on its own port,
 * pg_promote(wait => true), one smoke query; in the same run, on the same primary.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/p7-drill.ts [tenants=30] [ordersPerTenant=500]
 *
 * Env: P7_ROUNDS (default 3) interleaved rounds of each, medians reported. Starts a harness
 * primary with the demo data. Reports the time to a promoted copy answering (the drill's achieved
 * RTO; the raw steps' wall time to the smoke query's answer), the whole drill including its clean-up
 * against the raw steps plus stopping and removing the copy, and the drill's steps. Prints figures;
 * asserts nothing.
 */
import { chownSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { runIsolatedFailoverDrill } from '../plugins/disaster-recovery-node/src';
import {
  platformTarget,
  startTestPlatform,
} from '../plugins/disaster-recovery-node/src/__testUtils__/platform';
import { seedDemoData } from '../plugins/disaster-recovery-node/src/__testUtils__/platformHarness';
import { freePort } from '../plugins/disaster-recovery-node/src/pitr/restoredServer';
import { runProcess } from '../plugins/disaster-recovery-node/src/process/processRunner';

const ROUNDS = Number(process.env.P7_ROUNDS ?? 3);
const TENANTS = Number(process.argv[2] ?? 30);
const ORDERS = Number(process.argv[3] ?? 500);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN;
};

async function main() {
  const tp = await startTestPlatform({ pgbackrest: false });
  const { platform } = tp;
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'p7-drill-'));
  const owner = (
    await runProcess({ command: 'id', args: ['-u', platform.osUser] })
  ).stdout.trim();
  const group = (
    await runProcess({ command: 'id', args: ['-g', platform.osUser] })
  ).stdout.trim();
  chownSync(scratch, Number(owner), Number(group));
  const asUser = (argv: string[]) =>
    process.getuid?.() === 0
      ? ['runuser', '-u', platform.osUser, '--', ...argv]
      : argv;
  const bin = (p: string) => path.join(platform.pgBinDir, p);
  const target = {
    ...platformTarget(platform, { name: 'bench', prefix: 'bench' }),
    isolatedFailover: { scratchDirectory: scratch, osUser: platform.osUser },
  };
  const rows: Record<string, number[]> = {};
  const add = (k: string, v: number) => (rows[k] ??= []).push(v);
  try {
    await seedDemoData(platform.primary, {
      tenants: TENANTS,
      ordersPerTenant: ORDERS,
    });
    const p = platform.primary;
    const client = new Client({ ...p });
    await client.connect();
    const size = (
      await client.query(
        'SELECT pg_size_pretty(pg_database_size(current_database())) s, (SELECT count(*) FROM orders) o',
      )
    ).rows[0];
    await client.end();
    console.log(
      `primary: ${size.s}, ${size.o} orders (${TENANTS} tenants x ${ORDERS})`,
    );
    for (let round = 1; round <= ROUNDS; round++) {
      // the drill
      const t0 = Date.now();
      const result = await runIsolatedFailoverDrill({ target });
      add('drill:rto', Date.parse(result.recoveredAt) - t0);
      add('drill:total', Date.now() - t0);
      for (const s of result.steps) add(`step:${s.id}`, s.durationMs ?? 0);

      // the raw steps
      const dir = path.join(scratch, `raw-${round}`);
      mkdirSync(dir, { mode: 0o700 });
      chownSync(dir, Number(owner), Number(group));
      const data = path.join(dir, 'data');
      const port = await freePort();
      const r0 = performance.now();
      const [cmd, ...args] = asUser([
        bin('pg_basebackup'),
        `--host=${p.host}`,
        `--port=${p.port}`,
        `--username=${p.user}`,
        `--pgdata=${data}`,
        '--wal-method=stream',
        '--checkpoint=fast',
        '--write-recovery-conf',
        '--no-sync',
        '--no-password',
      ]);
      await runProcess({ command: cmd, args, env: { PGPASSWORD: p.password } });
      const r1 = performance.now();
      await appendFile(
        path.join(data, 'postgresql.auto.conf'),
        `\nport = ${port}\nunix_socket_directories = '${dir}'\nlisten_addresses = '127.0.0.1'\narchive_mode = 'off'\n`,
      );
      const [c2, ...a2] = asUser([
        bin('pg_ctl'),
        `--pgdata=${data}`,
        `--log=${path.join(dir, 'log')}`,
        '--wait',
        'start',
      ]);
      await runProcess({ command: c2, args: a2, cwd: dir });
      const r2 = performance.now();
      const copy = new Client({ ...p, port });
      await copy.connect();
      await copy.query('SELECT pg_promote(wait => true)');
      const r3 = performance.now();
      await copy.query('SELECT count(*) FROM orders');
      await copy.end();
      const r4 = performance.now();
      add('raw:basebackup', r1 - r0);
      add('raw:start', r2 - r1);
      add('raw:promote', r3 - r2);
      add('raw:smoke', r4 - r3);
      add('raw:rto', r4 - r0);
      const [c3, ...a3] = asUser([
        bin('pg_ctl'),
        `--pgdata=${data}`,
        '--mode=fast',
        '--wait',
        'stop',
      ]);
      await runProcess({ command: c3, args: a3, cwd: dir });
      rmSync(dir, { recursive: true, force: true });
      add('raw:total', performance.now() - r0);
      process.stdout.write(`round ${round}/${ROUNDS} done\n`);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    await tp.stop();
  }
  const m = (k: string) => median(rows[k] ?? []);
  const f = (x: number) => `${x.toFixed(0)} ms`;
  console.log(
    `\nP7 isolated test failover drill, ${ROUNDS} rounds each, medians`,
  );
  console.log(
    `raw base backup + start + pg_promote + smoke query, to the answer: ${f(
      m('raw:rto'),
    )} (basebackup ${f(m('raw:basebackup'))}, start ${f(
      m('raw:start'),
    )}, promote ${f(m('raw:promote'))}, smoke ${f(m('raw:smoke'))})`,
  );
  console.log(
    `drill, start to the promoted copy answering (achieved RTO):    ${f(
      m('drill:rto'),
    )}  overhead ${f(m('drill:rto') - m('raw:rto'))} (${(
      m('drill:rto') / m('raw:rto')
    ).toFixed(2)}x)`,
  );
  console.log(
    `whole: raw incl. stop and removal ${f(
      m('raw:total'),
    )}; drill incl. counts comparison, clean-up and checks ${f(
      m('drill:total'),
    )} (${(m('drill:total') / m('raw:total')).toFixed(2)}x)`,
  );
  console.log('drill steps:');
  for (const k of Object.keys(rows).filter(x => x.startsWith('step:'))) {
    console.log(`  ${k.slice(5).padEnd(12)} ${f(m(k))}`);
  }
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
