import { CommandFencer } from './commandFencer';
import { SqlFencer } from './sqlFencer';
import { silentLogger } from '../operation/types';

const request = {
  primary: {
    host: '127.0.0.1',
    port: 5999,
    user: 'postgres',
    password: 'pg-secret-password',
    database: 'ecommerce',
  },
  reachable: false,
  logger: silentLogger,
  secrets: ['pg-secret-password'],
};

describe('CommandFencer', () => {
  it('runs its argv without a shell, passes the token through env and records what it did', async () => {
    const fencer = new CommandFencer({
      argv: [
        process.execPath,
        '-e',
        'if (process.env.FENCE_TOKEN?.length !== 13) process.exit(3); console.log(`fenced ${process.env.DR_FENCE_HOST}:${process.env.DR_FENCE_PORT} $(id)`)',
      ],
      env: { FENCE_TOKEN: 'token-abc-123' },
    });
    const record = await fencer.fence(request);
    expect(record.fenced).toBe(true);
    // `$(id)` reached the program verbatim: no shell expanded it
    expect(record.actions[0].detail).toContain('fenced 127.0.0.1:5999 $(id)');
    expect(JSON.stringify(record)).not.toContain('token-abc-123');
  });

  it('fails with the scrubbed reason when the program fails', async () => {
    const fencer = new CommandFencer({
      argv: [
        process.execPath,
        '-e',
        'console.error("cannot reach BMC, token " + process.env.FENCE_TOKEN); process.exit(2)',
      ],
      env: { FENCE_TOKEN: 'token-abc-123' },
    });
    const error = await fencer.fence(request).catch(e => e);
    expect(error.message).toMatch(/exited with code 2: cannot reach BMC/);
    expect(error.message).not.toContain('token-abc-123');
  });

  it('refuses a secret in argv and a non-array argv', () => {
    expect(
      () =>
        new CommandFencer({
          argv: ['stonith', '--token=token-abc-123'],
          env: { T: 'token-abc-123' },
        }),
    ).toThrow(/pass secrets through env only/);
    expect(
      () => new CommandFencer({ argv: 'pg_ctl stop' as unknown as string[] }),
    ).toThrow(/non-empty array/);
  });
});

describe('SqlFencer', () => {
  it('reports an unreachable primary as not fenced, without trying', async () => {
    const record = await new SqlFencer().fence(request);
    expect(record).toEqual(
      expect.objectContaining({
        fenced: false,
        reason: expect.stringMatching(/unreachable/),
      }),
    );
  });

  it('refuses role names that are not plain identifiers', () => {
    expect(() => new SqlFencer({ roles: ['app"; drop table x; --'] })).toThrow(
      /invalid database or role name/,
    );
  });
});
