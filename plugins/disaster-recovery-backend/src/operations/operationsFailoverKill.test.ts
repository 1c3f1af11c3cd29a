import { RecoveryRun } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { Client } from 'pg';
import request from 'supertest';
import {
  pgConnectionConfig,
  Platform,
  PostgresNode,
  startPlatform,
} from '../__testUtils__/platformHarness';
import {
  failoverTarget,
  writeThroughBouncer,
} from './__testUtils__/failoverPair';
import { ALICE, DB_REF } from './__testUtils__/operationsSuite';
import {
  OperationsTestBackend,
  startOperationsBackend,
} from './__testUtils__/operationsTestBackend';
import { OperationDefinition } from './operationDefinition';

jest.setTimeout(300_000);

/**
 * The step after whose end the next switchover is aborted; or, with `freeze`, a switchover whose
 * execution ends but whose end is never recorded until `freeze` resolves (as if the backend died).
 */
const kill: { after?: string; freeze?: Promise<void>; frozen?: () => void } =
  {};

/**
 * The real switchover, whose signal also aborts as soon as step `kill.after` has succeeded:
 * the abort lands exactly between that step and the next, as a cancel would.
 */
function killableSwitchover(real: OperationDefinition): OperationDefinition {
  return {
    ...real,
    async execute(prepared, context) {
      const killer = new AbortController();
      const { after, freeze, frozen } = kill;
      const outcome = await real.execute(prepared, {
        ...context,
        signal: AbortSignal.any([context.signal, killer.signal]),
        onStep(step) {
          context.onStep(step);
          if (step.id === after && step.status === 'succeeded') {
            killer.abort(new Error(`killed after ${after}`));
          }
        },
      });
      if (freeze) {
        frozen?.();
        await freeze;
      }
      return outcome;
    },
  };
}

/** Whether a plain write (no override of the server's read-only default) commits on a server. */
async function acceptsWrites(node: PostgresNode): Promise<boolean> {
  const client = new Client(pgConnectionConfig(node));
  try {
    await client.connect();
    await client.query(
      'insert into failover_probe default values returning inet_server_port()',
    );
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Names of the servers streaming from a primary. */
async function streamingFrom(node: PostgresNode): Promise<number> {
  const client = new Client(pgConnectionConfig(node));
  await client.connect();
  try {
    const { rows } = await client.query(
      "select count(*)::int as n from pg_stat_replication where state = 'streaming'",
    );
    return rows[0].n;
  } finally {
    await client.end();
  }
}

describe('a switchover killed at each step (real primary, standby and PgBouncer)', () => {
  let platform: Platform;
  let ctx: OperationsTestBackend;

  beforeAll(async () => {
    platform = await startPlatform({ s3: false, pgbackrest: false });
    ctx = await startOperationsBackend({
      platform,
      prefix: 'unused',
      target: failoverTarget(platform),
      wrapDefinitions: real => ({
        switchover: killableSwitchover(real.switchover),
      }),
    });
    // creates the probe table on the primary (the standby replays it)
    await writeThroughBouncer(platform);
  });

  afterAll(async () => {
    await ctx?.backend.stop();
    await platform?.stop();
  });

  const post = (body: object) =>
    request(ctx.server)
      .post('/api/disaster-recovery/operations')
      .set('Authorization', ALICE)
      .send(body);

  async function run(operation: string): Promise<RecoveryRun> {
    const res = await post({ operation, entityRef: DB_REF });
    expect(res.status).toBe(202);
    return ctx.executor.waitForRun(res.body.run.id);
  }

  /** The two servers by their current roles, from the topology route. */
  async function roles() {
    const res = await request(ctx.server)
      .get(
        `/api/disaster-recovery/entities/resource/default/ecommerce-db/topology`,
      )
      .set('Authorization', ALICE);
    expect(res.status).toBe(200);
    const byName = { primary: platform.primary, standby: platform.standby! };
    return {
      primary: byName[res.body.primary.configured as 'primary' | 'standby'],
      standby: res.body.standby
        ? byName[res.body.standby.configured as 'primary' | 'standby']
        : undefined,
    };
  }

  /** Exactly one server takes writes, PgBouncer sends writes to it, and nothing else does. */
  async function assertOnePrimary(): Promise<PostgresNode> {
    const { primary } = await roles();
    const accepting = [];
    for (const node of [platform.primary, platform.standby!]) {
      if (await acceptsWrites(node)) accepting.push(node.port);
    }
    expect(accepting).toEqual([primary.port]);
    expect(await writeThroughBouncer(platform)).toBe(primary.port);
    return primary;
  }

  /** The pair is a primary with a streaming standby again. */
  async function assertProtected() {
    const { primary, standby } = await roles();
    expect(standby).toBeDefined();
    let streaming = 0;
    for (let i = 0; i < 300 && streaming === 0; i++) {
      streaming = await streamingFrom(primary);
      if (streaming === 0) await new Promise(r => setTimeout(r, 100));
    }
    expect(streaming).toBe(1);
  }

  it.each(['preflight', 'pause-switch', 'fence', 'wait-replay'])(
    'killed after %s (before the promotion): rolled back, the old primary takes writes and a rerun can start',
    async step => {
      const before = await roles();
      kill.after = step;
      const killed = await run('switchover');
      expect(killed.status).toBe('failed');
      expect(killed.error).toMatch(/aborted/);
      expect(killed.steps.find(s => s.id === step)?.status).toBe('succeeded');
      expect(killed.steps.find(s => s.id === 'promote')).toBeUndefined();
      expect(await roles()).toEqual(before);
      expect(await assertOnePrimary()).toBe(before.primary);
      await assertProtected();
      // the next case's switchover starting from this state is the rerun
    },
  );

  it.each(['promote', 'repoint-switch'])(
    'killed after %s: the promoted server takes the writes alone, and a reprotect restores a streaming standby',
    async step => {
      const before = await roles();
      kill.after = step;
      const killed = await run('switchover');
      // once promoted, a run finishes the switch rather than leave it half-pointed
      expect(killed.steps.find(s => s.id === 'verify-write')?.status).toBe(
        'succeeded',
      );
      const after = await roles();
      expect(after.primary).toBe(before.standby);
      expect(after.standby).toBeUndefined();
      expect(await assertOnePrimary()).toBe(before.standby);

      kill.after = undefined;
      const reprotect = await run('reprotect');
      expect(reprotect.error).toBeUndefined();
      expect(reprotect.status).toBe('succeeded');
      expect(await roles()).toEqual({
        primary: before.standby,
        standby: before.primary,
      });
      await assertProtected();
      expect(await assertOnePrimary()).toBe(before.standby);
    },
  );

  it('a backend that dies right after the promotion has already recorded the promoted server as the primary', async () => {
    const before = await roles();
    let release!: () => void;
    let frozen!: () => void;
    const isFrozen = new Promise<void>(r => {
      frozen = r;
    });
    kill.after = undefined;
    kill.freeze = new Promise<void>(r => {
      release = r;
    });
    kill.frozen = frozen;
    const res = await post({ operation: 'switchover', entityRef: DB_REF });
    expect(res.status).toBe(202);
    await isFrozen;
    kill.freeze = undefined;
    // the run's end is not recorded, as when the backend dies here ...
    const stored = await ctx.stores.runs.getRecoveryRun(res.body.run.id);
    expect(stored!.status).toBe('running');
    // ... but the roles it changed are
    const { primary, standby } = await roles();
    expect(primary).toBe(before.standby);
    expect(standby).toBeUndefined();
    expect(await assertOnePrimary()).toBe(before.standby);

    release();
    await ctx.executor.waitForRun(res.body.run.id);
    const reprotect = await run('reprotect');
    expect(reprotect.status).toBe('succeeded');
    await assertProtected();
  });
});
