import { mockServices } from '@backstage/backend-test-utils';
import { ConflictError, NotFoundError } from '@backstage/errors';
import knexFactory from 'knex';
import { createStores, storeTestDatabases } from './__testUtils__/testStores';
import { DatabaseIncidentStore } from './DatabaseIncidentStore';
import { NewIncident } from './IncidentStore';
import { initializePersistenceContext } from './persistenceContext';

jest.setTimeout(120_000);

const T0 = new Date('2026-01-22T10:30:00Z');

function declaration(overrides: Partial<NewIncident> = {}): NewIncident {
  return {
    severity: 'SEV-0',
    title: 'Platform-wide outage',
    impact: 'Platform unavailable, all tenants affected',
    impactLevel: 'critical',
    affected: {
      tenants: ['resource:default/acme', 'resource:default/globex'],
      systems: ['system:default/storefront'],
      databases: [],
    },
    startedAt: T0,
    declaredAt: new Date(T0.getTime() + 60_000),
    declaredBy: 'user:default/john.smith',
    roles: { 'incident-commander': 'user:default/john.smith' },
    drill: false,
    ...overrides,
  };
}

describe.each(storeTestDatabases.eachSupportedId())(
  'DatabaseIncidentStore on %s',
  databaseId => {
    it("numbers declarations INC-YYYY-NNN per year and keeps the plan's fields", async () => {
      const { stores } = await createStores(databaseId);
      const first = await stores.incidents.declare(declaration());
      expect(first).toEqual({
        id: 'INC-2026-001',
        severity: 'SEV-0',
        title: 'Platform-wide outage',
        status: 'investigating',
        impact: 'Platform unavailable, all tenants affected',
        impactLevel: 'critical',
        affected: {
          tenants: ['resource:default/acme', 'resource:default/globex'],
          systems: ['system:default/storefront'],
          databases: [],
        },
        startedAt: '2026-01-22T10:30:00.000Z',
        declaredAt: '2026-01-22T10:31:00.000Z',
        declaredBy: 'user:default/john.smith',
        roles: { 'incident-commander': 'user:default/john.smith' },
        lastUpdateAt: '2026-01-22T10:31:00.000Z',
        drill: false,
      });
      const second = await stores.incidents.declare(declaration());
      const nextYear = await stores.incidents.declare(
        declaration({ declaredAt: new Date('2027-01-01T00:00:00Z') }),
      );
      expect([second.id, nextYear.id]).toEqual([
        'INC-2026-002',
        'INC-2027-001',
      ]);
      expect(
        (await stores.incidents.getTimeline(first.id)).map(e => [
          e.type,
          e.role,
        ]),
      ).toEqual([
        ['declared', undefined],
        ['role', 'incident-commander'],
      ]);
    });

    it('gives 50 concurrent declarations 50 unique consecutive ids', async () => {
      const { knex, stores } = await createStores(databaseId);
      // Two replicas on PostgreSQL: two independent connection pools on the same database.
      const other =
        databaseId === 'SQLITE_3'
          ? undefined
          : knexFactory({
              client: knex.client.config.client,
              connection: knex.client.config.connection,
              pool: { min: 0, max: 5 },
            });
      const replicas = [
        stores.incidents,
        other
          ? (
              await initializePersistenceContext(
                mockServices.database({
                  knex: other,
                  migrations: { skip: true },
                }),
              )
            ).incidents
          : stores.incidents,
      ];
      try {
        const declared = await Promise.all(
          Array.from({ length: 50 }, (_, i) =>
            replicas[i % 2].declare(declaration({ title: `outage ${i}` })),
          ),
        );
        const ids = declared.map(d => d.id);
        expect(new Set(ids).size).toBe(50);
        expect([...ids].sort()).toEqual(
          Array.from(
            { length: 50 },
            (_, i) => `INC-2026-${String(i + 1).padStart(3, '0')}`,
          ),
        );
        const { totalItems } = await stores.incidents.listIncidents({});
        expect(totalItems).toBe(50);
      } finally {
        await other?.destroy();
      }
    });

    it('records status updates, roles, acknowledgement and resolution on the timeline', async () => {
      const { stores } = await createStores(databaseId);
      const store = stores.incidents;
      const { id, firstUpdateAt } = await store.declare(declaration());
      expect(firstUpdateAt).toBeUndefined();
      const at = (min: number) => new Date(T0.getTime() + min * 60_000);
      await store.postUpdate(id, {
        status: 'identified',
        message: 'Connection pool exhausted',
        actor: 'user:default/jane',
        at: at(20),
      });
      await store.assignRole(id, {
        role: 'communications-lead',
        assignee: 'group:default/comms',
        actor: 'user:default/john.smith',
        at: at(21),
      });
      const acked = await store.acknowledge(id, {
        actor: 'user:default/jane',
        at: at(22),
      });
      expect(acked.acknowledgedAt).toBe(at(22).toISOString());
      expect(acked.roles).toEqual({
        'incident-commander': 'user:default/john.smith',
        'communications-lead': 'group:default/comms',
      });
      expect(acked.lastUpdateAt).toBe(at(20).toISOString());
      expect(acked.firstUpdateAt).toBe(at(20).toISOString());

      const resolved = await store.resolve(id, {
        rootCause: 'Database connection pool exhaustion',
        actor: 'user:default/john.smith',
        at: at(255),
      });
      expect(resolved).toMatchObject({
        status: 'resolved',
        resolvedAt: '2026-01-22T14:45:00.000Z',
        rootCause: 'Database connection pool exhaustion',
        // the resolution is not a status update: the first stays the first
        firstUpdateAt: at(20).toISOString(),
      });
      const [listed] = (await store.listIncidents({})).items;
      expect(listed.firstUpdateAt).toBe(at(20).toISOString());
      const timeline = await store.getTimeline(id);
      expect(timeline.map(e => e.type)).toEqual([
        'declared',
        'role',
        'status',
        'role',
        'acknowledged',
        'resolved',
      ]);
      expect(timeline[2]).toMatchObject({
        status: 'identified',
        message: 'Connection pool exhausted',
        actor: 'user:default/jane',
        at: at(20).toISOString(),
      });

      await expect(
        store.postUpdate(id, {
          status: 'monitoring',
          message: 'late',
          actor: 'user:default/jane',
          at: at(260),
        }),
      ).rejects.toThrow(ConflictError);
      await expect(
        store.resolve(id, { rootCause: 'x', actor: 'a', at: at(260) }),
      ).rejects.toThrow(/already resolved/);
      await expect(
        store.acknowledge('INC-2026-999', { actor: 'a', at: at(1) }),
      ).rejects.toThrow(NotFoundError);
      expect(await store.getTimeline(id)).toHaveLength(6);
    });

    it('lists open and closed incidents and those affecting an entity', async () => {
      const { stores } = await createStores(databaseId);
      const store = stores.incidents;
      const a = await store.declare(declaration());
      const b = await store.declare(
        declaration({
          affected: {
            tenants: [],
            systems: [],
            databases: ['resource:default/orders-db'],
          },
        }),
      );
      await store.resolve(a.id, { rootCause: 'r', actor: 'x', at: T0 });
      const open = await store.listIncidents({ state: 'open' });
      expect(open.items.map(i => i.id)).toEqual([b.id]);
      const closed = await store.listIncidents({ state: 'closed' });
      expect(closed.items.map(i => i.id)).toEqual([a.id]);
      const forAcme = await store.listIncidents({
        entityRef: 'resource:default/acme',
      });
      expect(forAcme.items.map(i => i.id)).toEqual([a.id]);
      const all = await store.listIncidents({ order: 'asc', limit: 1 });
      expect(all).toMatchObject({ totalItems: 2, items: [{ id: a.id }] });
    });

    it('lists the incidents open during a window, leaving drills out', async () => {
      const { stores } = await createStores(databaseId);
      const store = stores.incidents;
      const min = (m: number) => new Date(T0.getTime() + m * 60_000);
      const declareAt = async (start: number, end?: number, drill = false) => {
        const item = await store.declare(
          declaration({ startedAt: min(start), declaredAt: min(start), drill }),
        );
        if (end !== undefined) {
          await store.resolve(item.id, {
            rootCause: 'r',
            actor: 'x',
            at: min(end),
          });
        }
        return item.id;
      };
      await declareAt(0, 10); // resolved before the window
      const endsInside = await declareAt(20, 65);
      const inside = await declareAt(70, 80);
      const open = await declareAt(90);
      await declareAt(75, 85, true); // a drill
      await declareAt(200); // starts after the window
      const during = await store.listIncidentsDuring({
        from: min(60),
        to: min(120),
      });
      expect(during.map(i => i.id)).toEqual([endsInside, inside, open]);
      expect(during[0]).toMatchObject({
        startedAt: min(20).toISOString(),
        resolvedAt: min(65).toISOString(),
        affected: {
          tenants: ['resource:default/acme', 'resource:default/globex'],
        },
      });
      expect(during[2].resolvedAt).toBeUndefined();
      // the boundaries count: resolved exactly at `from`, started exactly at `to`
      expect(
        (await store.listIncidentsDuring({ from: min(65), to: min(70) })).map(
          i => i.id,
        ),
      ).toEqual([endsInside, inside]);
    });

    it('lets exactly one of concurrent claimers send a notice', async () => {
      const { stores } = await createStores(databaseId);
      const store = stores.incidents as DatabaseIncidentStore;
      const { id } = await store.declare(declaration());
      const claims = await Promise.all(
        Array.from({ length: 5 }, () =>
          store.claimNotice(id, 'escalation:1', {
            type: 'escalated',
            actor: 'system',
            at: T0,
            role: 'technical-lead',
            step: 1,
          }),
        ),
      );
      expect(claims.filter(Boolean)).toHaveLength(1);
      const escalated = (await store.getTimeline(id)).filter(
        e => e.type === 'escalated',
      );
      expect(escalated).toEqual([
        expect.objectContaining({ role: 'technical-lead', step: 1 }),
      ]);
    });

    it('opens the review with the resolution and keeps its action items in order', async () => {
      const { stores } = await createStores(databaseId);
      const store = stores.incidents;
      const { id } = await store.declare(declaration());
      expect(await store.getReview(id)).toBeUndefined();
      await expect(
        store.addActionItem(id, { text: 'x', actor: 'user:default/a', at: T0 }),
      ).rejects.toThrow(ConflictError);
      await expect(
        store.addActionItem('INC-2026-999', {
          text: 'x',
          actor: 'user:default/a',
          at: T0,
        }),
      ).rejects.toThrow(NotFoundError);
      const at = new Date(T0.getTime() + 3_600_000);
      await store.resolve(id, {
        rootCause: 'Disk full',
        actor: 'user:default/jane',
        at,
      });
      const first = await store.addActionItem(id, {
        text: 'Alert on disk usage',
        owner: 'group:default/dba',
        actor: 'user:default/jane',
        at,
      });
      await store.addActionItem(id, {
        text: 'Update the runbook',
        actor: 'user:default/john',
        at,
      });
      expect(first).toEqual({
        id: expect.any(String),
        text: 'Alert on disk usage',
        owner: 'group:default/dba',
        addedAt: at.toISOString(),
        addedBy: 'user:default/jane',
      });
      expect(await store.getReview(id)).toEqual({
        openedAt: at.toISOString(),
        openedBy: 'user:default/jane',
        actionItems: [
          first,
          {
            id: expect.any(String),
            text: 'Update the runbook',
            addedAt: at.toISOString(),
            addedBy: 'user:default/john',
          },
        ],
      });
    });
  },
);
