import { stopRestoredServer } from '@dr-portal/backstage-plugin-disaster-recovery-node';
import { spawnSync } from 'node:child_process';
import { Client, ClientConfig } from 'pg';
import {
  Platform,
  pgConnectionConfig,
  PostgresNode,
} from '../../__testUtils__/platformHarness';

/** Runs one statement on a node (by default as the harness's superuser) and returns its rows. */
export async function queryNode<T = any>(
  node: PostgresNode,
  text: string,
  config: ClientConfig = pgConnectionConfig(node),
): Promise<T[]> {
  const client = new Client(config);
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

/** pgBackRest as the platform's own schedule runs it, with the stanza's configuration; its stdout. */
export function runPgBackRest(platform: Platform, args: string[]): string {
  const [cmd, ...rest] = platform.pgbackrest!.command;
  const out = spawnSync(
    cmd,
    [...rest, `--stanza=${platform.pgbackrest!.stanza}`, ...args],
    { encoding: 'utf8' },
  );
  if (out.status !== 0) {
    throw new Error(`pgbackrest ${args.join(' ')} failed: ${out.stderr}`);
  }
  return out.stdout;
}

/** Stops the server a point-in-time restore left running, if a test started one. */
export async function stopRestoredPitrServer(
  platform: Platform,
  restored: { dataDirectory: string; port: number } | undefined,
): Promise<void> {
  if (!restored) {
    return;
  }
  await stopRestoredServer({
    dataDir: restored.dataDirectory,
    socketDir: '',
    logFile: '',
    host: '127.0.0.1',
    port: restored.port,
    osUser: platform.osUser,
    pgBinDir: platform.pgBinDir,
  });
}
