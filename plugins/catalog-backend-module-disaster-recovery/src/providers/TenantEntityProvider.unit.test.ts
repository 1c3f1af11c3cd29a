import { mockServices } from '@backstage/backend-test-utils';
import { DocumentTenantSource } from './DocumentTenantSource';
import { TenantEntityProvider } from './TenantEntityProvider';
import { RecordingConnection } from './testConnection';
import { TenantRecord } from './types';

const tenant = (n: number): TenantRecord => ({
  id: `t${n}`,
  slug: `shop-${n}`,
  name: `Shop ${n}`,
  tier: 'standard',
  dataClasses: ['customer-pii'],
  ownerGroup: 'team-checkout',
  region: 'us-east-1',
});

describe('TenantEntityProvider mutation rules', () => {
  let tenants: TenantRecord[];
  let clock: number;
  const make = () =>
    new TenantEntityProvider({
      id: 'unit',
      source: {
        describe: () => 'in-memory registry',
        read: async () => tenants,
      },
      entity: {
        system: 'ecommerce-platform',
        dependsOn: [],
        namespace: 'default',
      },
      logger: mockServices.logger.mock(),
      fullRefreshEveryMs: 3_600_000,
      staleAfterMs: 600_000,
      now: () => clock,
    });

  beforeEach(() => {
    tenants = [tenant(1), tenant(2)];
    clock = 0;
  });

  it('refuses to run before the catalog connects', async () => {
    await expect(make().refresh()).rejects.toThrow(
      'DisasterRecoveryTenantProvider:unit is not connected to the catalog',
    );
  });

  it('emits a full mutation when its own last run is older than staleAfter (another replica ran meanwhile)', async () => {
    const connection = new RecordingConnection();
    const p = make();
    await p.connect(connection);
    await p.refresh();
    clock += 60_000;
    tenants.push(tenant(3));
    await expect(p.refresh()).resolves.toMatchObject({
      mutation: 'delta',
      added: 1,
    });
    clock += 600_001;
    await expect(p.refresh()).resolves.toMatchObject({
      mutation: 'full',
      total: 3,
    });
  });

  it('keeps what it emitted when the catalog rejects a mutation, so the next run repeats the change', async () => {
    const connection = new RecordingConnection();
    const p = make();
    await p.connect(connection);
    await p.refresh();
    const apply = jest
      .spyOn(connection, 'applyMutation')
      .mockRejectedValueOnce(new Error('database is locked'));
    clock += 60_000;
    tenants = [tenant(1)];
    await expect(p.refresh()).rejects.toThrow('database is locked');
    clock += 60_000;
    await expect(p.refresh()).resolves.toMatchObject({
      mutation: 'delta',
      removed: 1,
    });
    expect(connection.entities.has('resource:default/shop-2')).toBe(false);
    expect(apply).toHaveBeenCalledTimes(2);
  });

  it('runs refreshes one at a time', async () => {
    const connection = new RecordingConnection();
    const p = make();
    await p.connect(connection);
    const results = await Promise.all([p.refresh(), p.refresh(), p.refresh()]);
    expect(results.map(r => r.mutation)).toEqual(['full', 'none', 'none']);
  });
});

describe('DocumentTenantSource from a URL', () => {
  it('reads the document through the URL reader', async () => {
    const urlReader = mockServices.urlReader.mock({
      readUrl: async () => ({
        buffer: async () =>
          Buffer.from(JSON.stringify({ tenants: [tenant(7)] })),
      }),
    });
    const source = new DocumentTenantSource(
      { url: 'https://registry.example.com/tenants.json' },
      urlReader,
    );
    expect(source.describe()).toBe(
      'url https://registry.example.com/tenants.json',
    );
    await expect(source.read()).resolves.toEqual([
      { ...tenant(7), createdAt: undefined },
    ]);
    expect(urlReader.readUrl).toHaveBeenCalledWith(
      'https://registry.example.com/tenants.json',
    );
  });
});
