import { performance } from 'node:perf_hooks';
import { switchover } from './promote';
import { preflight } from './preflight';
import {
  startTestPair,
  TestPair,
  waitUntil,
  APP_ROLE,
} from './__testUtils__/pair';
import { startWriters } from './__testUtils__/writers';
import { OperationStep } from '../operation/types';
import { PromotionResult } from './types';

jest.setTimeout(240_000);

let pair: TestPair;

beforeAll(async () => {
  pair = await startTestPair();
});

afterAll(async () => {
  await pair?.stop();
});

describe('switchover, reprotect and switchover back on the harness pair', () => {
  it('runs on primaries with wal_log_hints = on (pg_rewind needs it)', async () => {
    for (const node of [pair.primary, pair.standby]) {
      const [row] = await pair.query(
        node,
        `select current_setting('wal_log_hints') as v`,
      );
      expect(row.v).toBe('on');
    }
  });

  it('passes preflight on a healthy pair and records both servers', async () => {
    const result = await preflight({
      mode: 'switchover',
      primary: pair.conn(pair.primary),
      standby: pair.conn(pair.standby),
      rpoSeconds: 900,
    });
    expect(result.checks.filter(c => c.status !== 'pass')).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.primary.inRecovery).toBe(false);
    expect(result.standby.inRecovery).toBe(true);
    expect(result.standby.walReceiverStatus).toBe('streaming');
    expect(result.primary.timeline).toBe(result.standby.timeline);
  });

  it.each(['preflight', 'pause-switch', 'fence'])(
    'an abort after %s rolls back: the old primary takes application writes through PgBouncer again',
    async stepId => {
      const controller = new AbortController();
      const error = await switchover(
        pair.runOptions({
          signal: controller.signal,
          onStep: s => {
            if (s.id === stepId && s.status === 'succeeded') controller.abort();
          },
        }),
      ).catch(e => e);
      expect(error.name).toBe('AbortError');
      const [s] = await pair.query(
        pair.standby,
        'select pg_is_in_recovery() as rec',
      );
      expect(s.rec).toBe(true);
      const [p] = await pair.query(
        pair.app(pair.primary),
        `select current_setting('default_transaction_read_only') as ro,
                (select count(*)::int from pg_replication_slots where slot_name = 'dr_rewind_keep') as slots`,
      );
      expect(p).toEqual({ ro: 'off', slots: 0 });
      const [viaBouncer] = await pair.query(
        pair.bouncer,
        `insert into writes (client, seq) values ('after-abort', 1) returning inet_server_port() as port`,
      );
      expect(viaBouncer.port).toBe(pair.primary.port);
    },
  );

  it('loses no acknowledged commit under write load through PgBouncer, and clients carry on unchanged', async () => {
    const oldPort = pair.primary.port;
    const newPort = pair.standby.port;
    const writers = startWriters(
      [1, 2, 3, 4].map(i => ({ name: `w${i}`, conn: pair.bouncer })),
    );
    await new Promise(r => setTimeout(r, 500));
    const steps: OperationStep[] = [];
    const t0 = performance.now();
    let result: PromotionResult;
    let switchedAt: number;
    try {
      result = await switchover(
        pair.runOptions({ onStep: s => steps.push(s) }),
      );
      switchedAt = performance.now();
      pair.promoted();
      await new Promise(r => setTimeout(r, 500));
    } finally {
      await writers.stop();
    }

    const acked = writers.attempts.filter(a => a.ok);
    const onNew = await pair.query(
      pair.primary,
      'select client, seq, server_port from writes',
    );
    const stored = new Set(onNew.map(r => `${r.client}/${r.seq}`));
    const missing = acked.filter(a => !stored.has(`${a.client}/${a.seq}`));
    expect(missing).toEqual([]);
    expect(acked.some(a => a.port === oldPort && a.end < t0)).toBe(true);
    // every client wrote through the same PgBouncer address to the new primary afterwards
    for (const name of ['w1', 'w2', 'w3', 'w4']) {
      expect(
        acked.some(
          a => a.client === name && a.port === newPort && a.start > switchedAt,
        ),
      ).toBe(true);
    }
    expect(result.dataLoss.lostBytes).toBe(0);
    expect(result.newTimeline).toBe(result.oldTimeline! + 1);
    expect(result.verifiedThrough).toBe('switch');
    expect(result.achievedRtoMs).toBeGreaterThan(0);
    expect(result.fences).toEqual([
      expect.objectContaining({ type: 'sql', fenced: true }),
    ]);
    expect(result.switchActions.map(a => a.action)).toEqual([
      'pause',
      'rewrite-config',
      'reload',
      'resume',
    ]);
    expect(steps.filter(s => s.status === 'succeeded').map(s => s.id)).toEqual([
      'preflight',
      'pause-switch',
      'fence',
      'wait-replay',
      'promote',
      'release-fence',
      'repoint-switch',
      'resume-switch',
      'verify-write',
    ]);
    // the old primary is fenced: the application role cannot connect, a new session is read-only
    await expect(
      pair.query(pair.app(pair.standby), 'select 1'),
    ).rejects.toThrow(/permission denied/);
    const [ro] = await pair.query(
      pair.standby,
      `select current_setting('default_transaction_read_only') as v`,
    );
    expect(ro.v).toBe('on');
    // the new primary accepts the application role (the replicated REVOKE was undone)
    await pair.query(
      pair.app(pair.primary),
      `insert into writes (client, seq) values ('app', 1)`,
    );
    const text = JSON.stringify({ result, steps });
    for (const secret of pair.secrets) expect(text).not.toContain(secret);
  });

  it('reprotects the old primary with pg_rewind: a row written on the new primary appears on it', async () => {
    const result = await pair.reprotect();
    expect([result.method, result.rewindFailure]).toEqual([
      'pg_rewind',
      undefined,
    ]);
    await pair.query(
      pair.primary,
      `insert into writes (client, seq) values ('after-reprotect', 1)`,
    );
    await waitUntil(async () => {
      const rows = await pair.query(
        pair.standby,
        `select 1 from writes where client = 'after-reprotect'`,
      );
      return rows.length === 1;
    }, 'the row did not reach the reprotected standby');
    const [state] = await pair.query(
      pair.standby,
      `select pg_is_in_recovery() as rec, (select status from pg_stat_wal_receiver) as status`,
    );
    expect(state).toEqual({ rec: true, status: 'streaming' });
  });

  it('a switchover back restores the original roles', async () => {
    const result = await switchover(pair.runOptions());
    pair.promoted();
    expect(pair.primary).toBe(pair.platform.primary);
    expect(result.dataLoss.lostBytes).toBe(0);
    await pair.reprotect();
    const [viaBouncer] = await pair.query(
      pair.bouncer,
      'select inet_server_port() as port',
    );
    expect(viaBouncer.port).toBe(pair.platform.primary.port);
    const [p] = await pair.query(
      pair.platform.primary,
      'select pg_is_in_recovery() as rec',
    );
    const [s] = await pair.query(
      pair.platform.standby!,
      'select pg_is_in_recovery() as rec',
    );
    expect([p.rec, s.rec]).toEqual([false, true]);
    await pair.query(
      pair.app(pair.platform.primary),
      `insert into writes (client, seq) values ('${APP_ROLE}', 2)`,
    );
  });
});
