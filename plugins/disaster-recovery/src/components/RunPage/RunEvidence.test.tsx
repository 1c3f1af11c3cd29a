import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import type { RecoveryRun } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import {
  BASE,
  clientApi,
  mountedRoutes,
  recoveryRuns,
} from '../../__testUtils__/fixtures';
import { formatSeconds } from '../common';
import { RunEvidenceContent, auditTrailOf, purposeText } from './RunEvidence';

/** The fixture's restore, as a test of a tenant in a shared database with an accepted warning. */
function restoreRun(): RecoveryRun {
  const [run] = recoveryRuns();
  return {
    ...run,
    id: 'run-42',
    databaseRef: 'resource:default/orders-db',
    purpose: 'test',
    output: {
      newDatabase: 'orders_restore_20261203100000',
      cutOver: false,
      tables: 12,
      acceptedWarnings: [
        { id: 'checksum', status: 'warn', detail: 'no SHA-256 recorded' },
      ],
    },
  };
}

describe('run evidence page', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const serve = (run: RecoveryRun | { httpStatus: number }) =>
    server.use(
      http.get(`${BASE}/runs/run-42`, () =>
        'httpStatus' in run
          ? HttpResponse.json(
              { error: { name: 'NotFoundError', message: 'No run' } },
              { status: run.httpStatus },
            )
          : HttpResponse.json(run),
      ),
    );

  it('shows the run, its purpose, the entity it acted on, steps, outputs, accepted warnings and audit trail', async () => {
    serve(restoreRun());
    await renderInTestApp(<RunEvidenceContent runId="run-42" />, {
      apis: [clientApi()],
      mountedRoutes,
    });
    expect(await screen.findByText('Recovery run run-42')).toBeInTheDocument();
    expect(
      screen.getByText('test: counts for verification checks and drill checks'),
    ).toBeInTheDocument();
    // the tenant it was asked for, and the shared database it acted on, as catalog links
    expect(
      screen.getByRole('link', { name: 'resource:default/tenant-acme' }),
    ).toHaveAttribute('href', '/catalog/default/resource/tenant-acme');
    expect(
      screen.getByRole('link', { name: 'resource:default/orders-db' }),
    ).toBeInTheDocument();
    expect(
      screen.getByText(new RegExp(`took ${formatSeconds(5 * 3600)}$`)),
    ).toBeInTheDocument();

    const steps = screen.getByRole('table', { name: 'Steps of run run-42' });
    expect(
      within(steps).getByText(
        'Restore newest verified dump into a new database',
      ),
    ).toBeInTheDocument();
    expect(within(steps).getByText('12m 34s')).toBeInTheDocument();

    const outputs = screen.getByRole('table', { name: 'Outputs' });
    expect(
      within(outputs).getByText('orders_restore_20261203100000'),
    ).toBeInTheDocument();
    expect(within(outputs).queryByText('acceptedWarnings')).toBeNull();

    expect(
      within(
        screen.getByRole('list', { name: 'Accepted warnings and risks' }),
      ).getByText('checksum · warn · no SHA-256 recorded'),
    ).toBeInTheDocument();

    const audit = screen.getByRole('table', { name: 'Audit trail' });
    const rows = within(audit).getAllByRole('row');
    expect(rows[0]).toHaveTextContent(
      'recovery-operation requestedstart restore of resource:default/tenant-acme by user:default/oncall',
    );
    expect(rows[rows.length - 1]).toHaveTextContent(
      'recovery-operation succeededrun succeeded · accepted: checksum · warn · no SHA-256 recorded',
    );
  });

  it('says so when there is no such run', async () => {
    serve({ httpStatus: 404 });
    await renderInTestApp(<RunEvidenceContent runId="run-42" />, {
      apis: [clientApi()],
      mountedRoutes,
    });
    expect(
      await screen.findByText('No recovery run run-42'),
    ).toBeInTheDocument();
  });

  it('names what a purpose counts for, and that a dry run counts for nothing', () => {
    const run = restoreRun();
    expect(purposeText({ ...run, purpose: 'recovery' })).toBe(
      'recovery: counts for recovery objectives (achieved RTO, data loss) and MTTR and MTBF',
    );
    expect(purposeText({ ...run, dryRun: true })).toBe(
      'dry run: a plan, counts for nothing',
    );
  });

  it('orders the audit trail by time, with a failed run closing it with its error', () => {
    const run = {
      ...restoreRun(),
      status: 'failed' as const,
      error: 'pg_restore exited with 1',
      output: {},
    };
    const trail = auditTrailOf(run);
    expect(trail.map(e => e.event)).toEqual([
      'recovery-operation requested',
      'step restore started',
      'step restore succeeded',
      'step verify started',
      'step verify succeeded',
      'recovery-operation failed',
    ]);
    expect(trail[trail.length - 1].detail).toBe(
      'run failed · pg_restore exited with 1',
    );
  });
});
