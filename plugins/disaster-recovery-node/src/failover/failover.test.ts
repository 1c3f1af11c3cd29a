import { performance } from 'node:perf_hooks';
import { failover } from './promote';
import { PreflightRefusedError } from './preflight';
import { startTestPair, TestPair } from './__testUtils__/pair';
import { startWriters, WriteAttempt } from './__testUtils__/writers';

jest.setTimeout(600_000);

const TRIALS = Number(process.env.DR_FAILOVER_TRIALS ?? 20);
let pair: TestPair;

beforeAll(async () => {
  pair = await startTestPair();
});

afterAll(async () => {
  await pair?.stop();
});

/** The latest moment an acknowledged write on `oldPort` had started, and the first moment one on `newPort` was acknowledged. */
function overlap(attempts: WriteAttempt[], oldPort: number, newPort: number) {
  const ok = attempts.filter(a => a.ok);
  const lastOldStart = Math.max(
    ...ok.filter(a => a.port === oldPort).map(a => a.start),
  );
  const firstNewEnd = Math.min(
    ...ok.filter(a => a.port === newPort).map(a => a.end),
  );
  return { lastOldStart, firstNewEnd };
}

describe('failover on the harness pair', () => {
  it(`with the old primary still up and written to directly, never two servers take application writes (${TRIALS} trials)`, async () => {
    const timings: string[] = [];
    for (let trial = 1; trial <= TRIALS; trial++) {
      const oldPort = pair.primary.port;
      const newPort = pair.standby.port;
      const writers = startWriters([
        { name: `old-${trial}`, conn: pair.app(pair.primary) },
        { name: `new-${trial}`, conn: pair.app(pair.standby) },
        { name: `bouncer-${trial}`, conn: pair.bouncer },
      ]);
      let rtoMs = 0;
      try {
        // let every writer reach its server first
        await new Promise(r => setTimeout(r, 100 + (trial % 5) * 20));
        const result = await failover(pair.runOptions());
        rtoMs = result.achievedRtoMs;
        pair.promoted();
        await new Promise(r => setTimeout(r, 150));
      } finally {
        await writers.stop();
      }
      const { lastOldStart, firstNewEnd } = overlap(
        writers.attempts,
        oldPort,
        newPort,
      );
      // writes reached the old primary before and the new one after: the check is not vacuous
      expect(Number.isFinite(lastOldStart)).toBe(true);
      expect(Number.isFinite(firstNewEnd)).toBe(true);
      // no write the old primary acknowledged started after the new primary acknowledged one
      expect(lastOldStart).toBeLessThan(firstNewEnd);
      // and the old primary refuses the application now
      await expect(
        pair.query(pair.app(pair.standby), 'select 1'),
      ).rejects.toThrow(/permission denied/);
      const t = performance.now();
      const re = await pair.reprotect();
      timings.push(
        `trial ${trial}: RTO ${rtoMs} ms, reprotect ${re.method} ${Math.round(
          performance.now() - t,
        )} ms`,
      );
    }
    // eslint-disable-next-line no-console
    console.log(timings.join('\n'));
  });

  it('refuses a failover from an unreachable primary unless the risk is accepted, then records it', async () => {
    const down = pair.primary;
    // the timeline the primary writes on; the standby, rewound in the last trial, replays it
    // but may not have had a restartpoint on it yet
    const [{ tli }] = await pair.query(
      down,
      `select ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::int as tli`,
    );
    await pair.platform.stopServer(down, 'immediate');
    try {
      const refused = await failover(pair.runOptions()).catch(e => e);
      expect(refused).toBeInstanceOf(PreflightRefusedError);
      expect(refused.message).toMatch(
        /old-primary-reachable.*accept risk "old-primary-unreachable"/,
      );
      // nothing happened: the standby is still a standby
      const [s] = await pair.query(
        pair.standby,
        'select pg_is_in_recovery() as rec',
      );
      expect(s.rec).toBe(true);

      const result = await failover(
        pair.runOptions({ acceptRisks: ['old-primary-unreachable'] }),
      );
      pair.promoted();
      expect(result.preflight.acceptedRisks).toEqual([
        'old-primary-unreachable',
      ]);
      expect(result.preflight.checks).toContainEqual(
        expect.objectContaining({
          id: 'old-primary-reachable',
          status: 'fail',
          accepted: true,
        }),
      );
      expect(result.fences).toEqual([
        expect.objectContaining({
          type: 'sql',
          fenced: false,
          reason: expect.stringMatching(/unreachable/),
        }),
      ]);
      expect(result.dataLoss.lastReplayedLsn).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
      expect(result.dataLoss.lostBytes).toBeUndefined();
      expect(result.oldTimeline).toBe(tli);
      expect(result.newTimeline).toBe(tli + 1);
    } finally {
      if (pair.standby === down) {
        // the old primary comes back only as a standby of the new one
        await pair.reprotect();
      }
    }
  });

  it('refuses a failover onto a standby that is already promoted, with a clear message', async () => {
    const result = await failover(pair.runOptions());
    pair.promoted();
    // the caller still thinks the promoted server is the standby
    const again = await failover({
      ...pair.runOptions(),
      primary: pair.conn(pair.standby),
      standby: pair.conn(pair.primary),
    }).catch(e => e);
    expect(again).toBeInstanceOf(PreflightRefusedError);
    expect(again.message).toMatch(
      /standby-in-recovery: standby 127\.0\.0\.1:\d+ is not in recovery: it was already promoted/,
    );
    expect(result.mode).toBe('failover');
    await pair.reprotect();
  });
});
