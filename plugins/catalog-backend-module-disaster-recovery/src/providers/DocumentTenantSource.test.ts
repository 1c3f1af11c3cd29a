import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DocumentTenantSource } from './DocumentTenantSource';
import { readTenantProviders } from './readTenantProviders';
import { checkTenants } from './tenantToEntity';

describe('DocumentTenantSource', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'dr-doc-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a JSON list with camelCase keys and a YAML document with snake_case keys', async () => {
    writeFileSync(
      path.join(dir, 'a.json'),
      JSON.stringify([
        {
          id: 't1',
          slug: 'acme',
          name: 'Acme',
          tier: 'critical',
          dataClasses: ['customer-pii'],
          ownerGroup: 'team-checkout',
          region: 'us-east-1',
          createdAt: '2026-01-02T03:04:05Z',
        },
      ]),
    );
    writeFileSync(
      path.join(dir, 'b.yaml'),
      'tenants:\n  - id: t2\n    slug: globex\n    name: Globex\n    tier: standard\n    data_classes: customer-pii, transactions\n    owner_group: group:default/team-catalog\n    region: eu-west-1\n',
    );
    await expect(
      new DocumentTenantSource({ file: path.join(dir, 'a.json') }).read(),
    ).resolves.toEqual([
      {
        id: 't1',
        slug: 'acme',
        name: 'Acme',
        tier: 'critical',
        dataClasses: ['customer-pii'],
        ownerGroup: 'team-checkout',
        region: 'us-east-1',
        createdAt: '2026-01-02T03:04:05Z',
      },
    ]);
    await expect(
      new DocumentTenantSource({ file: path.join(dir, 'b.yaml') }).read(),
    ).resolves.toEqual([
      {
        id: 't2',
        slug: 'globex',
        name: 'Globex',
        tier: 'standard',
        dataClasses: ['customer-pii', 'transactions'],
        ownerGroup: 'group:default/team-catalog',
        region: 'eu-west-1',
        createdAt: undefined,
      },
    ]);
  });

  it('rejects a document that is not a tenant list', async () => {
    writeFileSync(path.join(dir, 'c.yaml'), 'tenant: nope\n');
    await expect(
      new DocumentTenantSource({ file: path.join(dir, 'c.yaml') }).read(),
    ).rejects.toThrow(
      `file ${path.join(
        dir,
        'c.yaml',
      )} must be a list of tenants or an object with a 'tenants' list`,
    );
  });
});

describe('checkTenants', () => {
  const ok = {
    id: 't1',
    slug: 'acme',
    name: 'Acme',
    tier: 'standard',
    dataClasses: ['customer-pii'],
    ownerGroup: 'team-a',
    region: 'us-east-1',
  };

  it('accepts good tenants and lists every problem of bad ones by tenant and field', () => {
    expect(() => checkTenants([ok], 'registry')).not.toThrow();
    const bad = [
      ok,
      { ...ok, id: 't2', slug: 'ACME' },
      {
        ...ok,
        id: 't3',
        slug: 'x'.repeat(64),
        tier: 'Gold Plus',
        dataClasses: 'pii' as any,
      },
      { ...ok, id: 't1', slug: 'other', region: '' },
    ];
    let error: Error | undefined;
    try {
      checkTenants(bad, 'registry');
    } catch (e) {
      error = e as Error;
    }
    expect(error).toBeInstanceOf(InputError);
    expect(error!.message.split('\n')).toEqual([
      'registry has 6 invalid tenant fields; nothing was changed in the catalog:',
      "  - tenant 't2': slug 'ACME' is also the slug of tenant 't1'",
      `  - tenant 't3': slug '${'x'.repeat(
        64,
      )}' is not a valid entity name (letters, digits, '-', '_', '.'; at most 63 characters)`,
      "  - tenant 't3': tier 'Gold Plus' is not a policy id (lower-case, digits, '-')",
      '  - tenant \'t3\': dataClasses must be a list of policy data class ids, got "pii"',
      "  - tenant 't1': id is not unique",
      "  - tenant 't1': region must be a non-empty string",
    ]);
  });
});

describe('readTenantProviders', () => {
  const deps = {
    logger: mockServices.logger.mock(),
    scheduler: mockServices.scheduler.mock(),
    urlReader: mockServices.urlReader.mock(),
  };

  it('creates one scheduled provider per config entry', () => {
    const providers = readTenantProviders({
      ...deps,
      config: new ConfigReader({
        catalog: {
          providers: {
            disasterRecoveryTenants: {
              demo: {
                database: {
                  host: '127.0.0.1',
                  user: 'u',
                  password: 'p',
                  database: 'ecommerce',
                },
              },
              other: {
                url: 'https://registry.example.com/tenants.json',
                schedule: {
                  frequency: { minutes: 1 },
                  timeout: { minutes: 1 },
                },
              },
            },
          },
        },
      }),
    });
    expect(providers.map(p => p.getProviderName())).toEqual([
      'DisasterRecoveryTenantProvider:demo',
      'DisasterRecoveryTenantProvider:other',
    ]);
    expect(deps.scheduler.createScheduledTaskRunner).toHaveBeenCalledWith(
      expect.objectContaining({ scope: 'global' }),
    );
  });

  it('rejects an entry with no source or two', () => {
    const read = (entry: object) => () =>
      readTenantProviders({
        ...deps,
        config: new ConfigReader({
          catalog: { providers: { disasterRecoveryTenants: { x: entry } } },
        }),
      });
    expect(read({ system: 'shop' })).toThrow(
      "catalog.providers.disasterRecoveryTenants.x must set exactly one of 'database', 'url' or 'file' (found none)",
    );
    expect(read({ url: 'https://a', file: 'b' })).toThrow('(found url, file)');
    expect(
      read({
        database: {
          host: 'h',
          user: 'u',
          database: 'd',
          table: 'tenants; drop table x',
        },
      }),
    ).toThrow("table 'tenants; drop table x' must be a table name");
  });
});
