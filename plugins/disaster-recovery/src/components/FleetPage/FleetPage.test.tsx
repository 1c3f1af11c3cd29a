import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import {
  BASE,
  clientApi,
  complianceResponse,
  fleetHandler,
  historyResponse,
  makeFleet,
  queryFleet,
  metricsResponse,
  mountedRoutes,
} from '../../__testUtils__/fixtures';
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
    server.use(
      fleetHandler(fleet, requests),
      http.get(`${BASE}/metrics`, () => HttpResponse.json(metricsResponse)),
      http.get(`${BASE}/compliance`, () =>
        HttpResponse.json(complianceResponse),
      ),
      http.get(`${BASE}/history`, () => HttpResponse.json(historyResponse())),
    );
  });

  /** Requests the paged table made (the summary lists use limit 1 and 10). */
  const tableRequests = () =>
    requests.filter(
      u => u.searchParams.get('limit') === String(FLEET_PAGE_SIZE),
    );

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

    // First page of the table.
    const table = screen.getByRole('region', { name: 'Fleet table' });
    expect(await within(table).findByText(ordered[0])).toBeInTheDocument();
    expect(within(table).getByText(ordered[19])).toBeInTheDocument();
    expect(within(table).queryByText(ordered[20])).not.toBeInTheDocument();
    expect(tableRequests()).toHaveLength(1);
    expect(tableRequests()[0].searchParams.get('offset')).toBe('0');

    // Next page: the server is asked for offset 20.
    await userEvent.click(screen.getByRole('button', { name: /next page/i }));
    expect(await within(table).findByText(ordered[20])).toBeInTheDocument();
    await waitFor(() => expect(tableRequests()).toHaveLength(2));
    expect(tableRequests()[1].searchParams.get('offset')).toBe(
      String(FLEET_PAGE_SIZE),
    );
    expect(within(table).queryByText(ordered[0])).not.toBeInTheDocument();
    expect(within(table).getAllByText('21-40 of 1037').length).toBeGreaterThan(
      0,
    );

    // Nothing ever asked for more than a page.
    for (const u of requests) {
      expect(Number(u.searchParams.get('limit'))).toBeLessThanOrEqual(100);
    }
  });

  it('lists what breaches now and next, from filtered server queries', async () => {
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
    expect(nextQuery?.searchParams.getAll('status')).toEqual([
      'pass',
      'warn',
      'unknown',
    ]);
    expect(nextQuery?.searchParams.get('order')).toBe('asc');
    expect((await screen.findAllByText(/breaches in/)).length).toBeGreaterThan(
      0,
    );
  });

  it('sends the posture filter to the server and starts again at page one', async () => {
    await renderInTestApp(<FleetPageContent />, {
      apis: [clientApi()],
      mountedRoutes,
    });
    const table = screen.getByRole('region', { name: 'Fleet table' });
    // Worst first: the first row is a failing tenant (every tenth fails).
    await within(table).findByText('Tenant 0010');
    await userEvent.click(
      within(table).getByRole('button', { name: /next page/i }),
    );
    await waitFor(() => expect(tableRequests()).toHaveLength(2));

    // Clicking the "pass" tile filters the table to passing entities, from the first page.
    await userEvent.click(
      screen.getByRole('button', { name: 'Show pass entities' }),
    );
    await waitFor(() => expect(tableRequests()).toHaveLength(3));
    const filtered = tableRequests()[2];
    expect(filtered.searchParams.getAll('status')).toEqual(['pass']);
    expect(filtered.searchParams.get('offset')).toBe('0');
    expect(await within(table).findByText('Tenant 0001')).toBeInTheDocument();
    expect(within(table).queryByText('Tenant 0010')).not.toBeInTheDocument();
    expect(within(table).getAllByText('1-20 of 624').length).toBeGreaterThan(0);
  });

  it('searches on the server', async () => {
    await renderInTestApp(<FleetPageContent />, {
      apis: [clientApi()],
      mountedRoutes,
    });
    const table = screen.getByRole('region', { name: 'Fleet table' });
    await within(table).findByText('Tenant 0010');
    await userEvent.type(within(table).getByRole('textbox'), '0042');
    expect(await within(table).findByText('Tenant 0042')).toBeInTheDocument();
    const searched = tableRequests().at(-1)!;
    expect(searched.searchParams.get('q')).toBe('0042');
    expect(searched.searchParams.get('offset')).toBe('0');
    expect(within(table).queryByText('Tenant 0010')).not.toBeInTheDocument();
  });

  it('filters by tier on the server', async () => {
    // "gold" has no entity on the loaded page; the server still offers it
    server.use(fleetHandler(fleet, requests, ['gold']));
    await renderInTestApp(<FleetPageContent />, {
      apis: [clientApi()],
      mountedRoutes,
    });
    const table = screen.getByRole('region', { name: 'Fleet table' });
    await within(table).findByText('Tenant 0020');
    await userEvent.click(
      within(table).getByRole('button', { name: 'Filter by tier' }),
    );
    // the options are every tier the server knows, not only those of the loaded page
    expect(
      (await screen.findAllByRole('option')).map(o => o.textContent),
    ).toEqual(['critical', 'gold', 'standard']);
    await userEvent.click(
      await screen.findByRole('option', { name: 'critical' }),
    );
    await waitFor(() =>
      expect(tableRequests().at(-1)!.searchParams.getAll('tier')).toEqual([
        'critical',
      ]),
    );
    // Every third tenant is critical: failing critical ones are 0010, 0040, 0070, ...;
    // Tenant 0020 fails too but is standard.
    expect(await within(table).findByText('Tenant 0070')).toBeInTheDocument();
    expect(within(table).queryByText('Tenant 0020')).not.toBeInTheDocument();
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
