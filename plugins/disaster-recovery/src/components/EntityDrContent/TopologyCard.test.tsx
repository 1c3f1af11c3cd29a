import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { Entity } from '@backstage/catalog-model';
import {
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import type { TargetTopologyResponse } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { BASE, clientApi, HOUR } from '../../__testUtils__/fixtures';
import { TopologyCard } from './TopologyCard';

const database: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'orders-db', namespace: 'default' },
  spec: { type: 'database', owner: 'group:default/team-a' },
};

const TOPOLOGY = `${BASE}/entities/resource/default/orders-db/topology`;

function afterFailover(now = Date.now()): TargetTopologyResponse {
  return {
    target: 'orders',
    databaseRef: 'resource:default/orders-db',
    primary: { configured: 'standby', host: 'db-b.internal', port: 5433 },
    standby: null,
    standbyConfigured: true,
    reprotectNeeded: true,
    change: {
      at: new Date(now - HOUR).toISOString(),
      runId: 'run-fo-1',
      operation: 'failover',
      initiatedBy: 'user:default/oncall',
    },
    replication: {
      observedAt: new Date(now - HOUR).toISOString(),
      standbyConnected: false,
    },
  };
}

describe('TopologyCard', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  let requests: number;

  const serve = (body: TargetTopologyResponse | { status: number }) => {
    requests = 0;
    server.use(
      http.get(TOPOLOGY, () => {
        requests++;
        return 'status' in body
          ? HttpResponse.json(
              { error: { name: 'Error', message: 'store unavailable' } },
              { status: body.status },
            )
          : HttpResponse.json(body);
      }),
    );
  };

  const render = (entity: Entity = database) =>
    renderInTestApp(<TopologyCard entity={entity} />, { apis: [clientApi()] });

  it('shows the promoted server, the run that promoted it and that a reprotect is needed', async () => {
    serve(afterFailover());
    await render();
    expect(await screen.findByText('Database topology')).toBeInTheDocument();
    expect(
      screen.getByText('db-b.internal:5433 (configured standby)'),
    ).toBeInTheDocument();
    expect(
      screen.getByLabelText('No standby — reprotect needed (status fail)'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /by failover run run-fo-1 · started by user:default\/oncall/,
      ),
    ).toBeInTheDocument();
  });

  it('shows a streaming standby with its lag, in the configured roles', async () => {
    serve({
      target: 'orders',
      databaseRef: 'resource:default/orders-db',
      primary: { configured: 'primary', host: 'db-a.internal', port: 5432 },
      standby: { configured: 'standby', host: 'db-b.internal', port: 5433 },
      standbyConfigured: true,
      reprotectNeeded: false,
      replication: {
        observedAt: new Date().toISOString(),
        standbyConnected: true,
        replayLagSeconds: 2,
      },
    });
    await render();
    expect(
      await screen.findByText('db-b.internal:5433 (configured standby)'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('db-a.internal:5432 (configured primary)'),
    ).toBeInTheDocument();
    expect(
      screen.getByLabelText('Streaming (status pass)'),
    ).toBeInTheDocument();
    expect(screen.getByText(/replay lag 2s/)).toBeInTheDocument();
    expect(
      screen.getByText('Never: the servers have their configured roles'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/reprotect needed/)).not.toBeInTheDocument();
  });

  it('shows the error when the topology cannot be read', async () => {
    serve({ status: 500 });
    await render();
    expect(
      await screen.findByText(/Could not load the database topology/),
    ).toBeInTheDocument();
    expect(screen.getAllByText(/store unavailable/).length).toBeGreaterThan(0);
  });

  it('asks nothing and renders nothing for an entity without a database target', async () => {
    serve(afterFailover());
    await render({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'storefront', namespace: 'default' },
      spec: { type: 'service', owner: 'group:default/team-a' },
    });
    // give a wrongly made request the time to be answered and rendered
    await new Promise(resolve => setTimeout(resolve, 200));
    expect(screen.queryByText('Database topology')).not.toBeInTheDocument();
    expect(requests).toBe(0);
  });
});
