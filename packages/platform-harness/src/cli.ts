/*
 * Command line of the platform harness, for the demo and the test command:
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs packages/platform-harness/src/cli.ts \
 *     start [--no-standby] [--no-s3] [--no-pgbouncer] [--no-pgbackrest] \
 *     [--seed-tenants N] [--seed S] [--orders-per-tenant N] [--base-dir DIR] \
 *     [--archive-timeout SECONDS] [--write-load TPS] --state-file PATH
 *
 * Starts the platform, writes its connection data (with passwords: mode 0600) to the state
 * file, prints one "ready" line without secrets, and stays up until SIGINT/SIGTERM; then it
 * stops everything and removes the state file. With `--write-load`, a light write load on the
 * seeded tenants runs through PgBouncer (or the primary without it) while the platform is up.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { seedDemoData } from './demoData';
import { startPlatform } from './startPlatform';
import { Platform, PlatformOptions } from './types';
import { startWriteLoad, WriteLoad } from './writeLoad';

const USAGE =
  'usage: cli.ts start [--no-standby] [--no-s3] [--no-pgbouncer] [--no-pgbackrest] ' +
  '[--seed-tenants N] [--seed S] [--orders-per-tenant N] [--base-dir DIR] ' +
  '[--archive-timeout SECONDS] [--write-load TPS] --state-file PATH';

/** Parsed command line of `cli.ts start`. */
export interface StartArgs {
  options: PlatformOptions;
  stateFile: string;
  seedTenants: number;
  seed?: number;
  ordersPerTenant?: number;
  /** Transactions per second of the write load; 0 or absent: none. */
  writeLoad?: number;
}

function integer(flag: string, value: string | undefined): number {
  const n = Number(value);
  if (value === undefined || !/^\d+$/.test(value) || !Number.isSafeInteger(n)) {
    throw new Error(`${flag} needs a non-negative integer\n${USAGE}`);
  }
  return n;
}

/** Parses `start ...` arguments; throws a message with the usage on bad input. */
export function parseStartArgs(argv: string[]): StartArgs {
  const [command, ...rest] = argv;
  if (command !== 'start') {
    throw new Error(
      `unknown command ${JSON.stringify(command ?? '')}\n${USAGE}`,
    );
  }
  const options: PlatformOptions = {};
  let stateFile: string | undefined;
  let seedTenants = 0;
  let seed: number | undefined;
  let ordersPerTenant: number | undefined;
  let writeLoad: number | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const [flag, inline] = arg.includes('=') ? arg.split(/=(.*)/s, 2) : [arg];
    const value = () => (inline !== undefined ? inline : rest[++i]);
    switch (flag) {
      case '--no-standby':
        options.standby = false;
        break;
      case '--no-s3':
        options.s3 = false;
        break;
      case '--no-pgbouncer':
        options.pgbouncer = false;
        break;
      case '--no-pgbackrest':
        options.pgbackrest = false;
        break;
      case '--seed-tenants':
        seedTenants = integer(flag, value());
        break;
      case '--seed':
        seed = integer(flag, value());
        break;
      case '--orders-per-tenant':
        ordersPerTenant = integer(flag, value());
        break;
      case '--archive-timeout':
        options.archiveTimeoutSeconds = integer(flag, value());
        break;
      case '--write-load':
        writeLoad = integer(flag, value());
        break;
      case '--base-dir':
        options.baseDir = value();
        break;
      case '--state-file':
        stateFile = value();
        break;
      default:
        throw new Error(`unknown option ${JSON.stringify(arg)}\n${USAGE}`);
    }
  }
  if (!stateFile) throw new Error(`--state-file is required\n${USAGE}`);
  if (writeLoad && seedTenants === 0) {
    throw new Error(`--write-load needs --seed-tenants\n${USAGE}`);
  }
  if (options.s3 === false && options.pgbackrest === undefined) {
    options.pgbackrest = false;
  }
  return {
    options,
    stateFile: path.resolve(stateFile),
    seedTenants,
    seed,
    ordersPerTenant,
    writeLoad: writeLoad || undefined,
  };
}

/** The write load of the demo: through PgBouncer when it runs, else on the primary. */
function startDemoWriteLoad(platform: Platform, ratePerSecond: number) {
  const via = platform.pgbouncer ?? platform.primary;
  let reported = 0;
  return startWriteLoad(
    {
      host: via.host,
      port: via.port,
      user: via.user,
      password: via.password,
      database: via.database,
    },
    {
      ratePerSecond,
      // One line per 30 failures is enough to see an outage in the log.
      onError: error => {
        if (reported++ % 30 === 0) {
          process.stderr.write(`write load: ${error.message}\n`);
        }
      },
    },
  );
}

function writeState(file: string, data: unknown) {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
}

function describe(platform: Platform): string {
  const parts = [`primary 127.0.0.1:${platform.primary.port}`];
  if (platform.standby)
    parts.push(`standby 127.0.0.1:${platform.standby.port}`);
  if (platform.s3)
    parts.push(`s3 ${platform.s3.endpoint} (tls ${platform.s3.tlsEndpoint})`);
  if (platform.pgbouncer)
    parts.push(`pgbouncer 127.0.0.1:${platform.pgbouncer.port}`);
  if (platform.pgbackrest)
    parts.push(`pgbackrest stanza ${platform.pgbackrest.stanza}`);
  return parts.join(', ');
}

async function main(argv: string[]): Promise<number> {
  let args: StartArgs;
  try {
    args = parseStartArgs(argv);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }

  let platform: Platform | undefined;
  let load: WriteLoad | undefined;
  let shuttingDown: Promise<number> | undefined;
  const shutdown = (code: number) =>
    (shuttingDown ??= (async () => {
      let exitCode = code;
      if (load) {
        const done = await load.stop();
        process.stdout.write(
          `write load stopped: ${done.transactions} transactions, ${done.errors} failed\n`,
        );
      }
      try {
        await platform?.stop();
      } catch (error) {
        process.stderr.write(`${(error as Error).message}\n`);
        exitCode = exitCode || 1;
      }
      rmSync(args.stateFile, { force: true });
      return exitCode;
    })());
  let signalled = false;
  const onSignal = () => {
    signalled = true;
    if (platform) {
      shutdown(0).then(code => {
        process.stdout.write('platform stopped\n');
        process.exit(code);
      });
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const started = Date.now();
  try {
    platform = await startPlatform(args.options);
    if (args.seedTenants > 0) {
      await seedDemoData(platform.primary, {
        tenants: args.seedTenants,
        seed: args.seed,
        ordersPerTenant: args.ordersPerTenant,
      });
    }
    if (args.writeLoad) {
      load = startDemoWriteLoad(platform, args.writeLoad);
    }
    writeState(args.stateFile, {
      ...platform,
      pid: process.pid,
      startedAt: new Date().toISOString(),
      seededTenants: args.seedTenants,
    });
  } catch (error) {
    if (!signalled) {
      process.stderr.write(
        `platform did not start: ${(error as Error).message}\n`,
      );
    }
    return shutdown(signalled ? 0 : 1);
  }
  if (signalled) return shutdown(0);

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    `platform ready in ${seconds}s: ${describe(platform)}${
      args.seedTenants ? `, ${args.seedTenants} demo tenants` : ''
    }${args.writeLoad ? `, write load ${args.writeLoad}/s` : ''}; state file ${
      args.stateFile
    } (pid ${process.pid})\n`,
  );
  // Stay up until a signal arrives.
  setInterval(() => {}, 1 << 30);
  return new Promise<number>(() => {});
}

if (require.main === module) {
  main(process.argv.slice(2)).then(code => process.exit(code));
}
