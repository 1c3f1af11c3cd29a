import type { IncidentItem } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { drillResponseText } from './drillResponse';

const drill: IncidentItem = {
  id: 'INC-2026-004',
  severity: 'SEV-1',
  title: 'Quarterly team response drill',
  status: 'resolved',
  impact: 'None (drill)',
  affected: { tenants: [], systems: [], databases: [] },
  startedAt: '2026-01-22T10:30:00.000Z',
  declaredAt: '2026-01-22T10:30:00.000Z',
  declaredBy: 'user:default/jane',
  roles: {},
  lastUpdateAt: '2026-01-22T10:41:00.000Z',
  drill: true,
};

describe('drillResponseText', () => {
  it('says how long the drill took to acknowledge and to post its first update', () => {
    expect(
      drillResponseText({
        ...drill,
        acknowledgedAt: '2026-01-22T10:34:00.000Z',
        firstUpdateAt: '2026-01-22T10:41:00.000Z',
      }),
    ).toBe('acknowledged after 4m, first update after 11m');
    expect(drillResponseText(drill)).toBe(
      'acknowledged not yet, first update not yet',
    );
  });
});
