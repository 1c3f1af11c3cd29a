import path from 'node:path';
import { cleanEnv, mkdirOwned, writeOwned } from './files';
import { asUser, run, RunAs } from './processes';
import { PgBackRestSetup, PostgresNode, S3Endpoint } from './types';

/** The stanza the harness creates. */
export const PGBACKREST_STANZA = 'demo';
/** Repository path inside the bucket. */
export const PGBACKREST_REPO_PATH = '/pgbackrest';

/** Paths of the pgBackRest set-up, known before PostgreSQL starts (archive_command needs them). */
export interface PgBackRestPaths {
  dir: string;
  configFile: string;
  binary: string;
}

/** Decides where pgBackRest's files live and creates its directories. */
export function preparePgBackRest(
  dir: string,
  runAs: RunAs,
  binary: string,
): PgBackRestPaths {
  mkdirOwned(dir, runAs);
  mkdirOwned(path.join(dir, 'log'), runAs);
  mkdirOwned(path.join(dir, 'lock'), runAs);
  mkdirOwned(path.join(dir, 'spool'), runAs);
  return { dir, configFile: path.join(dir, 'pgbackrest.conf'), binary };
}

/**
 * The archive_command for a server: archive-push into the stanza. `pgDataDir` is given for the
 * standby so that, once promoted, it archives its own WAL (relative %p resolves against pg1-path).
 */
export function archiveCommand(
  paths: PgBackRestPaths,
  pgDataDir?: string,
): string {
  return [
    paths.binary,
    `--config=${paths.configFile}`,
    `--stanza=${PGBACKREST_STANZA}`,
    ...(pgDataDir ? [`--pg1-path=${pgDataDir}`] : []),
    'archive-push',
    '%p',
  ].join(' ');
}

/** Writes pgbackrest.conf (mode 0600, owned by the OS user: it holds the S3 secret). */
export function writePgBackRestConfig(
  paths: PgBackRestPaths,
  runAs: RunAs,
  s3: S3Endpoint,
  primary: PostgresNode,
  standby?: PostgresNode,
): void {
  const tlsPort = new URL(s3.tlsEndpoint).port;
  const lines = [
    '# written by @internal/platform-harness',
    '[global]',
    'repo1-type=s3',
    `repo1-path=${PGBACKREST_REPO_PATH}`,
    `repo1-s3-bucket=${s3.bucket}`,
    'repo1-s3-endpoint=127.0.0.1',
    `repo1-storage-port=${tlsPort}`,
    `repo1-s3-region=${s3.region}`,
    `repo1-s3-key=${s3.accessKeyId}`,
    `repo1-s3-key-secret=${s3.secretAccessKey}`,
    'repo1-s3-uri-style=path',
    'repo1-storage-verify-tls=n',
    'repo1-retention-full=2',
    'start-fast=y',
    'compress-type=lz4',
    'archive-timeout=30',
    'process-max=2',
    `log-path=${path.join(paths.dir, 'log')}`,
    `lock-path=${path.join(paths.dir, 'lock')}`,
    `spool-path=${path.join(paths.dir, 'spool')}`,
    'log-level-console=warn',
    'log-level-file=info',
    '',
    `[${PGBACKREST_STANZA}]`,
    `pg1-path=${primary.dataDir}`,
    `pg1-port=${primary.port}`,
    `pg1-socket-path=${primary.socketDir}`,
    `pg1-user=${primary.user}`,
  ];
  if (standby) {
    lines.push(
      `pg2-path=${standby.dataDir}`,
      `pg2-port=${standby.port}`,
      `pg2-socket-path=${standby.socketDir}`,
      `pg2-user=${standby.user}`,
    );
  }
  writeOwned(paths.configFile, `${lines.join('\n')}\n`, runAs);
}

/** The argument vector prefix that runs pgBackRest with this configuration. */
export function pgBackRestSetup(
  paths: PgBackRestPaths,
  runAs: RunAs,
): PgBackRestSetup {
  return {
    stanza: PGBACKREST_STANZA,
    configFile: paths.configFile,
    command: asUser(runAs, [paths.binary, `--config=${paths.configFile}`]),
    repoPath: PGBACKREST_REPO_PATH,
  };
}

/** Runs one pgBackRest command for the stanza (argument array; secrets stay in the config). */
export async function runPgBackRest(
  setup: PgBackRestSetup,
  args: string[],
  cwd: string,
): Promise<string> {
  const [cmd, ...rest] = setup.command;
  const { stdout } = await run(
    cmd,
    [...rest, `--stanza=${setup.stanza}`, ...args],
    { cwd, env: cleanEnv(), timeoutMs: 180_000 },
  );
  return stdout;
}
