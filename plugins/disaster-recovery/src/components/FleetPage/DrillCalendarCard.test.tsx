import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import {
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { clientApi, mountedRoutes } from '../../__testUtils__/fixtures';
import {
  fleetPageHandlers,
  makeFleet,
  tableRequests,
} from '../../__testUtils__/fleet';
import { FleetPageContent } from './FleetPage';

const SLOW = { timeout: 10_000 };

describe('DrillCalendarCard on the fleet page', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  let requests: URL[];

  beforeEach(() => {
    requests = [];
    server.use(...fleetPageHandlers(makeFleet(1037), requests, []));
  });

  it('counts each scenario against the calendar and filters the table to the overdue entities', async () => {
    await renderInTestApp(<FleetPageContent refreshIntervalMs={0} />, {
      apis: [clientApi()],
      mountedRoutes,
    });
    const card = await screen.findByRole(
      'table',
      { name: 'Drills against the calendar' },
      SLOW,
    );
    const row = within(card).getByText('Database corruption').closest('tr')!;
    const cells = Array.from(row.querySelectorAll('td')).map(
      c => c.textContent,
    );
    // drill, overdue, due, never, current, last passed, last failed, newest drill
    expect(cells.slice(0, 7)).toEqual([
      'restore, quarterly',
      '37',
      '100',
      '0',
      '900',
      '990',
      '47',
    ]);
    const manual = within(card).getByText('Cyber attack').closest('tr')!;
    expect(manual).toHaveTextContent('live-switchover, annual (by hand)');
    expect(manual).toHaveTextContent('never');

    const table = screen.getByRole('region', { name: 'Fleet table' });
    expect(
      await within(table).findByText('1-25 of 1037', undefined, SLOW),
    ).toBeInTheDocument();
    await userEvent.click(
      within(card).getByRole('button', {
        name: 'Show the 37 entities whose Database corruption drill is overdue',
      }),
    );
    expect(
      await within(table).findByText('1-25 of 37', undefined, SLOW),
    ).toBeInTheDocument();
    const asked = tableRequests(requests).at(-1)!.searchParams;
    expect(asked.get('drill')).toBe('database-corruption');
    expect(asked.getAll('drillStatus')).toEqual(['overdue']);
    expect(asked.get('offset')).toBe('0');

    // the chip says what the table is limited to, and clears it
    const chip = within(table)
      .getByText('Drill: Database corruption overdue')
      .closest('.MuiChip-root') as HTMLElement;
    await userEvent.click(chip.querySelector('.MuiChip-deleteIcon')!);
    expect(
      await within(table).findByText('1-25 of 1037', undefined, SLOW),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(
        tableRequests(requests).at(-1)!.searchParams.get('drill'),
      ).toBeNull(),
    );
  });
});
