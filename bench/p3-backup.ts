/*
 * P3: logical backup of a >= 1 GB database into the object store, against raw
 * `pg_dump -Fc > /dev/null` at its default compression and against the plan's pipeline
 * (dump to a file, gzip it, upload it).
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/p3-backup.ts
 *
 * Env: P3_ROUNDS (default 3) interleaved rounds, medians reported; P3_MIN_MB (default 1050)
 * database size. Starts a harness PostgreSQL 15 + fauxqs, fills `ecommerce` with wide
 * tenant tables, then times each variant in the same run. Also restores the default-level
 * and the chosen-level dumps with `pg_restore -j 2` to show restores do not get slower.
 * Prints figures and ratios; asserts nothing.
 */
import { DeleteObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import {
  createS3Client,
  seedDemoData,
  startPlatform,
} from '@internal/platform-harness';
import { spawn } from 'node:child_process';
import {
  readFileSync,
  createReadStream,
  mkdtempSync,
  openSync,
  closeSync,
  rmSync,
  statSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  createBackup,
  DEFAULT_BACKUP_COMPRESSION_LEVEL,
} from '../plugins/disaster-recovery-node/src';
import { generateBenchDatabase } from '../plugins/disaster-recovery-node/src/__testUtils__/benchDatabase';
import { platformTarget } from '../plugins/disaster-recovery-node/src/__testUtils__/platform';

const ROUNDS = Number(process.env.P3_ROUNDS ?? 3);
const MIN_BYTES = Number(process.env.P3_MIN_MB ?? 1050) * 1e6;

function run(
  command: string,
  args: string[],
  env: Record<string, string>,
  stdoutFile?: string,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const fd = stdoutFile ? openSync(stdoutFile, 'w') : 'ignore';
    const child = spawn(command, args, {
      env: { ...process.env, ...env },
      stdio: ['ignore', fd, 'pipe'],
    });
    let err = '';
    child.stderr?.on('data', d => (err += d));
    child.on('close', code => {
      if (typeof fd === 'number') closeSync(fd);
      if (code === 0) resolve();
      else reject(new Error(`${command} exited ${code}: ${err.slice(-500)}`));
    });
  });
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

/** CPU seconds (user + system) a process has used so far. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
    .split(') ')[1]
    .split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2
    ? s[(s.length - 1) / 2]
    : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main() {
  const t0 = Date.now();
  const platform = await startPlatform({
    standby: false,
    pgbouncer: false,
    pgbackrest: false,
  });
  const work = mkdtempSync(path.join(os.tmpdir(), 'dr-p3-'));
  try {
    const p = platform.primary;
    const s3 = platform.s3!;
    const client = createS3Client(s3);
    const target = platformTarget(platform, {
      name: 'bench',
      prefix: 'bench',
    });
    const env = { PGPASSWORD: p.password };
    const conn = [
      `--host=${p.host}`,
      `--port=${p.port}`,
      `--username=${p.user}`,
      `--dbname=${p.database}`,
      '--no-password',
    ];
    const bin = (x: string) => path.join(platform.pgBinDir, x);

    console.log(
      `P3 backup benchmark: ${
        os.cpus().length
      } CPUs, ${ROUNDS} interleaved rounds`,
    );
    await seedDemoData(p, { tenants: 20 });
    const gen = await generateBenchDatabase(target.primary, {
      minBytes: MIN_BYTES,
      log: console.log,
    });
    const dbMB = gen.bytes / 1e6;
    console.log(
      `database: ${dbMB.toFixed(
        0,
      )} MB (pg_database_size), rows ${JSON.stringify(
        gen.rows,
      )}, generated in ${gen.seconds.toFixed(0)} s`,
    );

    const emptyBucket = async () => {
      const listed = await client.send(
        new ListObjectsV2Command({ Bucket: s3.bucket }),
      );
      for (const o of listed.Contents ?? []) {
        await client.send(
          new DeleteObjectCommand({ Bucket: s3.bucket, Key: o.Key! }),
        );
      }
    };

    const sizes: Record<string, number> = {};
    const oursSteps: Record<string, number[]> = {};
    const storeCpu: number[] = [];
    const storePid = platform
      .processes()
      .find(x => x.name === 's3-server')?.pid;
    const planParts: Record<string, number[]> = {
      dump: [],
      gzip: [],
      upload: [],
    };
    const variants: Record<string, () => Promise<void>> = {
      'raw pg_dump -Fc > /dev/null (default -Z)': () =>
        run(bin('pg_dump'), [...conn, '--format=custom'], env, '/dev/null'),
      'raw pg_dump -Fc -Z1 > /dev/null': () =>
        run(
          bin('pg_dump'),
          [...conn, '--format=custom', '--compress=1'],
          env,
          '/dev/null',
        ),
      'raw pg_dump -Fc -Z0 > /dev/null': () =>
        run(
          bin('pg_dump'),
          [...conn, '--format=custom', '--compress=0'],
          env,
          '/dev/null',
        ),
      [`ours: createBackup (-Z${DEFAULT_BACKUP_COMPRESSION_LEVEL}, stats, upload, publish)`]:
        async () => {
          const cpu0 = storePid ? cpuSeconds(storePid) : 0;
          const r = await createBackup({ target });
          if (storePid) storeCpu.push(cpuSeconds(storePid) - cpu0);
          for (const step of r.steps) {
            (oursSteps[step.id] ??= []).push((step.durationMs ?? 0) / 1000);
          }
          sizes.ours = r.sizeBytes;
          await emptyBucket();
        },
      [`ours: createBackup (-Z${DEFAULT_BACKUP_COMPRESSION_LEVEL}, no stats)`]:
        async () => {
          await createBackup({ target, collectStats: false });
          await emptyBucket();
        },
      'ours: createBackup (-Z0, stats)': async () => {
        const r = await createBackup({ target, compressionLevel: 0 });
        sizes.oursZ0 = r.sizeBytes;
        await emptyBucket();
      },
      'ours: createBackup (default -Z6, stats)': async () => {
        const r = await createBackup({ target, compressionLevel: 6 });
        sizes.oursZ6 = r.sizeBytes;
        await emptyBucket();
      },
      'plan: pg_dump -Fc > file; gzip; upload (aws s3 cp --sse)': async () => {
        const file = path.join(work, 'full_backup.dump');
        planParts.dump.push(
          await timed(() =>
            run(bin('pg_dump'), [...conn, '--format=custom'], env, file),
          ),
        );
        sizes.plan = statSync(file).size;
        planParts.gzip.push(await timed(() => run('gzip', ['-f', file], {})));
        sizes.planGz = statSync(`${file}.gz`).size;
        planParts.upload.push(
          await timed(() =>
            new Upload({
              client,
              params: {
                Bucket: s3.bucket,
                Key: 'bench/plan/full_backup.dump.gz',
                Body: createReadStream(`${file}.gz`),
                ServerSideEncryption: 'AES256',
              },
              partSize: 8 * 1024 * 1024,
              queueSize: 4,
            }).done(),
          ),
        );
        rmSync(`${file}.gz`, { force: true });
        await emptyBucket();
      },
    };
    const names = Object.keys(variants);
    const times: Record<string, number[]> = Object.fromEntries(
      names.map(n => [n, []]),
    );
    for (let r = 0; r < ROUNDS; r++) {
      // rotate the order each round so that no variant always runs on a warm (or cold) cache
      const order = names.map((_, i) => names[(i + r) % names.length]);
      for (const name of order) {
        const s = await timed(variants[name]);
        times[name].push(s);
        console.log(
          `  round ${r + 1}: ${name}: ${s.toFixed(2)} s (load ${os
            .loadavg()[0]
            .toFixed(2)})`,
        );
      }
    }

    // restores of the default-level and the chosen-level dumps (pg_restore -j 2 from a local file)
    const restoreTimes: Record<string, number[]> = {};
    const levels = [6, DEFAULT_BACKUP_COMPRESSION_LEVEL];
    for (const level of levels) {
      await run(
        bin('pg_dump'),
        [...conn, '--format=custom', `--compress=${level}`],
        env,
        path.join(work, `z${level}.dump`),
      );
    }
    for (let r = 0; r < 2; r++) {
      for (const level of r % 2 ? [...levels].reverse() : levels) {
        const db = `p3_restore_z${level}_${r}`;
        const srv = [
          `--host=${p.host}`,
          `--port=${p.port}`,
          `--username=${p.user}`,
          '--no-password',
        ];
        await run(bin('createdb'), [...srv, '--template=template0', db], env);
        const s = await timed(() =>
          run(
            bin('pg_restore'),
            [
              ...srv,
              `--dbname=${db}`,
              '--jobs=2',
              '--exit-on-error',
              path.join(work, `z${level}.dump`),
            ],
            env,
          ),
        );
        (restoreTimes[`-Z${level}`] ??= []).push(s);
        console.log(
          `  restore of the -Z${level} dump: ${s.toFixed(2)} s (load ${os
            .loadavg()[0]
            .toFixed(2)})`,
        );
        await run(bin('dropdb'), [...srv, db], env);
      }
    }

    const base = median(times[names[0]]);
    // the machine's load drifts (other work): also compare with the raw default run of the same round
    const pairedRatio = (name: string) =>
      median(times[name].map((x, i) => times[names[0]][i] / x));
    console.log(
      '\nP3 results (median of rounds; throughput = database size / wall time; ratio = median of per-round ratios)',
    );
    console.log(
      '| variant | seconds | MB/s of database | vs raw default pg_dump |',
    );
    console.log('|---|---:|---:|---:|');
    for (const name of names) {
      const m = median(times[name]);
      console.log(
        `| ${name} | ${m.toFixed(2)} | ${(dbMB / m).toFixed(0)} | ${pairedRatio(
          name,
        ).toFixed(2)}x |`,
      );
    }
    void base;
    console.log(
      `\nplan pipeline parts (median s): dump ${median(planParts.dump).toFixed(
        2,
      )}, gzip ${median(planParts.gzip).toFixed(2)}, upload ${median(
        planParts.upload,
      ).toFixed(2)}; ` +
        `gzip saved ${(100 * (1 - sizes.planGz / sizes.plan)).toFixed(
          1,
        )} % of ${(sizes.plan / 1e6).toFixed(0)} MB`,
    );
    console.log(
      `dump sizes: ours -Z0 ${(sizes.oursZ0 / 1e6).toFixed(
        0,
      )} MB, -Z${DEFAULT_BACKUP_COMPRESSION_LEVEL} ${(sizes.ours / 1e6).toFixed(
        0,
      )} MB, -Z6 ${(sizes.oursZ6 / 1e6).toFixed(0)} MB`,
    );
    const r6 = median(restoreTimes['-Z6']);
    const rChosen = median(
      restoreTimes[`-Z${DEFAULT_BACKUP_COMPRESSION_LEVEL}`],
    );
    console.log(
      `restore (pg_restore -j 2, local file, median of 2): -Z6 dump ${r6.toFixed(
        2,
      )} s, ` +
        `-Z${DEFAULT_BACKUP_COMPRESSION_LEVEL} dump ${rChosen.toFixed(2)} s ` +
        `(ratio ${(r6 / rChosen).toFixed(
          2,
        )}x; > 1 means the chosen level restores faster)`,
    );
    console.log(
      `ours (-Z${DEFAULT_BACKUP_COMPRESSION_LEVEL}) median step times (s): ${Object.entries(
        oursSteps,
      )
        .map(([id, xs]) => `${id} ${median(xs).toFixed(2)}`)
        .join(', ')}; object store (fauxqs, same 2 CPUs) CPU per backup ${
        storeCpu.length ? median(storeCpu).toFixed(2) : 'n/a'
      } s`,
    );
    console.log(
      `total benchmark time ${((Date.now() - t0) / 1000).toFixed(
        0,
      )} s, load average ${os
        .loadavg()
        .map(l => l.toFixed(2))
        .join(' ')}`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
    await platform.stop();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
