import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import type { PostureResult } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { BASE, clientApi, tenantPosture } from '../../__testUtils__/fixtures';
import { EntityDrPostureCard } from './EntityDrPostureCard';

const database = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'orders-db' },
  spec: { type: 'database' },
};

describe('EntityDrPostureCard', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const render = () =>
    renderInTestApp(
      <EntityProvider entity={database}>
        <EntityDrPostureCard />
      </EntityProvider>,
      { apis: [clientApi()] },
    );

  it('shows the overall status and the failing checks only', async () => {
    server.use(
      http.get(`${BASE}/entities/resource/default/orders-db/posture`, () =>
        HttpResponse.json(tenantPosture()),
      ),
    );
    await render();
    expect(
      await screen.findByText('Drill: Database corruption'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Tier standard: RTO 4h · RPO 15m · MTD 8h · 99.9 %/),
    ).toBeInTheDocument();
    // Only the failing check is listed; the warn and unknown ones are summarised.
    expect(
      screen.queryByText('Recovery point objective'),
    ).not.toBeInTheDocument();
    expect(screen.getByText('and 2 more not passing')).toBeInTheDocument();
    expect(screen.getByText(/Next: breaches in 3 minutes/)).toBeInTheDocument();
  });

  it('lists unknown checks when nothing fails, and never calls them passing', async () => {
    const posture: PostureResult = {
      ...tenantPosture(),
      overall: 'unknown',
      checks: tenantPosture().checks.filter(c => c.status !== 'fail'),
    };
    server.use(
      http.get(`${BASE}/entities/resource/default/orders-db/posture`, () =>
        HttpResponse.json(posture),
      ),
    );
    await render();
    expect(
      await screen.findByText('Last verified restore'),
    ).toBeInTheDocument();
    expect(screen.getByText('Recovery point objective')).toBeInTheDocument();
    expect(screen.queryByText(/checks pass/)).not.toBeInTheDocument();
    expect(
      screen.getAllByText('Unknown')[0].closest('[data-status]'),
    ).toHaveAttribute('data-status', 'unknown');
  });

  it('shows an error panel when the request fails', async () => {
    server.use(
      http.get(`${BASE}/entities/resource/default/orders-db/posture`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotAllowedError',
              message: 'not allowed to read posture',
            },
            request: {
              method: 'GET',
              url: '/entities/resource/default/orders-db/posture',
            },
            response: { statusCode: 403 },
          },
          { status: 403 },
        ),
      ),
    );
    await render();
    expect(
      await screen.findByText(
        /answered GET \/entities\/resource\/default\/orders-db\/posture with 403: not allowed to read posture/,
      ),
    ).toBeInTheDocument();
  });
});
