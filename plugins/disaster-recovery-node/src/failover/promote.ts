import { InputError } from '@backstage/errors';
import { throwIfAborted } from '../operation/errors';
import { assertConnection, connectPg, withPg } from '../postgres/pgTools';
import { StepRunner } from '../operation/steps';
import { silentLogger } from '../operation/types';
import { assertPreflight, preflight } from './preflight';
import { lsnDiff, readServerStateWith, serverAddress } from './serverState';
import {
  keepWalAndReadLsn,
  rollback,
  timelineLeft,
  verifyWrite,
  waitForReplay,
} from './promotionSteps';
import {
  FailoverActionContext,
  FenceRecord,
  FenceRequest,
  PromotionOptions,
  PromotionResult,
  RecordedAction,
  ServerState,
} from './types';

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
  let left: number | undefined;
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
          const state = await readServerStateWith(client, options.standby);
          left = await timelineLeft(client, state.timeline);
          return state;
        });
        set(`timeline ${left ?? before!.timeline} -> ${after.timeline}`);
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
    // the promoted server's history names the timeline it left; else the state read before
    oldTimeline:
      left ??
      (pre.primary.reachable ? pre.primary.timeline : pre.standby.timeline),
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
