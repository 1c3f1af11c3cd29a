import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { mountedRoutes } from '../../__testUtils__/fixtures';
import { IncidentReliabilityChart } from './IncidentReliabilityChart';

describe('IncidentReliabilityChart', () => {
  it('charts MTTR and MTBF per tier, described in words, and lists tenants', async () => {
    await renderInTestApp(
      <IncidentReliabilityChart
        windowDays={30}
        metrics={{
          incidents: 3,
          resolved: 2,
          mttrSeconds: 5400,
          mtbfSeconds: 10 * 86400,
          byTier: [
            {
              tier: 'critical',
              incidents: 1,
              resolved: 1,
              mttrSeconds: 3600,
              mtbfSeconds: 30 * 86400,
            },
            {
              tier: 'standard',
              incidents: 2,
              resolved: 1,
              mttrSeconds: 7200,
              mtbfSeconds: 15 * 86400,
            },
          ],
          byTenant: [
            {
              entityRef: 'resource:default/globex',
              tier: 'standard',
              incidents: 2,
              resolved: 1,
              mttrSeconds: 7200,
              mtbfSeconds: 15 * 86400,
            },
          ],
          moreTenants: 4,
        }}
      />,
      { mountedRoutes },
    );
    expect(
      screen.getByRole('img', { name: 'MTTR and MTBF per tier chart' }),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        '3 incidents: tier critical MTTR 1h, MTBF 30d (1 incident); tier standard MTTR 2h, MTBF 15d (2 incidents).',
      ),
    ).toBeInTheDocument();
    const table = screen.getByRole('table', { name: 'Incidents per tenant' });
    expect(
      within(table).getByText('resource:default/globex'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/and 4 more tenants with incidents/),
    ).toBeInTheDocument();
  });

  it('says so when there was no incident', async () => {
    await renderInTestApp(
      <IncidentReliabilityChart
        windowDays={90}
        metrics={{
          incidents: 0,
          resolved: 0,
          mttrSeconds: null,
          mtbfSeconds: null,
          byTier: [],
          byTenant: [],
          moreTenants: 0,
        }}
      />,
    );
    expect(screen.getByText('No incident in the window')).toBeInTheDocument();
  });
});
