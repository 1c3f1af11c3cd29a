import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { Entity } from '@backstage/catalog-model';
import {
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  BASE,
  clientApi,
  makeBackups,
  mountedRoutes,
  recoveryRuns,
  stopTheClock,
  tenantPosture,
} from '../../__testUtils__/fixtures';
import { EntityDrContent } from './EntityDrContent';

const tenant: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'tenant-acme', namespace: 'default' },
  spec: { type: 'tenant', owner: 'group:default/team-a' },
};

const ENTITY = `${BASE}/entities/resource/default/tenant-acme`;

describe('EntityDrContent', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  stopTheClock(new Date('2026-11-25T12:00:00Z'));
  let backupRequests: URL[];

  beforeEach(() => {
    backupRequests = [];
    const backups = makeBackups(23);
    server.use(
      http.get(`${ENTITY}/posture`, () => HttpResponse.json(tenantPosture())),
      http.get(`${ENTITY}/backups`, ({ request }) => {
        const url = new URL(request.url);
        backupRequests.push(url);
        const offset = Number(url.searchParams.get('offset'));
        const limit = Number(url.searchParams.get('limit'));
        return HttpResponse.json({
          items: backups.slice(offset, offset + limit),
          totalItems: backups.length,
        });
      }),
      http.get(`${ENTITY}/restored-copies`, () =>
        HttpResponse.json({
          items: [
            {
              kind: 'tenant-restore',
              name: 'restore_tenant_acme_20261124093000',
              database: 'ecommerce',
              createdAt: '2026-11-24T09:30:00Z',
              sizeBytes: 3 * 1024 * 1024,
              tenant: 'tenant_acme',
            },
          ],
        }),
      ),
      http.get(`${ENTITY}/topology`, () =>
        HttpResponse.json({
          target: 'orders-primary',
          databaseRef: 'resource:default/orders-db',
          primary: { configured: 'standby', host: 'db-b', port: 5433 },
          standby: null,
          standbyConfigured: true,
          reprotectNeeded: true,
        }),
      ),
      http.get(`${ENTITY}/recovery-window`, () =>
        HttpResponse.json({
          target: 'orders-primary',
          databaseRef: 'resource:default/orders-db',
          observedAt: '2026-11-25T12:00:00Z',
          pitr: {
            available: false,
            reason: 'Target orders-primary has no pgBackRest stanza',
          },
          dumps: [],
          totalDumps: 0,
        }),
      ),
      http.get(`${BASE}/runs`, ({ request }) => {
        const ref = new URL(request.url).searchParams.get('entityRef');
        return HttpResponse.json({
          items: ref === 'resource:default/tenant-acme' ? recoveryRuns() : [],
        });
      }),
    );
  });

  const render = () =>
    renderInTestApp(
      <EntityProvider entity={tenant}>
        <EntityDrContent />
      </EntityProvider>,
      { apis: [clientApi()], mountedRoutes },
    );

  it('shows each check with its reason, target, measurement and breach time', async () => {
    await render();
    const checks = await screen.findByText('Checks');
    const table = checks.closest('.MuiPaper-root') as HTMLElement;
    const rpoRow = within(table)
      .getByText('Recovery point objective')
      .closest('tr')!;
    expect(
      within(rpoRow).getByText(/The newest good backup is 12m old/),
    ).toBeInTheDocument();
    expect(
      within(rpoRow).getByText('breaches in 3 minutes'),
    ).toBeInTheDocument();
    expect(within(rpoRow).getByText('12m')).toBeInTheDocument();
    expect(within(rpoRow).getByText('Warn')).toBeInTheDocument();

    const drillRow = within(table)
      .getByText('Drill: Database corruption')
      .closest('tr')!;
    expect(within(drillRow).getByText('breached')).toBeInTheDocument();
    expect(
      within(drillRow).getByText(/achieved an RTO of 5h, beyond the 4h target/),
    ).toBeInTheDocument();
  });

  it('lists the restored copies waiting to be discarded, with their size', async () => {
    await render();
    const card = (await screen.findByText('Restored copies (1)')).closest(
      '.MuiPaper-root',
    ) as HTMLElement;
    const row = within(card)
      .getByText('restore_tenant_acme_20261124093000')
      .closest('tr')!;
    expect(within(row).getByText('Tenant side schema')).toBeInTheDocument();
    expect(within(row).getByText('ecommerce')).toBeInTheDocument();
    expect(within(row).getByText('3.0 MiB')).toBeInTheDocument();
    expect(
      within(card).getByText(/Discard a restored copy/),
    ).toBeInTheDocument();
  });

  it('never renders an unknown check as a pass', async () => {
    await render();
    const row = (await screen.findByText('Last verified restore')).closest(
      'tr',
    )!;
    const chip = within(row).getByText('Unknown').closest('[data-status]')!;
    expect(chip).toHaveAttribute('data-status', 'unknown');
    expect(within(row).queryByText('Pass')).not.toBeInTheDocument();
    expect(
      within(row).getByText(
        'No verification has been recorded for this database.',
      ),
    ).toBeInTheDocument();
  });

  it('puts the targets next to the measured reality', async () => {
    await render();
    const objectives = await screen.findByRole('table', { name: 'Objectives' });
    const rto = within(objectives)
      .getByText('RTO (recovery time)')
      .closest('tr')!;
    expect(within(rto).getByText('4h')).toBeInTheDocument();
    expect(within(rto).getByText('5h')).toBeInTheDocument();
    // The drill check fails, so the RTO row fails too.
    expect(within(rto).getByText('Fail')).toBeInTheDocument();
    const rpo = within(objectives)
      .getByText('RPO (age of newest recovery point)')
      .closest('tr')!;
    expect(within(rpo).getByText('15m')).toBeInTheDocument();
    expect(within(rpo).getByText('12m')).toBeInTheDocument();
    const availability = within(objectives)
      .getByText('Availability')
      .closest('tr')!;
    expect(within(availability).getByText('99.9 %')).toBeInTheDocument();
    expect(within(availability).getByText('Unknown')).toBeInTheDocument();
  });

  it('pages the backups on the server and shows their verification', async () => {
    await render();
    expect(
      await screen.findByText('Verified (full, 30 minutes ago)'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Verification failed (quick, 2 hours ago)'),
    ).toBeInTheDocument();
    expect(screen.getAllByText('Not verified')).toHaveLength(8);
    expect(backupRequests[0].searchParams.get('offset')).toBe('0');
    expect(backupRequests[0].searchParams.get('limit')).toBe('10');

    const backups = screen
      .getByText('Backups')
      .closest('.MuiPaper-root') as HTMLElement;
    await userEvent.click(
      within(backups).getByRole('button', { name: /next page/i }),
    );
    await waitFor(() => expect(backupRequests).toHaveLength(2));
    expect(backupRequests[1].searchParams.get('offset')).toBe('10');
    expect(
      await within(backups).findByText(/orders-0013\.dump/),
    ).toBeInTheDocument();
  });

  it('shows recent recovery runs with step timings', async () => {
    await render();
    const summary = await screen.findByText('restore on orders-primary');
    await userEvent.click(summary);
    const steps = await screen.findByRole('table', {
      name: 'Steps of run run-1',
    });
    const restore = within(steps)
      .getByText('Restore newest verified dump into a new database')
      .closest('tr')!;
    expect(within(restore).getByText('12m 34s')).toBeInTheDocument();
    expect(within(steps).getByText('46s')).toBeInTheDocument();
    // the evidence is a portal page, not the backend's run URL
    expect(
      screen.getByRole('link', { name: 'Evidence of run run-1' }),
    ).toHaveAttribute('href', '/disaster-recovery/runs/run-1');
  });

  it("shows the database's current topology next to its runs", async () => {
    await render();
    const card = (await screen.findByText('Database topology')).closest(
      '.MuiCard-root',
    ) as HTMLElement;
    expect(
      within(card).getByText('db-b:5433 (configured standby)'),
    ).toBeInTheDocument();
    expect(
      within(card).getByLabelText(
        'No standby — reprotect needed (status fail)',
      ),
    ).toBeInTheDocument();
  });

  it('shows what the database can be recovered to', async () => {
    await render();
    const card = (await screen.findByText('Recoverable window')).closest(
      '.MuiCard-root',
    ) as HTMLElement;
    expect(
      within(card).getByText('Target orders-primary has no pgBackRest stanza'),
    ).toBeInTheDocument();
  });

  it('shows an error panel when the posture request fails', async () => {
    server.use(
      http.get(`${ENTITY}/posture`, () =>
        HttpResponse.json(
          { error: { name: 'Error', message: 'evidence store is down' } },
          { status: 500 },
        ),
      ),
    );
    await render();
    expect(
      await screen.findByText(/evidence store is down/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Could not load the DR posture/),
    ).toBeInTheDocument();
    expect(screen.queryByText('Checks')).not.toBeInTheDocument();
  });

  it('says so when the backend has no posture for the entity', async () => {
    server.use(
      http.get(`${ENTITY}/posture`, () =>
        HttpResponse.json(
          { error: { name: 'NotFoundError', message: 'no such entity' } },
          { status: 404 },
        ),
      ),
    );
    await render();
    expect(
      await screen.findByText('No DR posture for this entity'),
    ).toBeInTheDocument();
  });
});
