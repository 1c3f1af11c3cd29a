import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import {
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { clientApi, mountedRoutes } from '../../__testUtils__/fixtures';
import {
  fleetHandler,
  fleetPageHandlers,
  makeFleet,
  SHARED_REASON,
  tableRequests as pagedRequests,
} from '../../__testUtils__/fleet';
import { FleetPageContent } from './FleetPage';

describe('FleetTable', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const fleet = makeFleet(1037);
  let requests: URL[];
  let storedRequests: URL[];

  beforeEach(() => {
    requests = [];
    storedRequests = [];
    server.use(...fleetPageHandlers(fleet, requests, storedRequests));
  });

  const tableRequests = () => pagedRequests(requests);

  it('shows one compact row per tenant, and its checks only on demand', async () => {
    await renderInTestApp(<FleetPageContent />, {
      apis: [clientApi()],
      mountedRoutes,
    });
    const table = screen.getByRole('region', { name: 'Fleet table' });
    const link = await within(table).findByText('Tenant 0010');
    const row = link.closest('tr')!;
    // status in words and icon, not colour alone
    expect(
      within(row).getByLabelText('Fail (status fail)'),
    ).toBeInTheDocument();
    // its own worst check with the reason; the shared cause is counted, not repeated
    expect(
      within(row).getByText('Tenant 0010: newest backup too old.'),
    ).toBeInTheDocument();
    expect(within(row).getByText('and 1 platform finding')).toBeInTheDocument();
    expect(within(row).queryByText(SHARED_REASON)).not.toBeInTheDocument();
    expect(within(row).getByText('2 fail · 1 pass')).toBeInTheDocument();
    expect(within(row).getByText(/breaches in/)).toBeInTheDocument();
    expect(within(row).getByText('team-2')).toBeInTheDocument();
    expect(within(row).getByText('orders-db')).toBeInTheDocument();

    // the checks are read only when the row expands, from the same stored evaluation
    expect(storedRequests).toHaveLength(0);
    await userEvent.click(
      within(row).getByRole('button', { name: 'Show checks of Tenant 0010' }),
    );
    const checks = await screen.findByRole('list', { name: 'Checks' });
    expect(
      within(checks).getByText(/verified-restore of Tenant 0010 is fail/),
    ).toBeInTheDocument();
    expect(storedRequests.map(u => u.pathname)).toEqual([
      '/api/disaster-recovery/entities/resource/default/tenant-0010/posture/stored',
    ]);
    expect(
      within(row).getByRole('button', { name: 'Hide checks of Tenant 0010' }),
    ).toHaveAttribute('aria-expanded', 'true');
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
    expect(within(table).getByText('1-25 of 624')).toBeInTheDocument();
  });

  it('finds tenants by typing a team name, and filters by owner', async () => {
    await renderInTestApp(<FleetPageContent />, {
      apis: [clientApi()],
      mountedRoutes,
    });
    const table = screen.getByRole('region', { name: 'Fleet table' });
    await within(table).findByText('Tenant 0010');
    await userEvent.type(
      within(table).getByRole('textbox', { name: 'Search tenants' }),
      'team-3',
    );
    await waitFor(() =>
      expect(tableRequests().at(-1)!.searchParams.get('q')).toBe('team-3'),
    );
    // team-3 owns tenants 0004, 0011, 0018, ... (index % 7 === 3): every row shown is its
    await waitFor(() =>
      expect(within(table).queryByText('Tenant 0010')).not.toBeInTheDocument(),
    );
    const owners = within(table)
      .getAllByTestId('fleet-row')
      .map(r => within(r).getByText(/^team-/).textContent);
    expect(new Set(owners)).toEqual(new Set(['team-3']));
    expect(tableRequests().at(-1)!.searchParams.get('offset')).toBe('0');

    await userEvent.clear(
      within(table).getByRole('textbox', { name: 'Search tenants' }),
    );
    await userEvent.click(
      within(table).getByRole('button', { name: 'Filter by owner' }),
    );
    expect(
      (await screen.findAllByRole('option')).map(o => o.textContent),
    ).toEqual([
      'Any owner',
      'team-0',
      'team-1',
      'team-2',
      'team-3',
      'team-4',
      'team-5',
      'team-6',
    ]);
    await userEvent.click(screen.getByRole('option', { name: 'team-5' }));
    await waitFor(() =>
      expect(tableRequests().at(-1)!.searchParams.get('owner')).toBe(
        'group:default/team-5',
      ),
    );
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

  it('sorts on the server from headers that say their sort order', async () => {
    await renderInTestApp(<FleetPageContent />, {
      apis: [clientApi()],
      mountedRoutes,
    });
    const table = screen.getByRole('region', { name: 'Fleet table' });
    await within(table).findByText('Tenant 0010');
    const header = (name: string) =>
      within(table).getByRole('columnheader', { name });
    expect(header('Status')).toHaveAttribute('aria-sort', 'ascending');
    expect(header('Entity')).toHaveAttribute('aria-sort', 'none');
    expect(header('Next breach')).toHaveAttribute('aria-sort', 'none');
    // not sortable: no aria-sort
    expect(header('Owner')).not.toHaveAttribute('aria-sort');

    await userEvent.click(within(header('Entity')).getByRole('button'));
    await waitFor(() =>
      expect(tableRequests().at(-1)!.searchParams.get('sort')).toBe('title'),
    );
    expect(header('Entity')).toHaveAttribute('aria-sort', 'ascending');
    expect(header('Status')).toHaveAttribute('aria-sort', 'none');
    expect(await within(table).findByText('Tenant 0001')).toBeInTheDocument();
    await userEvent.click(within(header('Entity')).getByRole('button'));
    await waitFor(() =>
      expect(tableRequests().at(-1)!.searchParams.get('order')).toBe('desc'),
    );
    expect(header('Entity')).toHaveAttribute('aria-sort', 'descending');
    expect(await within(table).findByText('Tenant 1037')).toBeInTheDocument();
  });
});
