import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { BASE, clientApi, mountedRoutes } from '../../__testUtils__/fixtures';
import { drillCalendarResponse } from '../../__testUtils__/fleet';
import { DrHomeSummary } from './DrHomeSummary';

const SLOW = { timeout: 10_000 };

describe('DrHomeSummary', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  let fleetQueries: URLSearchParams[];
  let incidentStates: Array<string | null>;

  beforeEach(() => {
    fleetQueries = [];
    incidentStates = [];
    server.use(
      http.get(`${BASE}/fleet`, ({ request }) => {
        const params = new URL(request.url).searchParams;
        fleetQueries.push(params);
        // the training figure asks for the entities failing the owner-training check
        if (params.get('failingCheck') === 'owner-training') {
          return HttpResponse.json({
            items: [],
            totalItems: 12,
            counts: { pass: 0, warn: 0, fail: 12, unknown: 0 },
          });
        }
        return HttpResponse.json({
          items: [],
          totalItems: 1037,
          counts: { pass: 624, warn: 207, fail: 103, unknown: 103 },
        });
      }),
      http.get(`${BASE}/incidents`, ({ request }) => {
        incidentStates.push(new URL(request.url).searchParams.get('state'));
        return HttpResponse.json({
          items: [
            {
              id: 'INC-2026-007',
              severity: 'SEV-1',
              title: 'Primary database unreachable',
            },
          ],
          totalItems: 2,
          offset: 0,
          limit: 3,
        });
      }),
      http.get(`${BASE}/drills/calendar`, () =>
        HttpResponse.json(drillCalendarResponse),
      ),
    );
  });

  it('shows the live fleet numbers from the API', async () => {
    await renderInTestApp(<DrHomeSummary />, {
      apis: [clientApi()],
      mountedRoutes,
    });
    expect(
      await screen.findByTestId('home-count-pass', undefined, SLOW),
    ).toHaveTextContent('624');
    expect(screen.getByTestId('home-count-warn')).toHaveTextContent('207');
    expect(screen.getByTestId('home-count-fail')).toHaveTextContent('103');
    expect(screen.getByTestId('home-count-unknown')).toHaveTextContent('103');
    expect(
      screen.getByText(/103 of 1037 entities breach an objective now/),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Open the fleet posture' }),
    ).toHaveAttribute('href', '/disaster-recovery');

    const incidents = await screen.findByTestId(
      'home-open-incidents',
      undefined,
      SLOW,
    );
    expect(incidents).toHaveTextContent('2 open incidents');
    expect(incidentStates).toEqual(['open']);
    expect(
      screen.getByText('INC-2026-007 SEV-1: Primary database unreachable'),
    ).toBeInTheDocument();

    // 37 overdue in one scenario, none in the other; 100 due
    const drills = await screen.findByTestId(
      'home-drills-overdue',
      undefined,
      SLOW,
    );
    expect(drills).toHaveTextContent('37 drills overdue');
    expect(
      screen.getByText(
        '100 due and 1037 never drilled, over 2 scenarios of 1037 entities',
      ),
    ).toBeInTheDocument();

    const training = await screen.findByTestId(
      'home-training',
      undefined,
      SLOW,
    );
    expect(within(training).getByText('12')).toBeInTheDocument();
    expect(
      fleetQueries.some(
        q =>
          q.get('failingCheck') === 'owner-training' &&
          q.get('status') === 'fail',
      ),
    ).toBe(true);
  });

  it('says so when the backend fails, without hiding the other numbers', async () => {
    server.use(
      http.get(`${BASE}/incidents`, () =>
        HttpResponse.json(
          { error: { name: 'Error', message: 'boom' } },
          { status: 500 },
        ),
      ),
    );
    await renderInTestApp(<DrHomeSummary />, {
      apis: [clientApi()],
      mountedRoutes,
    });
    expect(
      (
        await screen.findAllByText(/Could not load incidents/, undefined, SLOW)
      )[0],
    ).toBeInTheDocument();
    expect(
      await screen.findByTestId('home-count-pass', undefined, SLOW),
    ).toHaveTextContent('624');
  });
});
