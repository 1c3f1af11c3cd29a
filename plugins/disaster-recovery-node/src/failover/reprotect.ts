import os from 'node:os';
import path from 'node:path';
import { ConflictError, InputError } from '@backstage/errors';
import { assertConnection, withPg } from '../postgres/pgTools';
import { runProcess } from '../process/processRunner';
import { StepRunner } from '../operation/steps';
import { readServerState, serverAddress } from './serverState';
import { sleepFor } from './sleep';
import { REWIND_KEEP_SLOT } from './types';
import { reprotectLocal } from './reprotectLocal';
import { ReprotectOptions, ReprotectResult } from './reprotectTypes';

export type {
  ReprotectCommandMode,
  ReprotectLocalMode,
  ReprotectOptions,
  ReprotectResult,
} from './reprotectTypes';

const SLOT = /^[a-z0-9_]{1,63}$/;

async function waitStreaming(
  options: ReprotectOptions,
  secrets: string[],
  timeline: number | undefined,
): Promise<{ timeline?: number; receiveLsn?: string }> {
  const timeoutMs = options.streamTimeoutMs ?? 120_000;
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    const state = await readServerState(options.server, {
      signal: options.signal,
      secrets,
    });
    if (
      state.reachable &&
      state.inRecovery &&
      state.walReceiverStatus === 'streaming' &&
      state.timeline === timeline
    ) {
      return { timeline: state.timeline, receiveLsn: state.receiveLsn };
    }
    last = state.reachable
      ? `in recovery: ${state.inRecovery}, WAL receiver: ${
          state.walReceiverStatus ?? 'none'
        } on timeline ${state.timeline}, expected ${timeline}`
      : state.error ?? 'unreachable';
    if (Date.now() > deadline) {
      throw new Error(
        `${serverAddress(
          options.server,
        )} did not stream from the new primary within ${timeoutMs} ms (${last})`,
      );
    }
    await sleepFor(100, options.signal);
  }
}

/**
 * Turns the old primary into a streaming standby of the new primary, so the pair is protected
 * again: the server is stopped, rewound with `pg_rewind` (or, when a rewind is impossible,
 * rebuilt with `pg_basebackup`, the old directory kept aside until the new one streams), its own
 * configuration files kept, and started as a standby on a replication slot. Failing back is then
 * a switchover with zero lag.
 * @public
 */
export async function reprotect(
  options: ReprotectOptions,
): Promise<ReprotectResult> {
  assertConnection(options.server, 'server');
  assertConnection(options.newPrimary, 'newPrimary');
  const slotName = options.slotName ?? 'dr_standby';
  if (!SLOT.test(slotName)) {
    throw new InputError('slotName must match /^[a-z0-9_]{1,63}$/');
  }
  const { mode } = options;
  if (mode?.type === 'local') {
    if (!mode.dataDir || !path.isAbsolute(mode.dataDir)) {
      throw new InputError('mode.dataDir must be an absolute path');
    }
    if (
      mode.osUser !== undefined &&
      !/^[a-z_][a-z0-9_-]{0,31}$/.test(mode.osUser)
    ) {
      throw new InputError('mode.osUser is invalid');
    }
  } else if (mode?.type === 'command') {
    if (
      !Array.isArray(mode.argv) ||
      !mode.argv.length ||
      mode.argv.some(a => typeof a !== 'string')
    ) {
      throw new InputError('mode.argv must be a non-empty array of strings');
    }
  } else {
    throw new InputError('mode.type must be local or command');
  }
  const started = Date.now();
  const secrets = [
    options.server.password ?? '',
    options.newPrimary.password ?? '',
    ...(options.secrets ?? []),
  ].filter(Boolean);
  const steps = new StepRunner({
    logger: options.logger,
    onStep: options.onStep,
    signal: options.signal,
    secrets,
  });
  const { signal } = options;

  const newTimeline = await steps.run(
    'check',
    'Check both servers',
    async set => {
      const [primary, server] = await Promise.all([
        readServerState(options.newPrimary, { signal, secrets }),
        readServerState(options.server, { signal, secrets }),
      ]);
      if (!primary.reachable || primary.inRecovery) {
        throw new ConflictError(
          `the new primary ${primary.address} is ${
            primary.reachable ? 'in recovery' : `unreachable (${primary.error})`
          }: nothing to follow`,
        );
      }
      if (
        server.reachable &&
        server.inRecovery &&
        server.walReceiverStatus === 'streaming' &&
        server.timeline === primary.timeline
      ) {
        throw new ConflictError(
          `${server.address} is already a streaming standby (timeline ${server.timeline}); nothing to reprotect`,
        );
      }
      let role = 'down';
      if (server.reachable) {
        role = server.inRecovery ? 'in recovery' : 'running as a primary';
      }
      set(
        `new primary on timeline ${primary.timeline}; ${server.address} ${role}`,
      );
      return primary.timeline;
    },
  );

  await steps.run(
    'slot',
    `Checkpoint and replication slot ${slotName} on the new primary`,
    async set => {
      const created = await withPg(
        options.newPrimary,
        { signal },
        async client => {
          // pg_rewind reads the source's timeline from its control file, which a promotion
          // updates only at the next checkpoint
          await client.query('CHECKPOINT');
          const { rows } = await client.query(
            `select pg_create_physical_replication_slot($1, true) is not null as created
          where not exists (select 1 from pg_replication_slots where slot_name = $1)`,
            [slotName],
          );
          return rows.length > 0;
        },
      );
      set(created ? 'created' : 'exists');
    },
  );

  const env = {
    PGPASSWORD: options.newPrimary.password,
    PGAPPNAME: 'dr_reprotect',
  };
  let method: ReprotectResult['method'];
  let rewindFailure: string | undefined;
  if (mode.type === 'command') {
    method = 'command';
    await steps.run('command', `Run ${mode.argv[0]}`, async () => {
      const controller = new AbortController();
      const onAbort = () => controller.abort();
      signal?.addEventListener('abort', onAbort, { once: true });
      const timer = setTimeout(
        () => controller.abort(),
        mode.timeoutMs ?? 1_800_000,
      );
      try {
        await runProcess({
          command: mode.argv[0],
          args: mode.argv.slice(1),
          env: {
            ...mode.env,
            ...env,
            DR_NEW_PRIMARY_HOST: options.newPrimary.host,
            DR_NEW_PRIMARY_PORT: String(options.newPrimary.port),
            DR_SLOT_NAME: slotName,
          },
          cwd: os.tmpdir(),
          signal: controller.signal,
          secrets: [...secrets, ...Object.values(mode.env ?? {})],
          logger: options.logger,
        });
      } finally {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      }
    });
  } else {
    method = await reprotectLocal(
      options,
      mode,
      steps,
      secrets,
      env,
      slotName,
      f => {
        rewindFailure = f;
      },
    );
  }

  const streaming = await steps.run(
    'wait-streaming',
    'Wait until it streams',
    async set => {
      const s = await waitStreaming(options, secrets, newTimeline);
      set(`streaming on timeline ${s.timeline}, received ${s.receiveLsn}`);
      return s;
    },
  );
  await steps.run(
    'drop-keep-slot',
    `Drop ${REWIND_KEEP_SLOT} on the reprotected standby`,
    async set => {
      const dropped = await withPg(options.server, { signal }, async client => {
        const { rows } = await client.query(
          `select pg_drop_replication_slot(slot_name) from pg_replication_slots where slot_name = $1`,
          [REWIND_KEEP_SLOT],
        );
        return rows.length > 0;
      });
      set(dropped ? 'dropped' : 'none');
    },
  );
  return {
    method,
    rewindFailure,
    slotName,
    timeline: streaming.timeline,
    receiveLsn: streaming.receiveLsn,
    steps: steps.steps,
    startedAt: new Date(started).toISOString(),
    finishedAt: new Date().toISOString(),
  };
}
