import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { ResponseError } from '@backstage/errors';
import { mockApis, registerMswTestHooks } from '@backstage/frontend-test-utils';
import { DisasterRecoveryClient } from './DisasterRecoveryClient';

const BASE = 'http://localhost:7007/api/disaster-recovery';

describe('DisasterRecoveryClient', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  let seen: URL[];
  const client = new DisasterRecoveryClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://localhost:7007' }),
    fetchApi: { fetch: (input, init) => fetch(input, init) },
  });

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
    expect(url.searchParams.get('q')).toBe('acme');
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
});
