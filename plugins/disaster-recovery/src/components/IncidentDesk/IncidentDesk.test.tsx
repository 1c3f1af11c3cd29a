import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import {
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import {
  clientApi,
  mountedRoutes,
  stopTheClock,
} from '../../__testUtils__/fixtures';
import {
  catalogPeopleApi,
  deskBackend,
} from '../../__testUtils__/incidentDesk';
import { incidentsRouteRef } from '../../routes';
import { IncidentDeskContent } from './IncidentDesk';
import { IncidentBanner } from './IncidentBanner';

const MINUTE = 60_000;

describe('IncidentDeskContent', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  stopTheClock(new Date('2026-12-03T16:00:00Z'));

  it('declares with the suggested severity, shows the escalation timer, sends, resolves and offers the review', async () => {
    const backend = deskBackend();
    server.use(...backend.handlers);
    const created: string[] = [];
    const createObjectURL = jest.fn((blob: Blob) => {
      created.push(String(blob.size));
      return 'blob:review';
    });
    Object.assign(URL, { createObjectURL, revokeObjectURL: jest.fn() });
    await renderInTestApp(<IncidentDeskContent refreshIntervalMs={0} />, {
      apis: [clientApi(), catalogPeopleApi()],
      mountedRoutes,
    });
    expect(await screen.findByText('No open incident.')).toBeInTheDocument();

    await userEvent.type(screen.getByLabelText('Title'), 'Checkout down');
    await userEvent.type(screen.getByLabelText('Impact'), 'No orders');
    await userEvent.type(screen.getByLabelText('Affected tenants'), 'acme');
    // the tenant's tier raises the suggestion, and the form takes it
    expect(
      await screen.findByText(/Suggested SEV-0: tenants in tier critical/),
    ).toBeInTheDocument();
    await userEvent.click(
      await screen.findByRole('button', { name: 'Declare SEV-0' }),
    );
    await waitFor(() =>
      expect(backend.posted[0]).toEqual({
        path: '/incidents',
        body: expect.objectContaining({
          severity: 'SEV-0',
          title: 'Checkout down',
          impact: 'No orders',
          impactLevel: 'high',
          affected: { tenants: ['acme'], systems: [], databases: [] },
        }),
      }),
    );

    const timer = await screen.findByTestId('escalation-timer-INC-2026-001');
    expect(timer).toHaveTextContent(
      /^Open for 2m · escalation clock 30m \(×15\)/,
    );
    expect(timer).toHaveTextContent(
      /Next escalation: step 2 — Executive notification \(incident-commander\) in 3m,/,
    );
    expect(timer).toHaveTextContent(/Status update due in 1m/);
    expect(
      await screen.findByText('## initial of INC-2026-001'),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(
      await screen.findByText('Sent to group:default/incident-command'),
    ).toBeInTheDocument();

    await userEvent.type(
      screen.getByLabelText('Root cause of INC-2026-001'),
      'Disk full',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Resolve' }));
    const closed = await screen.findByRole('table', {
      name: 'Closed incidents',
    });
    expect(within(closed).getByText('INC-2026-001')).toBeInTheDocument();
    expect(within(closed).getByText('45m')).toBeInTheDocument();
    expect(
      screen.getByText(/MTTR 45m over the 1 latest real incident/),
    ).toBeInTheDocument();
    expect(screen.getByText('No open incident.')).toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('button', {
        name: 'Download the review of INC-2026-001 as Markdown',
      }),
    );
    await waitFor(() => expect(createObjectURL).toHaveBeenCalledTimes(1));
    expect(backend.posted.map(p => p.path)).toEqual([
      '/incidents',
      '/incidents/INC-2026-001/communications/initial/send',
      '/incidents/INC-2026-001/resolve',
    ]);
  });

  it('shows a banner for the open incidents that affect an entity, and nothing otherwise', async () => {
    const backend = deskBackend();
    server.use(...backend.handlers);
    backend.incidents.push({
      id: 'INC-2026-009',
      severity: 'SEV-1',
      title: 'Slow checkout',
      status: 'identified',
      impact: 'Checkout takes 30 s',
      affected: {
        tenants: ['resource:default/acme'],
        systems: [],
        databases: [],
      },
      startedAt: new Date(Date.now() - 5 * MINUTE).toISOString(),
      declaredAt: new Date().toISOString(),
      declaredBy: 'user:default/guest',
      roles: {},
      lastUpdateAt: new Date().toISOString(),
      drill: false,
    });
    await renderInTestApp(
      <>
        <IncidentBanner entityRef="resource:default/acme" />
        <IncidentBanner entityRef="resource:default/globex" />
      </>,
      {
        apis: [clientApi()],
        mountedRoutes: {
          ...mountedRoutes,
          '/disaster-recovery/incidents': incidentsRouteRef,
        },
      },
    );
    const banner = await screen.findByRole(
      'alert',
      { name: 'Open incident INC-2026-009' },
      { timeout: 10_000 },
    );
    expect(banner).toHaveTextContent(
      'SEV-1 incident INC-2026-009: Slow checkout',
    );
    expect(banner).toHaveTextContent(/identified · open for 5m/);
    expect(screen.getAllByRole('alert')).toHaveLength(1);
  });
});
