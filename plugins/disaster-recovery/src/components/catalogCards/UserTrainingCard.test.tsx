import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { Entity } from '@backstage/catalog-model';
import {
  mockApis,
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { identityApiRef } from '@backstage/core-plugin-api';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import type { TrainingStatusResponse } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { BASE, clientApi, mountedRoutes } from '../../__testUtils__/fixtures';
import { UserTrainingCard } from './UserTrainingCard';

const SLOW = { timeout: 10_000 };

const jane: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: 'jane.doe', namespace: 'default' },
  spec: { memberOf: ['group:default/dba'] },
};

const status: TrainingStatusResponse = {
  person: 'user:default/jane.doe',
  groups: ['group:default/dba'],
  roles: ['incident-commander'],
  evaluatedAt: '2026-12-03T12:00:00.000Z',
  current: false,
  missing: ['tabletop', 'dr-awareness'],
  due: ['quarterly-dr-procedures'],
  courses: [
    {
      course: 'quarterly-dr-procedures',
      title: 'Quarterly DR procedures',
      state: 'due',
      requiredBecause: ['role:incident-commander'],
      completed: '2026-09-10',
      expiresAt: '2026-12-10T00:00:00.000Z',
    },
    {
      course: 'onboarding',
      title: 'DR onboarding',
      state: 'done',
      requiredBecause: ['everyone'],
      completed: '2025-01-15',
    },
    {
      course: 'tabletop',
      title: 'Tabletop exercise',
      state: 'expired',
      requiredBecause: ['group:default/dba'],
      completed: '2025-10-01',
      expiresAt: '2026-10-01T00:00:00.000Z',
    },
    {
      course: 'dr-awareness',
      state: 'missing',
      requiredBecause: ['everyone'],
    },
  ],
};

function render(signedIn: string) {
  return renderInTestApp(
    <EntityProvider entity={jane}>
      <UserTrainingCard />
    </EntityProvider>,
    {
      apis: [
        clientApi(),
        [identityApiRef, mockApis.identity({ userEntityRef: signedIn })],
      ],
      mountedRoutes,
    },
  );
}

describe('UserTrainingCard', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  let asked: string[];

  beforeEach(() => {
    asked = [];
    server.use(
      http.get(`${BASE}/training-status/:namespace/:name`, ({ params }) => {
        asked.push(`${params.namespace}/${params.name}`);
        return HttpResponse.json(status);
      }),
    );
  });

  it("shows the user's own courses as My DR training, each with its state and dates", async () => {
    await render('user:default/jane.doe');
    const table = await screen.findByRole(
      'table',
      { name: 'My DR training' },
      SLOW,
    );
    expect(asked).toEqual(['default/jane.doe']);
    expect(
      screen.getByText(
        '1 valid, 1 expiring soon, 1 expired, 1 missing · as of',
        { exact: false },
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Response roles: incident-commander'),
    ).toBeInTheDocument();

    const row = (course: string) =>
      within(within(table).getByTestId(`training-${course}`));
    expect(
      row('quarterly-dr-procedures').getByText('Expires soon'),
    ).toBeInTheDocument();
    expect(
      row('quarterly-dr-procedures').getByText('2026-09-10'),
    ).toBeInTheDocument();
    expect(
      row('quarterly-dr-procedures').getByText('2026-12-10'),
    ).toBeInTheDocument();
    expect(
      row('quarterly-dr-procedures').getByText('role incident-commander'),
    ).toBeInTheDocument();
    // a course that never expires reads valid, with no expiry
    expect(row('onboarding').getByText('Valid')).toBeInTheDocument();
    expect(row('onboarding').getByText('never')).toBeInTheDocument();
    expect(row('tabletop').getByText('Expired')).toBeInTheDocument();
    expect(row('tabletop').getByText('2026-10-01')).toBeInTheDocument();
    expect(row('tabletop').getByText('dba')).toBeInTheDocument();
    expect(row('dr-awareness').getByText('Missing')).toBeInTheDocument();
    expect(row('dr-awareness').getByText('dr-awareness')).toBeInTheDocument();
  });

  it("titles another person's card DR training", async () => {
    await render('user:default/someone.else');
    expect(
      await screen.findByRole('table', { name: 'DR training' }, SLOW),
    ).toBeInTheDocument();
  });

  it('says so when the backend cannot tell', async () => {
    server.use(
      http.get(`${BASE}/training-status/:namespace/:name`, () =>
        HttpResponse.json(
          { error: { name: 'NotFoundError', message: 'no such user' } },
          { status: 404 },
        ),
      ),
    );
    await render('user:default/jane.doe');
    expect(
      (
        await screen.findAllByText(
          /Could not load the training status/,
          undefined,
          SLOW,
        )
      )[0],
    ).toBeInTheDocument();
  });
});
