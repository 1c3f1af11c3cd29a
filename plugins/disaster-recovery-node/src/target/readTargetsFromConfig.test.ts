import { mockServices } from '@backstage/backend-test-utils';
import { getTarget, readTargetsFromConfig } from './readTargetsFromConfig';

const base = {
  primary: {
    host: 'db.internal',
    port: 5432,
    user: 'dr',
    password: 'pw-secret',
    database: 'ecommerce',
  },
  s3: {
    bucket: 'dr-backups',
    prefix: 'prod/eu',
    sse: 'aws:kms',
    sseKmsKeyId: 'alias/dr',
  },
  pgbackrest: {
    stanza: 'main',
    command: ['pgbackrest', '--config=/etc/pgbackrest.conf'],
    osUser: 'postgres',
  },
};

describe('readTargetsFromConfig', () => {
  it('reads a cross-region copy bucket and refuses one in the same region', () => {
    const read = (copyTo: object) =>
      readTargetsFromConfig(
        mockServices.rootConfig({
          data: {
            disasterRecovery: {
              targets: { eu: { ...base, s3: { ...base.s3, copyTo } } },
            },
          },
        }),
      );
    expect(
      getTarget(read({ bucket: 'dr-copies', region: 'eu-west-1' }), 'eu').s3
        .copyTo,
    ).toEqual({ bucket: 'dr-copies', region: 'eu-west-1' });
    expect(() => read({ bucket: 'dr-copies', region: 'us-east-1' })).toThrow(
      /copyTo region must differ from the source region us-east-1/,
    );
    expect(() => read({ bucket: 'Bad_Bucket', region: 'eu-west-1' })).toThrow(
      /copyTo bucket is invalid/,
    );
  });

  it('reads the isolated test failover settings and refuses bad ones, naming them', () => {
    const read = (isolatedFailover: object) =>
      getTarget(
        readTargetsFromConfig(
          mockServices.rootConfig({
            data: {
              disasterRecovery: {
                targets: { eu: { ...base, isolatedFailover } },
              },
            },
          }),
        ),
        'eu',
      ).isolatedFailover;
    expect(
      read({
        scratchDirectory: '/var/lib/dr-drill-servers',
        ports: { from: 55400, to: 55499 },
        osUser: 'postgres',
      }),
    ).toEqual({
      scratchDirectory: '/var/lib/dr-drill-servers',
      ports: { from: 55400, to: 55499 },
      osUser: 'postgres',
    });
    expect(read({ scratchDirectory: '/srv/x' })).toEqual({
      scratchDirectory: '/srv/x',
    });
    expect(() => read({ scratchDirectory: 'relative/dir' })).toThrow(
      /isolatedFailover scratchDirectory must be an absolute path/,
    );
    expect(() => read({ scratchDirectory: '/srv/../etc' })).toThrow(
      /isolatedFailover scratchDirectory must be an absolute path/,
    );
    expect(() =>
      read({ scratchDirectory: '/srv/x', ports: { from: 6000, to: 5999 } }),
    ).toThrow(/isolatedFailover ports must be integers from 1024 to 65535/);
    expect(() =>
      read({ scratchDirectory: '/srv/x', ports: { from: 80, to: 90 } }),
    ).toThrow(/isolatedFailover ports/);
    expect(() =>
      read({ scratchDirectory: '/srv/x', osUser: 'root; rm -rf /' }),
    ).toThrow(/isolatedFailover osUser is invalid/);
  });

  it('reads targets with defaults', () => {
    const config = mockServices.rootConfig({
      data: { disasterRecovery: { targets: { eu: base } } },
    });
    const targets = readTargetsFromConfig(config);
    const eu = getTarget(targets, 'eu');
    expect(eu).toMatchObject({
      name: 'eu',
      primary: {
        host: 'db.internal',
        port: 5432,
        password: 'pw-secret',
        database: 'ecommerce',
      },
      s3: {
        region: 'us-east-1',
        bucket: 'dr-backups',
        prefix: 'prod/eu',
        sse: 'aws:kms',
        sseKmsKeyId: 'alias/dr',
      },
      pgbackrest: { stanza: 'main', osUser: 'postgres' },
    });
  });

  it('returns no targets without config, and NotFoundError for unknown names', () => {
    const targets = readTargetsFromConfig(
      mockServices.rootConfig({ data: {} }),
    );
    expect(targets.size).toBe(0);
    expect(() => getTarget(targets, 'nope')).toThrow(
      expect.objectContaining({ name: 'NotFoundError' }),
    );
  });

  it.each([
    [
      'a database name with SQL',
      { primary: { ...base.primary, database: 'x; drop database y' } },
    ],
    [
      'an option-like host',
      { primary: { ...base.primary, host: '-oProxyCommand=x' } },
    ],
    ['a bad prefix', { s3: { ...base.s3, prefix: '../other' } }],
    ['a bad sse', { s3: { ...base.s3, sse: 'none' } }],
    [
      'an empty pgbackrest command',
      { pgbackrest: { ...base.pgbackrest, command: [] } },
    ],
  ])('rejects %s without echoing the password', (_what, patch) => {
    const config = mockServices.rootConfig({
      data: { disasterRecovery: { targets: { eu: { ...base, ...patch } } } },
    });
    let error: Error | undefined;
    try {
      readTargetsFromConfig(config);
    } catch (e) {
      error = e as Error;
    }
    expect(error?.name).toBe('InputError');
    expect(error?.message).toMatch(/disasterRecovery\.targets\.eu/);
    expect(error?.message).not.toContain('pw-secret');
  });
});
