import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { ResponseError } from '@backstage/errors';
import { DisasterRecoveryClient } from './DisasterRecoveryClient';
import { IncidentsClient } from './IncidentsClient';

const BASE = 'http://localhost:7007/api/disaster-recovery';

describe('DisasterRecoveryClient', () => {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
  let seen: URL[];
  const discoveryApi = {
    getBaseUrl: async (pluginId: string) =>
      `http://localhost:7007/api/${pluginId}`,
  };
  const client = new DisasterRecoveryClient({ discoveryApi });

  beforeEach(() => {
    seen = [];
    server.use(
      http.get(`${BASE}/*`, ({ request }) => {
        seen.push(new URL(request.url));
        return HttpResponse.json({ items: [], totalItems: 0 });
      }),
    );
  });

  it('sends fleet paging, sorting and filters, repeating array keys', async () => {
    await client.getFleet({
      offset: 40,
      limit: 20,
      sort: 'nextBreachAt',
      order: 'asc',
      status: ['fail', 'warn'],
      tier: ['critical'],
      failingCheck: 'rpo',
      owner: 'group:default/team-a',
      cause: 'ab12',
      database: 'resource:default/orders-db',
      system: 'system:default/shop',
      q: '  acme ',
    });
    const url = seen[0];
    expect(url.pathname).toBe('/api/disaster-recovery/fleet');
    expect(url.searchParams.get('offset')).toBe('40');
    expect(url.searchParams.get('limit')).toBe('20');
    expect(url.searchParams.get('sort')).toBe('nextBreachAt');
    expect(url.searchParams.get('order')).toBe('asc');
    expect(url.searchParams.getAll('status')).toEqual(['fail', 'warn']);
    expect(url.searchParams.getAll('tier')).toEqual(['critical']);
    expect(url.searchParams.get('failingCheck')).toBe('rpo');
    expect(url.searchParams.get('owner')).toBe('group:default/team-a');
    expect(url.searchParams.get('cause')).toBe('ab12');
    expect(url.searchParams.get('database')).toBe('resource:default/orders-db');
    expect(url.searchParams.get('system')).toBe('system:default/shop');
    expect(url.searchParams.get('q')).toBe('acme');
  });

  it('pages platform findings and reads the stored evaluation', async () => {
    await client.getPlatformFindings({ offset: 10, limit: 5 });
    await client.getStoredPosture('Resource:default/Tenant-A');
    expect(seen[0].pathname).toBe('/api/disaster-recovery/findings');
    expect(seen[0].search).toBe('?offset=10&limit=5');
    expect(seen[1].pathname).toBe(
      '/api/disaster-recovery/entities/resource/default/tenant-a/posture/stored',
    );
  });

  it('omits absent parameters', async () => {
    await client.getFleet();
    expect(seen[0].search).toBe('');
  });

  it('addresses an entity by its normalized, encoded ref', async () => {
    await client.getEntityPosture('Resource:Default/tenant a&b');
    await client.getEntityBackups(
      { kind: 'Resource', namespace: 'default', name: 'orders-db' },
      { offset: 10, limit: 10 },
    );
    await client.getRecoveryRuns({ entityRef: 'Resource:default/orders-db' });
    await client.getTopology('Resource:default/Orders-DB');
    await client.getRecoveryWindow('Resource:default/Orders-DB');
    expect(seen[0].pathname).toBe(
      '/api/disaster-recovery/entities/resource/default/tenant%20a%26b/posture',
    );
    expect(seen[1].pathname).toBe(
      '/api/disaster-recovery/entities/resource/default/orders-db/backups',
    );
    expect(seen[1].searchParams.get('offset')).toBe('10');
    expect(seen[2].searchParams.get('entityRef')).toBe(
      'resource:default/orders-db',
    );
    expect(seen[3].pathname).toBe(
      '/api/disaster-recovery/entities/resource/default/orders-db/topology',
    );
    expect(seen[4].pathname).toBe(
      '/api/disaster-recovery/entities/resource/default/orders-db/recovery-window',
    );
  });

  it('throws a ResponseError carrying the server error', async () => {
    server.use(
      http.get(`${BASE}/metrics`, () =>
        HttpResponse.json(
          {
            error: { name: 'NotAllowedError', message: 'Unauthorized' },
            request: { method: 'GET', url: '/metrics' },
            response: { statusCode: 403 },
          },
          { status: 403 },
        ),
      ),
    );
    const error = await client.getMetrics().catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(403);
    expect(error.body.error.name).toBe('NotAllowedError');
  });

  it('sends the caller token and a JSON body, and returns the started run', async () => {
    let received: { auth: string | null; body: unknown } | undefined;
    server.use(
      http.post(`${BASE}/operations`, async ({ request }) => {
        received = {
          auth: request.headers.get('authorization'),
          body: await request.json(),
        };
        return HttpResponse.json({ run: { id: 'run-1' } }, { status: 202 });
      }),
    );
    const run = await client.startOperation(
      {
        operation: 'backup',
        entityRef: 'resource:default/orders-db',
        parameters: {},
        idempotencyKey: 'k-1',
      },
      { token: 'secret-token' },
    );
    expect(run).toEqual({ id: 'run-1' });
    expect(received).toEqual({
      auth: 'Bearer secret-token',
      body: {
        operation: 'backup',
        entityRef: 'resource:default/orders-db',
        parameters: {},
        idempotencyKey: 'k-1',
      },
    });
  });

  it('sends no Authorization header of its own without a token (the app fetch adds it)', async () => {
    let auth: string | null = 'unset';
    server.use(
      http.get(`${BASE}/training-courses`, ({ request }) => {
        auth = request.headers.get('authorization');
        return HttpResponse.json({ items: [] });
      }),
    );
    await client.getTrainingCourses();
    expect(auth).toBeNull();
  });

  it('reads training records page by page and a person by namespace and name', async () => {
    await client.getTrainingRecords({ order: 'asc', offset: 500, limit: 500 });
    await client.getTrainingStatus('jane.doe');
    expect(seen[0].pathname).toBe('/api/disaster-recovery/training-records');
    expect(seen[0].search).toBe('?offset=500&limit=500&order=asc');
    expect(seen[1].pathname).toBe(
      '/api/disaster-recovery/training-status/default/jane.doe',
    );
  });

  it("puts the backend's own message into the error message", async () => {
    server.use(
      http.post(`${BASE}/operations`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'ConflictError',
              message: 'Target ecommerce is locked by run run-7',
            },
            request: { method: 'POST', url: '/operations' },
            response: { statusCode: 409 },
          },
          { status: 409 },
        ),
      ),
    );
    const error = await client
      .startOperation({
        operation: 'backup',
        entityRef: 'resource:default/orders-db',
        parameters: {},
      })
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.cause.name).toBe('ConflictError');
    expect(error.message).toBe(
      'disaster-recovery backend answered POST /operations with 409: Target ecommerce is locked by run run-7',
    );
  });

  it.each([
    ['IncidentsClient', new IncidentsClient({ discoveryApi })],
    ['DisasterRecoveryClient', client],
  ])(
    '%s calls the incident routes with encoded ids and reads Markdown as text',
    async (_name, incidents) => {
      const calls: string[] = [];
      server.use(
        http.post(`${BASE}/incidents*`, async ({ request }) => {
          const url = new URL(request.url);
          calls.push(`POST ${url.pathname} ${await request.text()}`);
          return HttpResponse.json({ id: 'INC-2026-001' }, { status: 201 });
        }),
        http.get(`${BASE}/incidents/:id/review/markdown`, ({ request }) => {
          calls.push(`GET ${request.headers.get('accept')}`);
          return new HttpResponse('# Post-incident review', {
            headers: { 'Content-Type': 'text/markdown' },
          });
        }),
      );
      await incidents.declareIncident({
        severity: 'SEV-1',
        title: 'Down',
        impact: 'All',
      });
      await incidents.resolveIncident('INC-2026-001', { rootCause: 'Disk' });
      await incidents.sendIncidentCommunication('INC-2026-001', 'initial');
      await incidents.addIncidentActionItem('INC-2026-001', { text: 'Fix' });
      expect(await incidents.getIncidentReviewMarkdown('INC-2026-001')).toBe(
        '# Post-incident review',
      );
      await incidents.listIncidents({ state: 'open', entityRef: 'acme' });
      expect(calls).toEqual([
        'POST /api/disaster-recovery/incidents {"severity":"SEV-1","title":"Down","impact":"All"}',
        'POST /api/disaster-recovery/incidents/INC-2026-001/resolve {"rootCause":"Disk"}',
        'POST /api/disaster-recovery/incidents/INC-2026-001/communications/initial/send ',
        'POST /api/disaster-recovery/incidents/INC-2026-001/review/action-items {"text":"Fix"}',
        'GET text/markdown',
      ]);
      expect(seen.at(-1)!.pathname).toBe('/api/disaster-recovery/incidents');
      expect(seen.at(-1)!.searchParams.get('state')).toBe('open');
      expect(seen.at(-1)!.searchParams.get('entityRef')).toBe('acme');
    },
  );
});
