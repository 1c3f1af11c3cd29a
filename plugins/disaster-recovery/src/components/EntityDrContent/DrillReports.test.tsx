import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  buildDrillReport,
  RecoveryRun,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { DrillReports, drillReportsOf } from './DrillReports';

function drillRun(id: string, date: string, rtoMs: number): RecoveryRun {
  const report = buildDrillReport({
    runId: id,
    kind: 'restore',
    scenario: { id: 'database-corruption', title: 'Database corruption' },
    entityRef: 'resource:default/ecommerce-db',
    target: 'ecommerce',
    startedAt: date,
    finishedAt: new Date(Date.parse(date) + 12_000).toISOString(),
    initiatedBy: 'user:default/jane.doe',
    participants: ['user:default/john.roe'],
    targets: { rtoMs: 7_200_000, rpoMs: 300_000, rtoText: '2h', rpoText: '5m' },
    achievedRtoMs: rtoMs,
    dataLossMs: 90_000,
    validation: { target: 'statistics', passed: true, detail: 'equal' },
    cleanup: { passed: true, detail: 'removed database x' },
    steps: [],
    actionItems: ['Review the runbook'],
  });
  return {
    id,
    operation: 'drill',
    entityRef: 'resource:default/ecommerce-db',
    target: 'ecommerce',
    initiatedBy: 'user:default/jane.doe',
    purpose: 'drill',
    scenario: 'database-corruption',
    status: 'succeeded',
    dryRun: false,
    startedAt: date,
    steps: [],
    output: { report },
  };
}

describe('DrillReports', () => {
  const runs = [
    drillRun('old', '2026-11-01T10:00:00.000Z', 9_000_000),
    drillRun('new', '2026-11-20T10:00:00.000Z', 11_000),
    { ...drillRun('plan', '2026-11-21T10:00:00.000Z', 1), dryRun: true },
    {
      ...drillRun('restore', '2026-11-22T10:00:00.000Z', 1),
      operation: 'restore',
    },
  ];

  it('keeps only the reports of executed drills, newest first', () => {
    expect(drillReportsOf(runs).map(r => r.runId)).toEqual(['new', 'old']);
  });

  it('shows the newest report open with target against achieved, and downloads it as Markdown', async () => {
    const created: Blob[] = [];
    const createObjectURL = jest.fn((b: Blob) => {
      created.push(b);
      return 'blob:report';
    });
    Object.assign(URL, { createObjectURL, revokeObjectURL: jest.fn() });
    await renderInTestApp(<DrillReports runs={runs} />);
    const results = screen.getByRole('table', {
      name: 'Results of the drill new',
    });
    const rto = within(results)
      .getByText('Recover within the recovery time objective')
      .closest('tr')!;
    expect(within(rto).getByText('≤ 2h')).toBeInTheDocument();
    expect(within(rto).getByText('11.0 s')).toBeInTheDocument();
    expect(within(rto).getByText('Pass')).toBeInTheDocument();
    expect(screen.getByText(/Review the runbook/)).toBeInTheDocument();
    // the older drill missed its RTO: its summary says so
    expect(screen.getAllByText('Fail').length).toBeGreaterThan(0);

    await userEvent.click(
      screen.getByRole('button', {
        name: 'Download the report of the drill new as Markdown',
      }),
    );
    expect(created).toHaveLength(1);
    const text = await created[0].text();
    expect(text).toContain(
      '# DR test report: Restore drill – Database corruption',
    );
    expect(text).toContain('| Result | **PASS** |');
  });

  it('renders nothing without drill reports', async () => {
    const { container } = await renderInTestApp(<DrillReports runs={[]} />);
    expect(container.textContent).toBe('');
  });
});
