import { switchover } from './promote';
import { SqlFencer } from './sqlFencer';
import { silentLogger } from '../operation/types';
import {
  APP_ROLE,
  startTestPair,
  TestPair,
  waitUntil,
} from './__testUtils__/pair';

jest.setTimeout(240_000);

let pair: TestPair;

beforeAll(async () => {
  pair = await startTestPair();
});

afterAll(async () => {
  await pair?.stop();
});

const appWrite = (client: string) =>
  `insert into writes (client, seq) values ('${client}', 1) returning inet_server_port() as port`;

/** What a run whose process died after fencing leaves: PgBouncer paused, the old primary fenced, and no record of either outside the servers. */
async function leaveFence() {
  const context = { logger: silentLogger, secrets: pair.secrets };
  await pair.pgBouncerSwitch().pause(context);
  const left = await new SqlFencer().fence({
    ...context,
    primary: pair.conn(pair.primary),
    reachable: true,
  });
  expect(left.fenced).toBe(true);
  await expect(
    pair.query(pair.app(pair.primary), appWrite('fenced')),
  ).rejects.toThrow(/permission denied/);
}

describe('a switchover whose process died after fencing, before the promotion', () => {
  it("a rerun that stops before the promotion gives the old primary every grant back, the dead run's too", async () => {
    await leaveFence();
    const controller = new AbortController();
    const error = await switchover(
      pair.runOptions({
        signal: controller.signal,
        onStep: s => {
          if (s.id === 'fence' && s.status === 'succeeded') controller.abort();
        },
      }),
    ).catch(e => e);
    expect(error.name).toBe('AbortError');
    const [direct] = await pair.query(
      pair.app(pair.primary),
      appWrite('after-rollback'),
    );
    expect(direct.port).toBe(pair.primary.port);
    const [viaBouncer] = await pair.query(
      pair.bouncer,
      'select inet_server_port() as port',
    );
    expect(viaBouncer.port).toBe(pair.primary.port);
    expect(
      await pair.query(
        pair.primary,
        `select name from pg_file_settings where name = 'disaster_recovery.sql_fence'`,
      ),
    ).toEqual([]);
  });

  it('is repaired by a rerun: the application role writes on the new primary, directly and through PgBouncer', async () => {
    await leaveFence();
    const result = await switchover(pair.runOptions());
    pair.promoted();

    // the CONNECT grants the first fence revoked (replicated to the standby) are back
    const [direct] = await pair.query(
      pair.app(pair.primary),
      appWrite('after-rerun'),
    );
    expect(direct.port).toBe(pair.primary.port);
    const [viaBouncer] = await pair.query(
      pair.bouncer,
      'select inet_server_port() as port',
    );
    expect(viaBouncer.port).toBe(pair.primary.port);
    expect(result.fences[0].actions.map(a => a.detail).join('\n')).toMatch(
      /took over the fence an earlier run left: CONNECT on \w+ revoked from PUBLIC/,
    );
    // the old primary stays fenced: the application role cannot connect to it
    await expect(
      pair.query(pair.app(pair.standby), 'select 1'),
    ).rejects.toThrow(/permission denied/);
  });

  it('the rewound old primary streams from the new one without the fence it carried', async () => {
    await pair.reprotect();
    await pair.query(pair.app(pair.primary), appWrite('after-reprotect'));
    await waitUntil(async () => {
      const rows = await pair.query(
        pair.standby,
        `select 1 from writes where client = 'after-reprotect'`,
      );
      return rows.length === 1;
    }, 'the row did not reach the reprotected standby');
    const settings = await pair.query(
      pair.standby,
      `select name from pg_file_settings
        where name in ('default_transaction_read_only', 'disaster_recovery.sql_fence')`,
    );
    expect(settings).toEqual([]);
    // a switchover back and a reprotect restore the original roles for the application
    await switchover(pair.runOptions());
    pair.promoted();
    await pair.reprotect();
    const [back] = await pair.query(
      pair.app(pair.platform.primary),
      appWrite(APP_ROLE),
    );
    expect(back.port).toBe(pair.platform.primary.port);
  });
});
