import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import {
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import type { IncidentItem } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import {
  clientApi,
  mountedRoutes,
  stopTheClock,
} from '../../__testUtils__/fixtures';
import {
  catalogPeopleApi,
  deskBackend,
} from '../../__testUtils__/incidentDesk';
import { IncidentDeskContent } from './IncidentDesk';

const MINUTE = 60_000;
const FIND = { timeout: 15_000 };

function incident(overrides: Partial<IncidentItem>): IncidentItem {
  return {
    id: 'INC-2026-001',
    severity: 'SEV-1',
    title: 'Checkout down',
    status: 'investigating',
    impact: 'No orders',
    affected: { tenants: [], systems: [], databases: [] },
    startedAt: new Date(Date.now() - 5 * MINUTE).toISOString(),
    declaredAt: new Date().toISOString(),
    declaredBy: 'user:default/guest',
    roles: {},
    lastUpdateAt: new Date().toISOString(),
    drill: false,
    ...overrides,
  };
}

describe('IncidentDeskContent forms', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  stopTheClock(new Date('2026-12-03T16:00:00Z'));

  const render = () =>
    renderInTestApp(<IncidentDeskContent refreshIntervalMs={0} />, {
      apis: [clientApi(), catalogPeopleApi()],
      mountedRoutes,
    });

  it("assigns the response roles to the catalog's users and groups", async () => {
    const backend = deskBackend();
    server.use(...backend.handlers);
    backend.incidents.push(
      incident({ roles: { 'incident-commander': 'user:default/bob' } }),
    );
    await render();
    const assignee = await screen.findByLabelText(
      'Assignee of the role in INC-2026-001',
      {},
      FIND,
    );
    // the commander's holder is shown, and assigning the same one again is not offered
    expect(screen.getByText('Incident commander:')).toBeInTheDocument();
    expect(assignee).toHaveValue('user:default/bob');
    expect(screen.getByRole('button', { name: 'Assign' })).toBeDisabled();
    // the suggestions are the catalog's users and groups, nothing else
    const list = document.getElementById(assignee.getAttribute('list')!)!;
    await waitFor(() =>
      expect(
        Array.from(list.querySelectorAll('option')).map(o => o.value),
      ).toEqual([
        'group:default/dba-team',
        'user:default/alice',
        'user:default/bob',
      ]),
    );

    await userEvent.click(
      screen.getByLabelText('Role to assign in INC-2026-001'),
    );
    await userEvent.click(
      await screen.findByRole('option', { name: 'Technical lead' }),
    );
    expect(assignee).toHaveValue('');
    await userEvent.type(assignee, 'group:default/dba-team');
    await userEvent.click(screen.getByRole('button', { name: 'Assign' }));

    expect(
      await screen.findByText('Technical lead:', {}, FIND),
    ).toBeInTheDocument();
    expect(screen.getByText('group:default/dba-team')).toBeInTheDocument();
    expect(backend.posted).toEqual([
      {
        path: '/incidents/INC-2026-001/roles',
        body: { role: 'technical-lead', assignee: 'group:default/dba-team' },
      },
    ]);
  });

  it("adds action items with an owner to a resolved incident's review", async () => {
    const backend = deskBackend();
    server.use(...backend.handlers);
    backend.incidents.push(
      incident({
        id: 'INC-2026-002',
        status: 'resolved',
        rootCause: 'Disk full',
        resolvedAt: new Date(Date.now() + 40 * MINUTE).toISOString(),
      }),
    );
    await render();
    const closed = await screen.findByRole(
      'table',
      { name: 'Closed incidents' },
      FIND,
    );
    await userEvent.click(
      within(closed).getByRole('button', {
        name: 'Action items of INC-2026-002',
      }),
    );
    expect(
      await screen.findByText('No action item yet.', {}, FIND),
    ).toBeInTheDocument();
    const add = screen.getByRole('button', { name: 'Add action item' });
    expect(add).toBeDisabled();

    await userEvent.type(
      screen.getByLabelText('New action item of INC-2026-002'),
      'Alert on disk usage above 80 %',
    );
    await userEvent.type(
      screen.getByLabelText('Owner of the new action item of INC-2026-002'),
      'group:default/dba-team',
    );
    await userEvent.click(add);

    const items = await screen.findByRole(
      'list',
      { name: 'Action items of INC-2026-002' },
      FIND,
    );
    expect(
      within(items).getByText('Alert on disk usage above 80 %'),
    ).toBeInTheDocument();
    expect(items).toHaveTextContent(
      /owner group:default\/dba-team · added by user:default\/guest/,
    );
    expect(
      screen.getByLabelText('New action item of INC-2026-002'),
    ).toHaveValue('');
    expect(backend.posted).toEqual([
      {
        path: '/incidents/INC-2026-002/review/action-items',
        body: {
          text: 'Alert on disk usage above 80 %',
          owner: 'group:default/dba-team',
        },
      },
    ]);
  });
});
