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
