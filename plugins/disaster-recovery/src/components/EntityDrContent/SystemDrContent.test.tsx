import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { Entity } from '@backstage/catalog-model';
import {
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { BASE, clientApi, mountedRoutes } from '../../__testUtils__/fixtures';
import { fleetHandler, makeFleet } from '../../__testUtils__/fleet';
import { DatabaseTenantsCard } from './DatabaseTenantsCard';
import { EntityDrContent } from './EntityDrContent';
import { worstOfCounts } from './SystemDrContent';

const system: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: { name: 'storefront', namespace: 'default' },
  spec: { owner: 'group:default/team-a' },
};

const database: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'orders-db', namespace: 'default' },
  spec: { type: 'database', owner: 'group:default/team-a' },
};

describe('System roll-up and database tenants', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  let requests: URL[];
  let otherRequests: string[];

  beforeEach(() => {
    requests = [];
    otherRequests = [];
    server.use(
      fleetHandler(makeFleet(40), requests),
      // anything else the tab asks for is recorded: a System has no target of its own
      http.get(`${BASE}/*`, ({ request }) => {
        otherRequests.push(new URL(request.url).pathname);
        return HttpResponse.json(
          { error: { name: 'InputError', message: 'not a Resource' } },
          { status: 400 },
        );
      }),
    );
  });

  it('takes the worst status with any entity as the roll-up', () => {
    expect(worstOfCounts({ pass: 3, warn: 1, unknown: 0, fail: 0 })).toBe(
      'warn',
    );
    expect(worstOfCounts({ pass: 3, warn: 1, unknown: 2, fail: 1 })).toBe(
      'fail',
    );
    expect(worstOfCounts({ pass: 0, warn: 0, unknown: 0, fail: 0 })).toBe(
      'unknown',
    );
  });

  it("shows a System's posture as the worst of its databases and tenants, with counts and a paged list linking to each", async () => {
    await renderInTestApp(
      <EntityProvider entity={system}>
        <EntityDrContent />
      </EntityProvider>,
      { apis: [clientApi()], mountedRoutes },
    );
    expect(await screen.findByText('System posture:')).toBeInTheDocument();
    expect(
      screen.getByText('the worst of its 40 databases and tenants'),
    ).toBeInTheDocument();
    // 4 of 40 fail: the system fails
    expect(screen.getByTestId('posture-count-fail')).toHaveTextContent('4');
    const table = await screen.findByRole('table', {
      name: 'Databases and tenants of this system',
    });
    expect(await within(table).findAllByTestId('fleet-row')).toHaveLength(25);
    expect(
      within(table).getByRole('link', { name: 'Tenant 0010' }),
    ).toHaveAttribute('href', '/catalog/default/resource/tenant-0010');
    expect(
      requests.every(
        r => r.searchParams.get('system') === 'system:default/storefront',
      ),
    ).toBe(true);
    // no posture, runs, backups or restored copies of the System itself: nothing ends in a 400
    expect(otherRequests).toEqual([]);
    expect(screen.queryByText(/Could not/)).not.toBeInTheDocument();
  });

  it("lists a database's tenants 25 a page", async () => {
    await renderInTestApp(
      <EntityProvider entity={database}>
        <DatabaseTenantsCard />
      </EntityProvider>,
      { apis: [clientApi()], mountedRoutes },
    );
    const table = await screen.findByRole('table', {
      name: 'Tenants of this database',
    });
    expect(await within(table).findAllByTestId('fleet-row')).toHaveLength(25);
    expect(requests[0].searchParams.get('database')).toBe(
      'resource:default/orders-db',
    );
    expect(requests[0].searchParams.get('limit')).toBe('25');
  });
});
