import { buildDrillReport, DrillReportInput } from './report';
import {
  renderDrillReportMarkdown,
  drillReportFileName,
} from './reportMarkdown';

const input = (more: Partial<DrillReportInput> = {}): DrillReportInput => ({
  runId: 'run-1',
  kind: 'restore',
  scenario: { id: 'database-corruption', title: 'Database corruption' },
  entityRef: 'resource:default/ecommerce-db',
  target: 'ecommerce',
  startedAt: '2026-12-03T14:00:00.000Z',
  finishedAt: '2026-12-03T14:00:42.350Z',
  initiatedBy: 'user:default/jane.doe',
  participants: ['user:default/john.roe', 'user:default/jane.doe'],
  targets: { rtoMs: 7_200_000, rpoMs: 300_000, rtoText: '2h', rpoText: '5m' },
  achievedRtoMs: 38_200,
  dataLossMs: 120_000,
  restorePoint: '2026-12-03T13:58:00.000Z',
  validation: {
    target: "row counts per table within tolerance of the source's statistics",
    passed: true,
    detail: '12 tables, 15000 rows as expected',
  },
  cleanup: { passed: true, detail: 'dropped database ecommerce_drill_x' },
  steps: [
    {
      id: 'restore',
      title: 'Restore | into scratch',
      status: 'succeeded',
      startedAt: '2026-12-03T14:00:01.000Z',
      finishedAt: '2026-12-03T14:00:30.000Z',
      durationSeconds: 29,
    },
  ],
  ...more,
});

describe('buildDrillReport', () => {
  it('passes a drill that met every target, with the initiator first among the participants', () => {
    const report = buildDrillReport(input());
    expect(report.result).toBe('pass');
    expect(report.participants).toEqual([
      'user:default/jane.doe',
      'user:default/john.roe',
    ]);
    expect(report.durationSeconds).toBe(42.4);
    expect(report.results.map(r => [r.id, r.result])).toEqual([
      ['rto', 'pass'],
      ['rpo', 'pass'],
      ['validation', 'pass'],
      ['cleanup', 'pass'],
    ]);
    expect(report.results[0]).toMatchObject({
      target: '≤ 2h',
      achieved: '38.2 s',
      achievedMs: 38_200,
    });
    expect(report.issues).toEqual([]);
  });

  it('fails a drill over its RTO and says so in the issues', () => {
    const report = buildDrillReport(
      input({
        targets: { rtoMs: 1000, rpoMs: 300_000, rtoText: '1s', rpoText: '5m' },
      }),
    );
    expect(report.result).toBe('fail');
    expect(report.results.find(r => r.id === 'rto')!.result).toBe('fail');
    expect(report.issues).toEqual([
      'Recover within the recovery time objective: 38.2 s, target ≤ 1s.',
    ]);
  });

  it('fails objectives a failed drill never reached, and lists the failure and warnings as issues', () => {
    const report = buildDrillReport(
      input({
        achievedRtoMs: undefined,
        validation: undefined,
        failure: 'pg_restore exited with 1',
        warnings: ['checksum: the backup has no SHA-256'],
        actionItems: ['Add SHA-256 to backups'],
      }),
    );
    expect(report.result).toBe('fail');
    expect(report.results.find(r => r.id === 'rto')!.achieved).toBe(
      'not reached',
    );
    expect(report.issues[0]).toBe('The drill failed: pg_restore exited with 1');
    expect(report.issues).toContain(
      'Warning: checksum: the backup has no SHA-256',
    );
    expect(report.actionItems).toEqual(['Add SHA-256 to backups']);
  });
});

describe('renderDrillReportMarkdown', () => {
  it('renders the plan test report structure with escaped cells', () => {
    const md = renderDrillReportMarkdown(
      buildDrillReport(input({ actionItems: ['Review | the runbook'] })),
    );
    expect(md).toContain(
      '# DR test report: Restore drill – Database corruption',
    );
    expect(md).toContain('| Date | 2026-12-03 14:00:00 UTC |');
    expect(md).toContain('| Duration | 42.4 s |');
    expect(md).toContain(
      '| Participants | user:default/jane.doe, user:default/john.roe |',
    );
    expect(md).toContain('| Result | **PASS** |');
    expect(md).toContain(
      '| Recover within the recovery time objective | ≤ 2h | 38.2 s | pass |',
    );
    expect(md).toContain('| Restore \\| into scratch | succeeded |');
    expect(md).toContain('## Issues found\n\nNone.');
    expect(md).toContain('- [ ] Review | the runbook');
    for (const heading of [
      '## Objectives',
      '## Results',
      '## Steps',
      '## Action items',
    ]) {
      expect(md).toContain(heading);
    }
  });

  it('marks failed objectives and the failed result', () => {
    const md = renderDrillReportMarkdown(
      buildDrillReport(input({ cleanup: { passed: false, detail: 'x' } })),
    );
    expect(md).toContain('| Result | **FAIL** |');
    expect(md).toContain(
      '| Leave nothing behind | every artefact the drill created removed | x | **fail** |',
    );
  });

  it('names the download after kind, scenario and date', () => {
    expect(drillReportFileName(buildDrillReport(input()))).toBe(
      'dr-drill-restore-database-corruption-2026-12-03.md',
    );
  });
});
