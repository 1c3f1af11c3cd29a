import { screen, within } from '@testing-library/react';
import { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { mountedRoutes } from '../../__testUtils__/fixtures';
import { RunbookCard, formatCommand } from './RunbookCard';
import { VendorCard } from './VendorCard';
import { TrainingRecordCard } from './TrainingRecordCard';

const DAY = 86_400_000;
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function renderWith(entity: Entity, card: JSX.Element) {
  return renderInTestApp(
    <EntityProvider entity={entity}>{card}</EntityProvider>,
    {
      mountedRoutes,
    },
  );
}

describe('RunbookCard', () => {
  const runbook: Entity = {
    apiVersion: 'dr.platform.io/v1alpha1',
    kind: 'Runbook',
    metadata: { name: 'database-corruption' },
    spec: {
      owner: 'group:default/dba',
      scenarios: ['database-corruption'],
      appliesTo: ['system:default/ecommerce-platform'],
      lastReviewed: isoDate(Date.now() - 60 * DAY),
      reviewInterval: 'P1M',
      steps: [
        {
          title: 'Fence the old primary',
          text: 'Stop writes before promoting anything.',
          expectedDuration: 'PT5M',
          role: 'technical-lead',
        },
        {
          title: 'Promote the standby',
          command: ['pg_ctl', 'promote', '-D', '/var/lib/postgresql/data dir'],
          expectedDuration: '2m',
          role: 'devops-lead',
        },
      ],
    },
  };

  it('shows the ordered steps with role, duration and command', async () => {
    await renderWith(runbook, <RunbookCard />);
    const steps = await screen.findByRole('list', { name: 'Runbook steps' });
    expect(
      within(steps).getByText('1. Fence the old primary'),
    ).toBeInTheDocument();
    expect(
      within(steps).getByText('role: technical-lead · expected 5m'),
    ).toBeInTheDocument();
    expect(
      within(steps).getByText('2. Promote the standby'),
    ).toBeInTheDocument();
    expect(
      within(steps).getByText(
        "$ pg_ctl promote -D '/var/lib/postgresql/data dir'",
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('database-corruption')).toBeInTheDocument();
  });

  it('marks a review older than its interval as overdue', async () => {
    await renderWith(runbook, <RunbookCard />);
    const chip = await screen.findByText('Review fail');
    expect(chip.closest('[data-status]')).toHaveAttribute(
      'data-status',
      'fail',
    );
    expect(screen.getByText(/overdue since/)).toBeInTheDocument();
  });

  it('quotes arguments a shell would split', () => {
    expect(formatCommand(['psql', '-c', "select 'x'"])).toBe(
      `psql -c 'select '\\''x'\\'''`,
    );
  });
});

describe('VendorCard', () => {
  const vendor: Entity = {
    apiVersion: 'dr.platform.io/v1alpha1',
    kind: 'Vendor',
    metadata: { name: 'aws' },
    spec: {
      category: 'cloud',
      owner: 'group:default/platform',
      contacts: [
        {
          role: 'support',
          name: 'AWS Enterprise Support',
          phone: '+1 206 555 0100',
          email: 'support@example.com',
          supportTier: 'enterprise',
        },
      ],
      sla: { response: 'PT15M', resolution: 'PT4H', availability: 99.99 },
      alternatives: ['gcp'],
      contractReviewDue: isoDate(Date.now() + 10 * DAY),
    },
  };

  it('shows contacts, SLA, alternatives and contract review', async () => {
    await renderWith(vendor, <VendorCard />);
    const contacts = await screen.findByRole('table', {
      name: 'Vendor contacts',
    });
    expect(
      within(contacts).getByText('AWS Enterprise Support'),
    ).toBeInTheDocument();
    expect(
      within(contacts).getByText('+1 206 555 0100').closest('a'),
    ).toHaveAttribute('href', 'tel:+12065550100');
    expect(
      within(contacts).getByText('support@example.com').closest('a'),
    ).toHaveAttribute('href', 'mailto:support@example.com');
    expect(
      screen.getByText(
        'SLA: response 15m · resolution 4h · availability 99.99 %',
      ),
    ).toBeInTheDocument();
    // A bare ref in `alternatives` means a Vendor in the same namespace.
    expect(screen.getByRole('link', { name: /gcp/ })).toHaveAttribute(
      'href',
      '/catalog/default/vendor/gcp',
    );
    expect(
      screen.getByText('Contract review').closest('[data-status]'),
    ).toHaveAttribute('data-status', 'warn');
  });
});

describe('TrainingRecordCard', () => {
  const record = (expires: string | undefined): Entity => ({
    apiVersion: 'dr.platform.io/v1alpha1',
    kind: 'TrainingRecord',
    metadata: { name: 'jane-quarterly' },
    spec: {
      person: 'jane',
      course: 'quarterly-dr-procedures',
      completed: '2024-01-10',
      ...(expires ? { expires } : {}),
      evidence: 'https://lms.example.com/cert/123',
    },
  });

  it('shows an expired training as expired', async () => {
    await renderWith(record('2024-04-10'), <TrainingRecordCard />);
    const chip = await screen.findByText('Expired');
    expect(chip.closest('[data-status]')).toHaveAttribute(
      'data-status',
      'fail',
    );
    expect(screen.getByText('quarterly-dr-procedures')).toBeInTheDocument();
    expect(screen.getByText('Completed 2024-01-10')).toBeInTheDocument();
    expect(
      screen.getByText('https://lms.example.com/cert/123'),
    ).toBeInTheDocument();
    // A bare `person` means a User.
    expect(screen.getByRole('link', { name: /jane/ })).toHaveAttribute(
      'href',
      '/catalog/default/user/jane',
    );
  });

  it('shows a valid training as valid', async () => {
    await renderWith(
      record(isoDate(Date.now() + 200 * DAY)),
      <TrainingRecordCard />,
    );
    const chip = await screen.findByText('Valid');
    expect(chip.closest('[data-status]')).toHaveAttribute(
      'data-status',
      'pass',
    );
  });

  it('shows a training that never expires as valid, with no expiry', async () => {
    await renderWith(record(undefined), <TrainingRecordCard />);
    const chip = await screen.findByText('Valid');
    expect(chip.closest('[data-status]')).toHaveAttribute(
      'data-status',
      'pass',
    );
    expect(screen.getByText('Does not expire')).toBeInTheDocument();
    expect(screen.queryByText('Unknown')).not.toBeInTheDocument();
  });
});
