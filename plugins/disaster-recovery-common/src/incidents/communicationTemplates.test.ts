import { defaultPolicy } from '../policy/readPolicy';
import {
  DEFAULT_INCIDENT_TEMPLATES,
  formatIncidentDuration,
  renderIncidentTemplate,
} from './communicationTemplates';
import { IncidentItem } from './types';

const incident: IncidentItem = {
  id: 'INC-2026-001',
  severity: 'SEV-0',
  title: 'Platform-wide outage',
  status: 'investigating',
  impact: 'Platform unavailable, all tenants affected',
  affected: {
    tenants: ['resource:default/acme', 'resource:default/globex'],
    systems: [],
    databases: [],
  },
  startedAt: '2026-01-22T10:30:00.000Z',
  declaredAt: '2026-01-22T10:32:00.000Z',
  declaredBy: 'user:default/john.smith',
  roles: {},
  lastUpdateAt: '2026-01-22T10:32:00.000Z',
  drill: false,
};
const options = {
  severityLevels: defaultPolicy.severityLevels,
  now: new Date('2026-01-22T10:40:00Z'),
  tenantNames: { 'resource:default/acme': 'Acme Corp' },
};

describe('renderIncidentTemplate', () => {
  it("renders the plan's initial notification", () => {
    expect(
      renderIncidentTemplate(
        'initial',
        DEFAULT_INCIDENT_TEMPLATES.initial,
        incident,
        options,
      ),
    ).toBe(`## Initial Incident Notification

**Incident ID**: INC-2026-001
**Severity**: SEV-0 - Critical
**Start Time**: 2026-01-22 10:30 UTC
**Impact**: Platform unavailable, all tenants affected
**Affected Tenants**: 2 tenants: Acme Corp, globex
**Status**: Investigating

We are currently experiencing an incident: Platform-wide outage. Our team is actively investigating the issue. We will provide updates every 15 minutes.
`);
  });

  it("renders the plan's resolution notification with its duration", () => {
    const resolved: IncidentItem = {
      ...incident,
      status: 'resolved',
      resolvedAt: '2026-01-22T14:45:00.000Z',
      rootCause: 'Database connection pool exhaustion',
      affected: { ...incident.affected, tenants: ['resource:default/acme'] },
    };
    expect(
      renderIncidentTemplate(
        'resolution',
        DEFAULT_INCIDENT_TEMPLATES.resolution,
        resolved,
        options,
      ),
    ).toBe(`## Resolution Notification

**Incident ID**: INC-2026-001
**Severity**: SEV-0 - Critical
**Start Time**: 2026-01-22 10:30 UTC
**Resolution Time**: 2026-01-22 14:45 UTC
**Duration**: 4 hours 15 minutes
**Impact**: Platform unavailable, all tenants affected
**Affected Tenants**: 1 tenant: Acme Corp
**Root Cause**: Database connection pool exhaustion
**Status**: Resolved

The platform has been fully restored. We apologize for the extended downtime. A post-incident review will be conducted to prevent recurrence.
`);
  });

  it('refuses an unknown field, and a field without a value, naming them', () => {
    expect(() =>
      renderIncidentTemplate(
        'custom',
        '**Owner**: {{owner}} {{ severity }}',
        incident,
        options,
      ),
    ).toThrow(
      /^Template custom names unknown field \{\{owner\}\}; known fields: id, title/,
    );
    expect(() =>
      renderIncidentTemplate(
        'resolution',
        DEFAULT_INCIDENT_TEMPLATES.resolution,
        incident,
        options,
      ),
    ).toThrow(
      'Template resolution cannot be rendered for INC-2026-001: {{resolutionTime}}, {{rootCause}} have no value while the incident is investigating',
    );
  });

  it('runs the duration of an open incident to now, in words', () => {
    expect(
      renderIncidentTemplate(
        'd',
        '{{duration}} {{affectedTenantCount}}',
        incident,
        options,
      ),
    ).toBe('10 minutes 2');
    expect(formatIncidentDuration(25 * 3_600_000 + 60_000)).toBe(
      '1 day 1 hour 1 minute',
    );
    expect(formatIncidentDuration(30_000)).toBe('less than a minute');
  });
});
