import { Client } from 'pg';
import { connectPg, withPg } from '../postgres/pgTools';
import { StepRunner } from '../operation/steps';
import { PgConnection } from '../target/target';
import { serverAddress } from './serverState';
import { sleepFor } from './sleep';
import {
  FenceRecord,
  FenceRequest,
  Fencer,
  RecordedAction,
  REWIND_KEEP_SLOT,
  TrafficSwitch,
} from './types';

/** Waits until the standby replayed `lsn`. @internal */
export async function waitForReplay(
  standby: PgConnection,
  lsn: string,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  return withPg(standby, { signal }, async client => {
    for (;;) {
      const { rows } = await client.query(
        `select pg_last_wal_replay_lsn()::text as replay,
                pg_wal_lsn_diff($1::pg_lsn, pg_last_wal_replay_lsn()) <= 0 as done`,
        [lsn],
      );
      if (rows[0].done) return rows[0].replay as string;
      if (Date.now() > deadline) {
        throw new Error(
          `the standby replayed up to ${rows[0].replay} but not the old primary's last WAL ${lsn} within ${timeoutMs} ms`,
        );
      }
      await sleepFor(10, signal);
    }
  });
}

/**
 * The timeline a just-promoted server left, from its new timeline's history file (the last
 * entry names the parent). Exact where the state read before the promotion is not: a standby
 * without a WAL receiver (its primary is down) reports the timeline of its last restartpoint,
 * which lags the one it replays after a rewind. Undefined when the file cannot be read.
 * @internal
 */
export async function timelineLeft(
  client: Client,
  newTimeline: number | undefined,
): Promise<number | undefined> {
  if (!newTimeline || newTimeline < 2) return undefined;
  const file = `pg_wal/${newTimeline
    .toString(16)
    .toUpperCase()
    .padStart(8, '0')}.history`;
  try {
    const { rows } = await client.query('select pg_read_file($1) as text', [
      file,
    ]);
    const entries = String(rows[0].text)
      .split('\n')
      .map(line => /^\s*(\d+)\s/.exec(line))
      .filter((m): m is RegExpExecArray => m !== null);
    const parent = Number(entries[entries.length - 1]?.[1]);
    return Number.isInteger(parent) && parent > 0 ? parent : undefined;
  } catch {
    // no permission to read server files (pg_read_server_files): keep the state read before
    return undefined;
  }
}

/**
 * Reserves the fenced primary's WAL since its last checkpoint (pg_rewind reads it when
 * reprotecting) and returns its last flushed WAL position.
 */
export async function keepWalAndReadLsn(
  primary: PgConnection,
  signal?: AbortSignal,
): Promise<string> {
  return withPg(primary, { signal }, async client => {
    await client.query(
      `select pg_create_physical_replication_slot($1, true)
        where not exists (select 1 from pg_replication_slots where slot_name = $1)`,
      [REWIND_KEEP_SLOT],
    );
    const { rows } = await client.query(
      'select pg_current_wal_flush_lsn()::text as lsn',
    );
    return rows[0].lsn as string;
  });
}

async function writeOnce(client: Client, runId: string): Promise<void> {
  const { rows } = await client.query(
    `select pg_is_in_recovery() as recovery, current_setting('transaction_read_only') as ro`,
  );
  if (rows[0].recovery || rows[0].ro === 'on') {
    throw new Error(
      rows[0].recovery
        ? 'the server behind it is still in recovery'
        : 'transactions there default to read-only',
    );
  }
  // a real commit: takes a transaction id and writes WAL
  await client.query('BEGIN');
  try {
    await client.query('SELECT txid_current()');
    await client.query(
      `SELECT pg_logical_emit_message(true, 'backstage-disaster-recovery', $1)`,
      [`verify ${runId}`],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}

/**
 * Commits a write through `conn`, first on `opened` (a session opened before the switch was
 * paused, like an application's pooled connection), then on new sessions until one succeeds.
 */
export async function verifyWrite(
  conn: PgConnection,
  opened: Client | undefined,
  runId: string,
  timeoutMs: number,
): Promise<{ at: number; attempts: number }> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  let client = opened;
  for (let attempts = 1; ; attempts++) {
    try {
      client ??= await connectPg(conn);
      await writeOnce(client, runId);
      const at = Date.now();
      await client.end().catch(() => {});
      return { at, attempts };
    } catch (error) {
      lastError = (error as Error).message;
      await client?.end().catch(() => {});
      client = undefined;
      if (Date.now() > deadline) {
        throw new Error(
          `no write through ${serverAddress(
            conn,
          )} succeeded within ${timeoutMs} ms (${attempts} attempts): ${lastError}`,
        );
      }
      await sleepFor(20);
    }
  }
}

/** Gives the old primary its traffic back after a run that stopped before promoting. @internal */
export async function rollback(
  steps: StepRunner,
  fences: FenceRecord[],
  fencers: Fencer[],
  request: FenceRequest,
  sw: TrafficSwitch | undefined,
  paused: boolean,
  switchActions: RecordedAction[],
): Promise<void> {
  const plain = { ...request, signal: undefined };
  if (request.reachable) {
    await steps
      .run(
        'drop-keep-slot',
        `Drop ${REWIND_KEEP_SLOT} on the old primary`,
        () =>
          withPg(request.primary, {}, client =>
            client.query(
              `select pg_drop_replication_slot(slot_name) from pg_replication_slots where slot_name = $1 and not active`,
              [REWIND_KEEP_SLOT],
            ),
          ),
        { ignoreAbort: true },
      )
      .catch(() => {});
  }
  for (const [i, record] of fences.entries()) {
    const fencer = fencers[i];
    if (record.fenced && fencer?.unfence) {
      await steps
        .run(
          'unfence',
          `Unfence the old primary (${fencer.type})`,
          async () => {
            await fencer.unfence!(record, plain);
          },
          { ignoreAbort: true },
        )
        .catch(() => {});
    }
  }
  if (sw && paused) {
    await steps
      .run(
        'resume-switch',
        `Resume ${sw.describe()} (unchanged target)`,
        async () => {
          switchActions.push(...(await sw.resume({ ...plain })));
        },
        { ignoreAbort: true },
      )
      .catch(() => {});
  }
}
