import { InputError } from '@backstage/errors';
import { throwIfAborted } from '../operation/errors';
import { Client } from 'pg';
import { assertConnection, connectPg, withPg } from '../postgres/pgTools';
import { StepRunner } from '../operation/steps';
import { PgConnection } from '../target/target';
import { silentLogger } from '../operation/types';
import { assertPreflight, preflight } from './preflight';
import { lsnDiff, readServerStateWith, serverAddress } from './serverState';
import { sleepFor } from './sleep';
import {
  FailoverActionContext,
  FenceRecord,
  FenceRequest,
  Fencer,
  PromotionOptions,
  PromotionResult,
  RecordedAction,
  REWIND_KEEP_SLOT,
  ServerState,
  TrafficSwitch,
} from './types';

async function waitForReplay(
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

/** Reserves the old primary's WAL since its last checkpoint (pg_rewind reads it when reprotecting). */
/**
 * Reserves the fenced primary's WAL since its last checkpoint (pg_rewind reads it when
 * reprotecting) and returns its last flushed WAL position.
 */
async function keepWalAndReadLsn(
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
async function verifyWrite(
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

function validate(options: PromotionOptions) {
  assertConnection(options.primary, 'primary');
  assertConnection(options.standby, 'standby');
  if (options.probe) assertConnection(options.probe, 'probe');
  if (
    options.primary.host === options.standby.host &&
    options.primary.port === options.standby.port
  ) {
    throw new InputError('primary and standby are the same server');
  }
  if (
    options.incidentStartedAt !== undefined &&
    (!/^\d{4}-\d\d-\d\dT/.test(options.incidentStartedAt) ||
      Number.isNaN(Date.parse(options.incidentStartedAt)))
  ) {
    throw new InputError('incidentStartedAt must be an ISO 8601 time');
  }
}

/**
 * Promotes the standby of a pair: preflight, pause the switch, fence the old primary, (switchover:
 * wait until the standby replayed the old primary's last WAL), `pg_promote(wait => true)`, undo
 * on the new primary what replication carried of the fence, repoint and resume the switch, and
 * verify a write through it. A failure or abort before the promotion unfences the old primary and
 * resumes the switch where it pointed; once promoted, the run finishes the switch even when aborted.
 * @public
 */
export async function runPromotion(
  mode: 'switchover' | 'failover',
  options: PromotionOptions,
): Promise<PromotionResult> {
  validate(options);
  const started = Date.now();
  const runId = `${mode}-${new Date(started).toISOString()}`;
  const secrets = [
    options.primary.password ?? '',
    options.standby.password ?? '',
    options.probe?.password ?? '',
    ...(options.secrets ?? []),
  ].filter(Boolean);
  const logger = options.logger ?? silentLogger;
  const { signal } = options;
  const steps = new StepRunner({
    logger,
    onStep: options.onStep,
    signal,
    secrets,
  });
  const ctx: FailoverActionContext = { signal, logger, secrets };
  const fencers = options.fencers ?? [];
  const sw = options.trafficSwitch;

  const pre = await steps.run('preflight', 'Preflight checks', async set => {
    const result = await preflight({
      mode,
      primary: options.primary,
      standby: options.standby,
      rpoSeconds: options.rpoSeconds,
      maxLagBytes: options.maxLagBytes,
      acceptRisks: options.acceptRisks,
      signal,
      secrets,
    });
    set(
      `${result.checks.filter(c => c.status === 'pass').length}/${
        result.checks.length
      } passed${
        result.acceptedRisks.length
          ? `; accepted risks: ${result.acceptedRisks.join(', ')}`
          : ''
      }`,
    );
    assertPreflight(result);
    return result;
  });
  const primaryReachable = pre.primary.reachable && !pre.primary.inRecovery;
  if (primaryReachable && fencers.length === 0) {
    throw new InputError(
      `the old primary ${serverAddress(
        options.primary,
      )} is up and no fencer is configured: promoting now would make two primaries`,
    );
  }

  // like an application's pooled connection: opened before the pause, used after the resume
  const probeClient = await connectPg(options.probe ?? options.standby).catch(
    () => undefined,
  );
  const closeProbe = () => probeClient?.end().catch(() => {});

  const fences: FenceRecord[] = [];
  const switchActions: RecordedAction[] = [];
  let paused = false;
  let oldPrimaryLastLsn: string | undefined;
  const fenceRequest: FenceRequest = {
    ...ctx,
    primary: options.primary,
    reachable: pre.primary.reachable,
  };
  try {
    if (sw) {
      await steps.run('pause-switch', `Pause ${sw.describe()}`, async set => {
        const done = await sw.pause(ctx);
        paused = true;
        switchActions.push(...done);
        set(done.map(a => a.detail).join('; '));
      });
    } else {
      steps.skip(
        'pause-switch',
        'Pause the traffic switch',
        'no traffic switch configured',
      );
    }

    await steps.run('fence', 'Fence the old primary', async set => {
      const failures: string[] = [];
      for (const fencer of fencers) {
        try {
          fences.push(await fencer.fence(fenceRequest));
        } catch (error) {
          if (signal?.aborted) throw error;
          failures.push(`${fencer.describe()}: ${(error as Error).message}`);
          fences.push({
            type: fencer.type,
            fenced: false,
            actions: [],
            reason: (error as Error).message,
          });
        }
      }
      const fenced = fences.some(f => f.fenced);
      if (
        failures.length &&
        primaryReachable &&
        !options.acceptRisks?.includes('fence-failed')
      ) {
        throw new Error(
          `fencing failed (accept risk "fence-failed" to go on): ${failures.join(
            '; ',
          )}`,
        );
      }
      if (primaryReachable && !fenced) {
        throw new Error('no fencer fenced the old primary, which is up');
      }
      set(
        fenced
          ? fences
              .filter(f => f.fenced)
              .map(f => f.type)
              .join(', ')
          : `not fenced: ${
              fences.map(f => f.reason).join('; ') || 'no fencer'
            } (risk accepted)`,
      );
    });

    if (primaryReachable) {
      oldPrimaryLastLsn = await keepWalAndReadLsn(options.primary, signal);
    }

    if (mode === 'switchover') {
      await steps.run(
        'wait-replay',
        "Wait for the standby to replay the old primary's last WAL",
        async set => {
          const replayed = await waitForReplay(
            options.standby,
            oldPrimaryLastLsn!,
            options.replayTimeoutMs ?? 60_000,
            signal,
          );
          set(`replayed ${replayed} >= ${oldPrimaryLastLsn}`);
        },
      );
    }
    throwIfAborted(signal);
  } catch (error) {
    await closeProbe();
    // Nothing was promoted: give the old primary its traffic back.
    await rollback(
      steps,
      fences,
      fencers,
      fenceRequest,
      sw,
      paused,
      switchActions,
    );
    throw error;
  }

  let before: ServerState | undefined;
  let promotedState: ServerState;
  let write: { at: number; attempts: number };
  try {
    promotedState = await steps.run(
      'promote',
      'Promote the standby (pg_promote)',
      async set => {
        // one session for the state before, the promotion and the state after
        const after = await withPg(options.standby, {}, async client => {
          before = await readServerStateWith(client, options.standby);
          const { rows } = await client.query(
            'select pg_promote(wait => true, wait_seconds => 60) as ok',
          );
          if (!rows[0].ok) {
            throw new Error('pg_promote did not finish within 60 s');
          }
          return readServerStateWith(client, options.standby);
        });
        set(`timeline ${before!.timeline} -> ${after.timeline}`);
        return after;
      },
      { ignoreAbort: true },
    );

    await steps.run(
      'release-fence',
      'Undo the replicated fence on the new primary',
      async set => {
        const done: RecordedAction[] = [];
        for (const [i, record] of fences.entries()) {
          const fencer = fencers[i];
          if (fencer?.releasePromoted && record.fenced) {
            done.push(
              ...(await fencer.releasePromoted(record, {
                logger,
                secrets,
                newPrimary: options.standby,
              })),
            );
          }
        }
        set(done.map(a => a.detail).join('; ') || 'nothing to undo');
      },
      { ignoreAbort: true },
    );

    if (sw) {
      const to = options.switchEndpoint ?? {
        host: options.standby.host,
        port: options.standby.port,
        database: options.standby.database,
      };
      await steps.run(
        'repoint-switch',
        `Repoint ${sw.describe()}`,
        async set => {
          const done = await sw.repoint(to, { logger, secrets });
          switchActions.push(...done);
          set(`-> ${to.host}:${to.port}`);
        },
        { ignoreAbort: true },
      );
      await steps.run(
        'resume-switch',
        `Resume ${sw.describe()}`,
        async set => {
          const done = await sw.resume({ logger, secrets });
          switchActions.push(...done);
          set(done.map(a => a.detail).join('; '));
        },
        { ignoreAbort: true },
      );
    }

    write = await steps.run(
      'verify-write',
      options.probe
        ? 'Verify a write through the switch'
        : 'Verify a write on the new primary',
      async set => {
        const w = await verifyWrite(
          options.probe ?? options.standby,
          probeClient,
          runId,
          options.verifyTimeoutMs ?? 30_000,
        );
        set(`committed after ${w.attempts} attempt(s)`);
        return w;
      },
      { ignoreAbort: true },
    );
  } finally {
    await closeProbe();
  }

  const rtoFrom = options.incidentStartedAt
    ? Date.parse(options.incidentStartedAt)
    : started;
  const lost =
    mode === 'switchover'
      ? 0
      : lsnDiff(
          oldPrimaryLastLsn ??
            (primaryReachable ? pre.primary.flushLsn : undefined),
          before?.replayLsn,
        );
  return {
    mode,
    preflight: pre,
    steps: steps.steps,
    fences,
    switchActions,
    oldTimeline: pre.primary.reachable
      ? pre.primary.timeline
      : pre.standby.timeline,
    newTimeline: promotedState.timeline!,
    oldPrimaryLastLsn,
    dataLoss: {
      lastReceivedLsn: before?.receiveLsn,
      lastReplayedLsn: before?.replayLsn,
      lastReplayedCommitAt: before?.lastReplayedCommitAt,
      lostBytes: lost === undefined ? undefined : Math.max(0, lost),
    },
    achievedRtoMs: write.at - rtoFrom,
    firstWriteAt: new Date(write.at).toISOString(),
    verifiedThrough: options.probe ? 'switch' : 'server',
    startedAt: new Date(started).toISOString(),
    finishedAt: new Date().toISOString(),
  };
}

async function rollback(
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

/** Planned switchover: zero committed transactions lost; the old primary must be healthy. @public */
export function switchover(
  options: PromotionOptions,
): Promise<PromotionResult> {
  return runPromotion('switchover', options);
}

/** Unplanned failover: the same steps without waiting for replay; records the data-loss window. @public */
export function failover(options: PromotionOptions): Promise<PromotionResult> {
  return runPromotion('failover', options);
}
