import { mockServices } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import {
  pgConnectionConfig,
  Platform,
  seedDemoData,
  startPlatform,
} from '../__testUtils__/platformHarness';
import { Client } from 'pg';
import { PostgresTenantSource } from './PostgresTenantSource';
import { TenantEntityProvider } from './TenantEntityProvider';
import { RecordingConnection } from './testConnection';

jest.setTimeout(300_000);

describe('TenantEntityProvider with the demo platform tenant registry (real PostgreSQL)', () => {
  let platform: Platform;
  let sql: Client;
  let clock = Date.parse('2026-11-25T12:00:00Z');

  const provider = (
    options: { fullRefreshEveryMs?: number; password?: string } = {},
  ) =>
    new TenantEntityProvider({
      id: 'demo',
      source: new PostgresTenantSource({
        host: platform.primary.host,
        port: platform.primary.port,
        user: platform.primary.user,
        password: options.password ?? platform.primary.password,
        database: platform.primary.database,
        table: 'tenants',
      }),
      entity: {
        system: 'ecommerce-platform',
        dependsOn: ['resource:default/ecommerce-primary'],
        namespace: 'default',
      },
      logger: mockServices.logger.mock(),
      fullRefreshEveryMs: options.fullRefreshEveryMs,
      now: () => clock,
    });

  beforeAll(async () => {
    platform = await startPlatform({
      standby: false,
      s3: false,
      pgbouncer: false,
      pgbackrest: false,
    });
    await seedDemoData(platform.primary, { tenants: 3, ordersPerTenant: 0 });
    sql = new Client(pgConnectionConfig(platform.primary));
    await sql.connect();
  });

  afterAll(async () => {
    await sql?.end();
    await platform?.stop();
  });

  it('adds, updates and removes tenants as the registry changes', async () => {
    const { rows } = await sql.query<{ slug: string }>(
      'select slug from tenants order by id',
    );
    const [first, second, third] = rows.map(r => `resource:default/${r.slug}`);
    const connection = new RecordingConnection();
    const p = provider({ fullRefreshEveryMs: 3_600_000 });
    await p.connect(connection);

    // First run: a full mutation with every tenant.
    await expect(p.refresh()).resolves.toMatchObject({
      mutation: 'full',
      total: 3,
    });
    expect(connection.last()).toEqual({
      type: 'full',
      entities: [first, second, third].sort(),
    });
    const entity = connection.entities.get(first)!;
    const {
      rows: [row],
    } = await sql.query('select * from tenants order by id limit 1');
    expect(entity).toEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: row.slug,
        namespace: 'default',
        title: row.name,
        description: `Tenant ${row.name} (${row.id}), ${row.tier} tier, ${row.region}`,
        annotations: {
          'backstage.io/managed-by-location': 'disaster-recovery-tenants:demo',
          'backstage.io/managed-by-origin-location':
            'disaster-recovery-tenants:demo',
          'dr.platform.io/tenant-id': row.id,
          'dr.platform.io/tier': row.tier,
          'dr.platform.io/data-classes': row.data_classes.join(','),
          'dr.platform.io/region': row.region,
          'dr.platform.io/tenant-provider': 'demo',
          'dr.platform.io/tenant-created-at': row.created_at.toISOString(),
        },
        tags: ['tenant', row.tier],
      },
      spec: {
        type: 'tenant',
        owner: `group:default/${row.owner_group}`,
        system: 'system:default/ecommerce-platform',
        dependsOn: ['resource:default/ecommerce-primary'],
      },
    });

    // A new tenant: a delta that adds only it.
    clock += 60_000;
    await sql.query(
      `insert into tenants (id, slug, name, tier, data_classes, owner_group, region)
       values ('tenant-new', 'acme-new', 'Acme New', 'critical', '{customer-pii,transactions}', 'team-payments', 'us-east-1')`,
    );
    await expect(p.refresh()).resolves.toMatchObject({
      mutation: 'delta',
      total: 4,
      added: 1,
      removed: 0,
    });
    expect(connection.last()).toEqual({
      type: 'delta',
      added: ['resource:default/acme-new'],
      removed: [],
    });
    expect(
      connection.entities.get('resource:default/acme-new')?.spec?.owner,
    ).toBe('group:default/team-payments');

    // A changed tenant: a delta that re-adds only it, with the new data.
    clock += 60_000;
    await sql.query(
      `update tenants set tier = 'critical', owner_group = 'team-catalog' where slug = $1`,
      [first.split('/')[1]],
    );
    await p.refresh();
    expect(connection.last()).toEqual({
      type: 'delta',
      added: [first],
      removed: [],
    });
    expect(
      connection.entities.get(first)?.metadata.annotations?.[
        'dr.platform.io/tier'
      ],
    ).toBe('critical');
    expect(connection.entities.get(first)?.spec?.owner).toBe(
      'group:default/team-catalog',
    );

    // A deleted tenant leaves the catalog.
    clock += 60_000;
    await sql.query('delete from tenants where slug = $1', [
      second.split('/')[1],
    ]);
    await expect(p.refresh()).resolves.toMatchObject({
      mutation: 'delta',
      total: 3,
      added: 0,
      removed: 1,
    });
    expect(connection.last()).toEqual({
      type: 'delta',
      added: [],
      removed: [second],
    });
    expect(connection.entities.has(second)).toBe(false);

    // Nothing changed: no mutation at all.
    clock += 60_000;
    const count = connection.mutations.length;
    await expect(p.refresh()).resolves.toMatchObject({ mutation: 'none' });
    expect(connection.mutations).toHaveLength(count);

    // The periodic full refresh re-emits everything that exists.
    clock += 3_600_000;
    await expect(p.refresh()).resolves.toMatchObject({
      mutation: 'full',
      total: 3,
    });
    expect(connection.last()).toEqual({
      type: 'full',
      entities: [first, third, 'resource:default/acme-new'].sort(),
    });
  });

  it('changes nothing when the registry holds a tenant that cannot become an entity', async () => {
    const connection = new RecordingConnection();
    const p = provider();
    await p.connect(connection);
    await p.refresh();
    const before = connection.mutations.length;
    await sql.query(
      `insert into tenants (id, slug, name, tier, data_classes, owner_group, region)
       values ('tenant-bad', 'Not A Slug!', 'Bad', 'standard', '{}', 'team-checkout', 'us-east-1')`,
    );
    try {
      const error = await p.refresh().catch(e => e);
      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toContain(
        "tenant 'tenant-bad': slug 'Not A Slug!' is not a valid entity name",
      );
      expect(error.message).toContain('nothing was changed in the catalog');
      expect(connection.mutations).toHaveLength(before);
    } finally {
      await sql.query(`delete from tenants where id = 'tenant-bad'`);
    }
    clock += 60_000;
    await expect(p.refresh()).resolves.toMatchObject({ mutation: 'none' });
  });

  it('fails without side effects or leaking the password when the registry rejects the login', async () => {
    const connection = new RecordingConnection();
    const p = provider({ password: 'wrong-secret-d0n7-l34k' });
    await p.connect(connection);
    const error = await p.refresh().catch(e => e);
    expect(error).toBeInstanceOf(Error);
    expect(String(error.message)).toMatch(/password authentication failed/);
    expect(
      JSON.stringify(error, Object.getOwnPropertyNames(error)),
    ).not.toContain('wrong-secret-d0n7-l34k');
    expect(connection.mutations).toHaveLength(0);
  });

  it('ingests 5,000 tenants', async () => {
    await seedDemoData(platform.primary, { tenants: 5000, ordersPerTenant: 0 });
    const {
      rows: [{ n }],
    } = await sql.query('select count(*)::int as n from tenants');
    const connection = new RecordingConnection();
    const p = provider();
    await p.connect(connection);

    const start = process.hrtime.bigint();
    const full = await p.refresh();
    const fullMs = Number(process.hrtime.bigint() - start) / 1e6;
    expect(full).toMatchObject({ mutation: 'full', total: n });
    expect(connection.entities.size).toBe(n);

    clock += 60_000;
    await sql.query(`delete from tenants where id = 'tenant-05000'`);
    const start2 = process.hrtime.bigint();
    const delta = await p.refresh();
    const deltaMs = Number(process.hrtime.bigint() - start2) / 1e6;
    expect(delta).toMatchObject({
      mutation: 'delta',
      total: n - 1,
      added: 0,
      removed: 1,
    });

    // eslint-disable-next-line no-console
    console.log(
      `tenant provider: ${n} tenants read from PostgreSQL and emitted as a full mutation in ${fullMs.toFixed(
        0,
      )} ms; a delta run over ${n - 1} tenants (1 removed) in ${deltaMs.toFixed(
        0,
      )} ms`,
    );
  });
});
