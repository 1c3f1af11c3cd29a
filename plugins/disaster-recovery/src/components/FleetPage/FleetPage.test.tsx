import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { BASE, clientApi, mountedRoutes } from '../../__testUtils__/fixtures';
import {
  fleetPageHandlers,
  makeFleet,
  queryFleet,
  SHARED_CAUSE,
  SHARED_REASON,
  tableRequests as pagedRequests,
} from '../../__testUtils__/fleet';
import { FleetPageContent } from './FleetPage';
import { FLEET_PAGE_SIZE } from './FleetTable';

describe('FleetPageContent', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const fleet = makeFleet(1037);
  /** The fleet in the backend's default order: worst status first. */
  const ordered = queryFleet(fleet, new URLSearchParams()).map(i => i.title);
  let requests: URL[];

  beforeEach(() => {
    requests = [];
    server.use(...fleetPageHandlers(fleet, requests, []));
  });

  const tableRequests = () => pagedRequests(requests);

  it('reloads by itself, keeping what it shows until the new answer arrives', async () => {
    let evaluated = 1037;
    server.use(
      http.get(`${BASE}/fleet`, ({ request }) => {
        const url = new URL(request.url);
        requests.push(url);
        const items = queryFleet(fleet, url.searchParams);
        return HttpResponse.json({
          items: items.slice(0, Number(url.searchParams.get('limit') ?? 20)),
          totalItems: evaluated,
          counts: { pass: evaluated, warn: 0, fail: 0, unknown: 0 },
        });
      }),
    );
    await renderInTestApp(<FleetPageContent refreshIntervalMs={200} />, {
      apis: [clientApi()],
      mountedRoutes,
    });
    expect(
      await screen.findByText('1037 entities evaluated'),
    ).toBeInTheDocument();
    const before = tableRequests().length;
    evaluated = 1040;
    expect(
      await screen.findByText('1040 entities evaluated', undefined, {
        timeout: 3000,
      }),
    ).toBeInTheDocument();
    // the table fetched its page again too, at the same offset
    await waitFor(() => expect(tableRequests().length).toBeGreaterThan(before));
    expect(tableRequests().at(-1)!.searchParams.get('offset')).toBe('0');
    expect(screen.getByText(/reloads every/)).toBeInTheDocument();
  });

  it('shows counts over the whole fleet and pages the table on the server', async () => {
    await renderInTestApp(<FleetPageContent />, {
      apis: [clientApi()],
      mountedRoutes,
    });

    // Counts over all 1,037 tenants, though only one page was downloaded.
    expect(
      await screen.findByText('1037 entities evaluated'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('posture-count-pass')).toHaveTextContent('624');
    expect(screen.getByTestId('posture-count-warn')).toHaveTextContent('207');
    expect(screen.getByTestId('posture-count-unknown')).toHaveTextContent(
      '103',
    );
    expect(screen.getByTestId('posture-count-fail')).toHaveTextContent('103');

    // First page of the table: one screen of 25 rows.
    const table = screen.getByRole('region', { name: 'Fleet table' });
    expect(await within(table).findByText(ordered[0])).toBeInTheDocument();
    expect(within(table).getByText(ordered[24])).toBeInTheDocument();
    expect(within(table).queryByText(ordered[25])).not.toBeInTheDocument();
    expect(within(table).getAllByTestId('fleet-row')).toHaveLength(25);
    expect(tableRequests()).toHaveLength(1);
    expect(tableRequests()[0].searchParams.get('offset')).toBe('0');

    // Next page: the server is asked for offset 25.
    await userEvent.click(
      within(table).getByRole('button', { name: /next page/i }),
    );
    expect(await within(table).findByText(ordered[25])).toBeInTheDocument();
    await waitFor(() => expect(tableRequests()).toHaveLength(2));
    expect(tableRequests()[1].searchParams.get('offset')).toBe(
      String(FLEET_PAGE_SIZE),
    );
    expect(within(table).queryByText(ordered[0])).not.toBeInTheDocument();
    expect(within(table).getByText('26-50 of 1037')).toBeInTheDocument();

    // Nothing ever asked for more than a page.
    for (const u of requests) {
      expect(Number(u.searchParams.get('limit'))).toBeLessThanOrEqual(100);
    }
  });

  it('shows a cause shared by many tenants once, with the tenants it affects', async () => {
    await renderInTestApp(<FleetPageContent />, {
      apis: [clientApi()],
      mountedRoutes,
    });
    expect(await screen.findByText(SHARED_REASON)).toBeInTheDocument();
    // once on the page: not in any row
    expect(screen.getAllByText(SHARED_REASON)).toHaveLength(1);
    expect(
      screen.getByText('1 shared cause, affecting 103 entities'),
    ).toBeInTheDocument();
    expect(screen.getByText('Affects 103 entities')).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Show affected entities' }),
    );
    const affected = await screen.findByRole('list', {
      name: 'Entities affected by Last verified restore',
    });
    expect(
      await within(affected).findByText('Tenant 0010'),
    ).toBeInTheDocument();
    expect(within(affected).getAllByRole('listitem')).toHaveLength(10);
    const query = requests.find(u => u.searchParams.get('cause'));
    expect(query?.searchParams.get('cause')).toBe(SHARED_CAUSE);
    expect(query?.searchParams.get('limit')).toBe('10');
  });

  it('lists the next breaches of every status, as the rows say', async () => {
    await renderInTestApp(<FleetPageContent />, {
      apis: [clientApi()],
      mountedRoutes,
    });
    expect(await screen.findByText('103 failing')).toBeInTheDocument();
    const failingQuery = requests.find(
      u => u.searchParams.getAll('status').join() === 'fail',
    );
    expect(failingQuery?.searchParams.get('limit')).toBe('10');
    const nextQuery = requests.find(
      u => u.searchParams.get('sort') === 'nextBreachAt',
    );
    // no status filter: a failing tenant that breaches another check soon is listed
    expect(nextQuery?.searchParams.getAll('status')).toEqual([]);
    expect(nextQuery?.searchParams.get('order')).toBe('asc');
    expect(
      screen.queryByText('No breach is predicted'),
    ).not.toBeInTheDocument();
    // the soonest (in 1 hour) are tenants 0001, 0049, ...; 0049 is failing
    expect(await screen.findAllByText('Tenant 0049')).not.toHaveLength(0);
  });

  it('shows the DR metrics, and "no evidence" where a metric has none', async () => {
    await renderInTestApp(<FleetPageContent />, {
      apis: [clientApi()],
      mountedRoutes,
    });
    expect(await screen.findByLabelText('MTTR: 3h 25m')).toBeInTheDocument();
    expect(screen.getByLabelText('MTBF: no evidence')).toBeInTheDocument();
    expect(
      screen.getByLabelText('Backup success rate: 98.7 %'),
    ).toBeInTheDocument();
    expect(
      screen.getByLabelText('Test completion rate: no evidence'),
    ).toBeInTheDocument();
    expect(
      screen.getByLabelText('Documentation currency: 75.0 %'),
    ).toBeInTheDocument();
  });

  it('describes the posture trend chart in words', async () => {
    await renderInTestApp(<FleetPageContent />, {
      apis: [clientApi()],
      mountedRoutes,
    });
    const chart = await screen.findByRole('img', {
      name: 'Posture trend chart',
    });
    const description = document.getElementById(
      chart.getAttribute('aria-describedby')!,
    );
    expect(description).toHaveTextContent(
      /over 7 evaluations from .* to .*: fail 107 \(unchanged\), unknown from 130 to 124, warn 200 \(unchanged\), pass from 600 to 606\./,
    );
  });

  it('shows the compliance matrix with counts per data class', async () => {
    await renderInTestApp(<FleetPageContent />, {
      apis: [clientApi()],
      mountedRoutes,
    });
    const matrix = await screen.findByRole('table', {
      name: 'Data-class compliance matrix',
    });
    const pii = within(matrix).getByText('Customer PII').closest('tr')!;
    expect(within(pii).getByText('17 fail')).toBeInTheDocument();
    expect(within(pii).getByText('100 unknown')).toBeInTheDocument();
    const logs = within(matrix).getByText('Application logs').closest('tr')!;
    expect(within(logs).getAllByText('1037 unknown')).toHaveLength(2);
    // An all-unknown row is never shown as passing.
    expect(within(logs).queryByText(/pass/)).not.toBeInTheDocument();
  });

  it('shows an error panel for a failed request and keeps the rest of the page', async () => {
    server.use(
      http.get(`${BASE}/compliance`, () =>
        HttpResponse.json(
          {
            error: { name: 'Error', message: 'compliance store unavailable' },
            request: { method: 'GET', url: '/compliance' },
            response: { statusCode: 503 },
          },
          { status: 503 },
        ),
      ),
    );
    await renderInTestApp(<FleetPageContent />, {
      apis: [clientApi()],
      mountedRoutes,
    });
    expect(
      await screen.findByText(/compliance store unavailable/),
    ).toBeInTheDocument();
    expect(screen.getByText(/Could not load compliance/)).toBeInTheDocument();
    expect(
      await screen.findByText('1037 entities evaluated'),
    ).toBeInTheDocument();
  });
});
