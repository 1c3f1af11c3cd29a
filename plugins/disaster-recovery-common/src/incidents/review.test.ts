import { defaultPolicy } from '../policy/readPolicy';
import { incidentReviewFileName, renderIncidentReviewMarkdown } from './review';
import { IncidentReview } from './types';

const review = (more: Partial<IncidentReview> = {}): IncidentReview => ({
  incident: {
    id: 'INC-2026-007',
    severity: 'SEV-0',
    title: 'Primary database down',
    status: 'resolved',
    impact: 'Checkout unavailable | all regions',
    affected: {
      tenants: ['resource:default/acme', 'resource:default/globex'],
      systems: [],
      databases: ['resource:default/ecommerce-db'],
    },
    startedAt: '2026-01-22T10:30:00.000Z',
    declaredAt: '2026-01-22T10:35:00.000Z',
    declaredBy: 'user:default/jane.doe',
    roles: { 'technical-lead': 'user:default/john.roe' },
    lastUpdateAt: '2026-01-22T14:45:00.000Z',
    acknowledgedAt: '2026-01-22T10:38:30.000Z',
    resolvedAt: '2026-01-22T14:45:00.000Z',
    rootCause: 'Disk full on the primary',
    drill: false,
  },
  openedAt: '2026-01-22T14:45:00.000Z',
  openedBy: 'user:default/john.roe',
  timeline: [
    {
      id: '1',
      incidentId: 'INC-2026-007',
      type: 'declared',
      at: '2026-01-22T10:35:00.000Z',
      actor: 'user:default/jane.doe',
      status: 'investigating',
      message: 'SEV-0: Primary database down',
    },
    {
      id: '2',
      incidentId: 'INC-2026-007',
      type: 'escalated',
      at: '2026-01-22T10:45:00.000Z',
      actor: 'system',
      role: 'technical-lead',
      step: 1,
    },
  ],
  runs: [
    {
      id: 'run-9',
      operation: 'failover',
      entityRef: 'resource:default/ecommerce-db',
      purpose: 'recovery',
      status: 'succeeded',
      initiatedBy: 'user:default/john.roe',
      startedAt: '2026-01-22T11:00:00.000Z',
      achievedRtoSeconds: 6300,
      dataLossSeconds: 4.2,
    },
    {
      id: 'run-8',
      operation: 'restore',
      entityRef: 'resource:default/ecommerce-db',
      status: 'failed',
      initiatedBy: 'user:default/john.roe',
      startedAt: '2026-01-22T10:50:00.000Z',
    },
  ],
  actionItems: [
    {
      id: '1',
      text: 'Alert on disk usage',
      owner: 'group:default/dba',
      addedAt: '2026-01-22T15:00:00.000Z',
      addedBy: 'user:default/john.roe',
    },
  ],
  ...more,
});

describe('renderIncidentReviewMarkdown', () => {
  it('renders the incident, its runs, timeline and action items in the test report layout', () => {
    const md = renderIncidentReviewMarkdown(review(), {
      severityLevels: defaultPolicy.severityLevels,
    });
    expect(
      md.startsWith(
        '# Post-incident review: INC-2026-007 – Primary database down\n',
      ),
    ).toBe(true);
    expect(md).toContain('| Duration | 4 hours 15 minutes |');
    // acknowledged 3m 30s after the declaration; no status update was posted
    expect(md).toContain('| Time to acknowledge | 3m 30s |');
    expect(md).toContain('| Time to first update | – |');
    expect(md).toContain('| Severity | SEV-0 - ');
    expect(md).toContain('| Impact | Checkout unavailable \\| all regions |');
    expect(md).toContain('| Affected tenants | 2: acme, globex |');
    expect(md).toContain(
      '| Participants | user:default/jane.doe, user:default/john.roe |',
    );
    expect(md).toContain(
      '| `run-9` | failover | resource:default/ecommerce-db | recovery | succeeded | 2026-01-22 11:00:00 UTC | 1h 45m | 4.2 s |',
    );
    expect(md).toContain(
      '| 2026-01-22 10:45:00 UTC | escalated | system | technical-lead |',
    );
    expect(md).toContain('- Root cause: Disk full on the primary');
    expect(md).toContain(
      '- Recovery run run-8 (restore of resource:default/ecommerce-db) ended failed',
    );
    expect(md).toContain(
      '## Action items\n\n- [ ] Alert on disk usage (owner: group:default/dba)',
    );
    for (const heading of [
      '## Recovery runs',
      '## Timeline',
      '## Review checklist',
      '## Issues identified',
      '## Sign-off',
    ]) {
      expect(md).toContain(heading);
    }
  });

  it('says when no run named the incident and no action item was added', () => {
    const md = renderIncidentReviewMarkdown(
      review({ runs: [], actionItems: [] }),
    );
    expect(md).toContain(
      '## Recovery runs\n\nNo recovery run named this incident.',
    );
    expect(md).toContain('## Action items\n\nNone.');
    expect(md).toContain('| Severity | SEV-0 |');
  });

  it('names the download after the incident', () => {
    expect(incidentReviewFileName(review())).toBe(
      'post-incident-review-INC-2026-007.md',
    );
  });
});
