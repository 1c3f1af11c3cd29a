import { existsSync } from 'node:fs';
import {
  appendFile,
  chown,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { InputError } from '@backstage/errors';
import { isAbortError } from '../operation/errors';
import { pgProgram } from '../postgres/pgTools';
import { runProcess } from '../process/processRunner';
import { StepRunner } from '../operation/steps';
import { PgConnection } from '../target/target';
import { asServerOsUser } from '../process/osUser';
import {
  ReprotectLocalMode,
  ReprotectOptions,
  ReprotectResult,
} from './reprotectTypes';

function conninfo(conn: PgConnection): string {
  // values are validated by assertConnection: no spaces, quotes or backslashes
  return `host=${conn.host} port=${conn.port} user=${conn.user} dbname=${conn.database} application_name=dr_reprotect`;
}

async function pgCtl(
  options: ReprotectOptions,
  mode: ReprotectLocalMode,
  args: string[],
  secrets: string[],
) {
  const [command, ...rest] = asServerOsUser(mode.osUser, [
    pgProgram(options.pgBinDir, 'pg_ctl'),
    `--pgdata=${mode.dataDir}`,
    ...args,
  ]);
  return runProcess({
    command,
    args: rest,
    cwd: os.tmpdir(),
    signal: options.signal,
    secrets,
    logger: options.logger,
  });
}

/** Top-level `*.conf` files of a data directory except postgresql.auto.conf (the server's own settings: port, paths, hba). */
async function readServerConfig(dataDir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const name of await readdir(dataDir)) {
    if (name.endsWith('.conf') && name !== 'postgresql.auto.conf') {
      files.set(name, await readFile(path.join(dataDir, name)));
    }
  }
  return files;
}

async function writeServerConfig(dataDir: string, files: Map<string, Buffer>) {
  const owner = await stat(dataDir);
  for (const [name, content] of files) {
    const file = path.join(dataDir, name);
    await writeFile(file, content, { mode: 0o600 });
    await chown(file, owner.uid, owner.gid);
  }
}

/** Stops, rewinds (or rebuilds) and starts the old primary as a standby on this machine. @internal */
export async function reprotectLocal(
  options: ReprotectOptions,
  mode: ReprotectLocalMode,
  steps: StepRunner,
  secrets: string[],
  env: Record<string, string | undefined>,
  slotName: string,
  onRewindFailure: (reason: string) => void,
): Promise<ReprotectResult['method']> {
  const { dataDir } = mode;
  const { signal } = options;
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    throw new InputError(`${dataDir} is not a PostgreSQL data directory`);
  }
  const run = (program: string, args: string[]) => {
    const [command, ...rest] = asServerOsUser(mode.osUser, [
      pgProgram(options.pgBinDir, program),
      ...args,
    ]);
    return runProcess({
      command,
      args: rest,
      env,
      cwd: os.tmpdir(),
      signal,
      secrets,
      logger: options.logger,
    });
  };

  await steps.run('stop', 'Stop the old primary', async set => {
    if (!existsSync(path.join(dataDir, 'postmaster.pid'))) {
      set('not running');
      return;
    }
    await pgCtl(
      options,
      mode,
      ['--mode=fast', '--wait', '--timeout=120', 'stop'],
      secrets,
    );
    set('stopped (fast)');
  });
  const config = await readServerConfig(dataDir);

  let method: ReprotectResult['method'] = 'pg_rewind';
  try {
    await steps.run('rewind', 'Rewind with pg_rewind', async set => {
      const { stderr } = await run('pg_rewind', [
        `--target-pgdata=${dataDir}`,
        `--source-server=${conninfo(options.newPrimary)}`,
        '--write-recovery-conf',
      ]);
      set(
        /no rewind required/i.test(stderr) ? 'no rewind required' : 'rewound',
      );
    });
  } catch (error) {
    if (isAbortError(error) || options.allowBasebackup === false) throw error;
    onRewindFailure((error as Error).message.slice(0, 1000));
    method = 'pg_basebackup';
  }
  const aside = `${dataDir}.reprotect-${Date.now()}`;
  if (method === 'pg_basebackup') {
    await rename(dataDir, aside);
    try {
      await steps.run(
        'basebackup',
        'Copy the new primary with pg_basebackup',
        async () => {
          await run('pg_basebackup', [
            `--host=${options.newPrimary.host}`,
            `--port=${options.newPrimary.port}`,
            `--username=${options.newPrimary.user}`,
            `--pgdata=${dataDir}`,
            '--wal-method=stream',
            '--checkpoint=fast',
            '--write-recovery-conf',
            '--no-password',
          ]);
        },
      );
    } catch (error) {
      await rm(dataDir, { recursive: true, force: true });
      await rename(aside, dataDir);
      throw error;
    }
  }

  await steps.run(
    'configure',
    'Restore its own configuration and join as a standby',
    async set => {
      await writeServerConfig(dataDir, config);
      if (!existsSync(path.join(dataDir, 'standby.signal'))) {
        throw new Error('standby.signal is missing after the rewind');
      }
      await appendFile(
        path.join(dataDir, 'postgresql.auto.conf'),
        `primary_slot_name = '${slotName}'\n`,
      );
      set(
        `kept ${[...config.keys()].join(
          ', ',
        )}; primary_slot_name = ${slotName}`,
      );
    },
  );

  await steps.run('start', 'Start it as a standby', async () => {
    await pgCtl(
      options,
      mode,
      [
        `--log=${
          mode.logFile ?? path.join(path.dirname(dataDir), 'postgres.log')
        }`,
        '--wait',
        '--timeout=120',
        'start',
      ],
      secrets,
    );
  });
  if (method === 'pg_basebackup') {
    await rm(aside, { recursive: true, force: true });
  }
  return method;
}
