import { defaultPolicy } from '../policy/readPolicy';
import { suggestIncidentSeverity } from './suggestSeverity';

describe('suggestIncidentSeverity', () => {
  it.each([
    ['critical', 'SEV-0'],
    ['high', 'SEV-1'],
    ['medium', 'SEV-2'],
    ['low', 'SEV-3'],
  ] as const)(
    'maps the plan impact level %s to %s for standard-tier tenants',
    (impactLevel, expected) => {
      const s = suggestIncidentSeverity(defaultPolicy, {
        impactLevel,
        tenantTiers: ['standard', undefined],
      });
      expect(s.severity.id).toBe(expected);
      expect(s.reasons).toHaveLength(1);
    },
  );

  it('raises the suggestion one level when a critical-tier tenant is affected', () => {
    const s = suggestIncidentSeverity(defaultPolicy, {
      impactLevel: 'medium',
      tenantTiers: ['standard', 'critical'],
    });
    expect(s.severity.id).toBe('SEV-1');
    expect(s.reasons[1]).toMatch(/tier critical .*→ SEV-1/);
  });

  it('never goes above the worst level', () => {
    expect(
      suggestIncidentSeverity(defaultPolicy, {
        impactLevel: 'critical',
        tenantTiers: ['critical'],
      }).severity.id,
    ).toBe('SEV-0');
  });

  it('clamps to the mildest level of a policy with fewer levels', () => {
    const policy = {
      ...defaultPolicy,
      severityLevels: defaultPolicy.severityLevels.slice(0, 2),
    };
    expect(
      suggestIncidentSeverity(policy, { impactLevel: 'low', tenantTiers: [] })
        .severity.id,
    ).toBe('SEV-1');
  });

  it('refuses an impact level the plan does not have', () => {
    expect(() =>
      suggestIncidentSeverity(defaultPolicy, {
        impactLevel: 'huge' as never,
        tenantTiers: [],
      }),
    ).toThrow(/impactLevel must be one of critical, high, medium, low/);
  });
});
