import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { Entity } from '@backstage/catalog-model';
import {
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import type { RecoveryWindowResponse } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { BASE, clientApi, HOUR } from '../../__testUtils__/fixtures';
import { formatTimestamp } from '../common';
import { RecoveryWindowCard } from './RecoveryWindowCard';

const tenant: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'tenant-a', namespace: 'default' },
  spec: { type: 'tenant', owner: 'group:default/team-a' },
};

const WINDOW_URL = `${BASE}/entities/resource/default/tenant-a/recovery-window`;

function window(now = Date.now()): RecoveryWindowResponse {
  return {
    target: 'orders',
    databaseRef: 'resource:default/orders-db',
    observedAt: new Date(now).toISOString(),
    pitr: {
      available: true,
      stanza: 'main',
      earliest: new Date(now - 48 * HOUR).toISOString(),
      latest: new Date(now - 60_000).toISOString(),
      latestSource: 'archiver',
    },
    dumps: [
      {
        key: 'orders/b.dump',
        takenAt: new Date(now - HOUR).toISOString(),
        verification: {
          status: 'pass',
          verifiedAt: new Date(now).toISOString(),
        },
      },
      { key: 'orders/a.dump', takenAt: new Date(now - 2 * HOUR).toISOString() },
    ],
    totalDumps: 30,
    oldestDumpAt: new Date(now - 30 * HOUR).toISOString(),
  };
}

describe('RecoveryWindowCard', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  let requests: number;

  const serve = (body: RecoveryWindowResponse) => {
    requests = 0;
    server.use(
      http.get(WINDOW_URL, () => {
        requests++;
        return HttpResponse.json(body);
      }),
    );
  };

  it('shows the PITR range from pgBackRest and the dump times', async () => {
    const body = window();
    serve(body);
    await renderInTestApp(<RecoveryWindowCard entity={tenant} />, {
      apis: [clientApi()],
    });
    expect(await screen.findByText('Recoverable window')).toBeInTheDocument();
    expect(
      screen.getByLabelText('Available (status pass)'),
    ).toBeInTheDocument();
    const pitr = body.pitr as Extract<typeof body.pitr, { available: true }>;
    expect(
      screen.getByText(formatTimestamp(pitr.earliest)),
    ).toBeInTheDocument();
    expect(screen.getByText(formatTimestamp(pitr.latest))).toBeInTheDocument();
    expect(
      screen.getByText(/stanza main; the latest is the last archived WAL/),
    ).toBeInTheDocument();
    expect(screen.getByText(/^30 indexed, newest/)).toBeInTheDocument();
    expect(
      screen.getByText(/orders\/b\.dump \(verification pass\)/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/orders\/a\.dump \(not verified\)/),
    ).toBeInTheDocument();
  });

  it('says why there is no point-in-time restore', async () => {
    serve({
      ...window(),
      pitr: {
        available: false,
        reason: 'Target orders has no pgBackRest stanza',
      },
      dumps: [],
      totalDumps: 0,
      oldestDumpAt: undefined,
    });
    await renderInTestApp(<RecoveryWindowCard entity={tenant} />, {
      apis: [clientApi()],
    });
    expect(
      await screen.findByText('Target orders has no pgBackRest stanza'),
    ).toBeInTheDocument();
    expect(screen.getByText('No dump is indexed')).toBeInTheDocument();
  });

  it('asks nothing for a System', async () => {
    serve(window());
    await renderInTestApp(
      <RecoveryWindowCard
        entity={{
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'System',
          metadata: { name: 'shop', namespace: 'default' },
          spec: { owner: 'group:default/team-a' },
        }}
      />,
      { apis: [clientApi()] },
    );
    await new Promise(resolve => setTimeout(resolve, 200));
    expect(screen.queryByText('Recoverable window')).not.toBeInTheDocument();
    expect(requests).toBe(0);
  });
});
