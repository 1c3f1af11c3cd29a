import { ConfigReader } from '@backstage/config';
import {
  defaultPolicy,
  getTier,
  policyFromConfig,
  readPolicy,
} from './readPolicy';
import { validatePolicy } from './validatePolicy';

const HOUR = 3_600_000;

function problemsOf(section: unknown): string {
  try {
    policyFromConfig(section);
  } catch (e) {
    expect((e as Error).name).toBe('InputError');
    return (e as Error).message;
  }
  throw new Error('expected the policy to be rejected');
}

describe('defaultPolicy', () => {
  it('is consistent with itself', () => {
    expect(validatePolicy(defaultPolicy)).toEqual([]);
  });

  it("carries the plan's tables", () => {
    const standard = getTier(defaultPolicy, 'standard');
    expect(defaultPolicy.defaultTier).toBe('standard');
    expect(standard.objectives.rto.ms).toBe(4 * HOUR);
    expect(standard.objectives.rpo.ms).toBe(0.25 * HOUR);
    expect(standard.objectives.mtd.ms).toBe(8 * HOUR);
    expect(standard.objectives.availability).toBe(99.9);
    expect(getTier(defaultPolicy, 'critical').objectives.rto.ms).toBe(HOUR);
    expect(defaultPolicy.scenarios.map(s => s.id)).toEqual([
      'data-center-outage',
      'database-corruption',
      'cyber-attack',
      'natural-disaster',
      'human-error',
      'third-party-failure',
    ]);
    const pii = defaultPolicy.dataClasses.find(d => d.id === 'customer-pii')!;
    expect(pii.classification).toBe('critical');
    expect(pii.backupFrequency).toMatchObject({ onChange: false, ms: HOUR });
    expect(pii.retention.text).toBe('7y');
    expect(
      defaultPolicy.dataClasses.find(d => d.id === 'system-configs')!
        .backupFrequency,
    ).toEqual({ onChange: true, text: 'on-change' });
    expect(defaultPolicy.severityLevels.map(s => s.id)).toEqual([
      'SEV-0',
      'SEV-1',
      'SEV-2',
      'SEV-3',
    ]);
    expect(
      defaultPolicy.regions.map(r => `${r.id}:${r.role}:${r.standby}`),
    ).toEqual([
      'us-east-1:primary:active',
      'us-west-2:secondary:hot',
      'eu-west-1:tertiary:cold',
    ]);
    expect(defaultPolicy.testCalendar.activities).toHaveLength(9);
    expect(defaultPolicy.training.courses.map(c => c.id)).toEqual([
      'onboarding',
      'quarterly-dr-procedures',
      'annual-simulation',
      'cross-functional-drill',
    ]);
    expect(defaultPolicy.escalation).toHaveLength(4);
    expect(defaultPolicy.businessFunctions).toHaveLength(5);
    expect(defaultPolicy.impactLevels.map(i => i.id)).toEqual([
      'critical',
      'high',
      'medium',
      'low',
    ]);
  });

  it('falls back to the default tier for unknown tiers', () => {
    expect(getTier(defaultPolicy, 'gold').id).toBe('standard');
    expect(getTier(defaultPolicy).id).toBe('standard');
  });
});

describe('readPolicy', () => {
  it('returns the defaults when the section is absent', () => {
    expect(readPolicy(new ConfigReader({}))).toEqual(defaultPolicy);
  });

  it('merges config over the defaults entry by entry', () => {
    const policy = readPolicy(
      new ConfigReader({
        disasterRecovery: {
          policy: {
            tiers: {
              standard: { rto: 'PT2H' },
              bronze: { rto: '8h', rpo: '1h', mtd: '1d', availability: 99 },
            },
            dataClasses: { 'customer-pii': { retention: 'P5Y' } },
          },
        },
      }),
    );
    const standard = getTier(policy, 'standard');
    expect(standard.objectives.rto.ms).toBe(2 * HOUR);
    expect(standard.objectives.mtd.ms).toBe(8 * HOUR); // kept from defaults
    expect(getTier(policy, 'bronze').objectives.mtd.ms).toBe(24 * HOUR);
    expect(policy.tiers.map(t => t.id)).toEqual([
      'standard',
      'critical',
      'bronze',
    ]);
    expect(
      policy.dataClasses.find(d => d.id === 'customer-pii')!.retention.text,
    ).toBe('P5Y');
  });

  it('replaces lists as a whole', () => {
    const policy = policyFromConfig({
      severityLevels: [
        { id: 'P1', title: 'Page', description: 'Wake someone up' },
      ],
    });
    expect(policy.severityLevels.map(s => s.id)).toEqual(['P1']);
  });

  it("weights the plan's severity levels for availability unless config says otherwise", () => {
    expect(
      defaultPolicy.severityLevels.map(s => [s.id, s.downtimeWeight]),
    ).toEqual([
      ['SEV-0', 1],
      ['SEV-1', 0.5],
      ['SEV-2', 0.1],
      ['SEV-3', 0],
    ]);
    expect(defaultPolicy.availability.window.text).toBe('30d');
    const policy = policyFromConfig({
      severityLevels: [
        { id: 'SEV-1', title: 'High', description: 'x', downtimeWeight: 0.8 },
        { id: 'SEV-2', title: 'Medium', description: 'y' },
        { id: 'P1', title: 'Page', description: 'z' },
      ],
      availability: { window: '7d' },
    });
    expect(policy.severityLevels.map(s => s.downtimeWeight)).toEqual([
      0.8, 0.1, 1,
    ]);
    expect(policy.availability.window.ms).toBe(7 * 24 * HOUR);
    expect(policy.availability.burnRateWindow.text).toBe('1d');
  });

  it('rejects a downtime weight outside 0..1 and a burn-rate window longer than the window', () => {
    const message = problemsOf({
      severityLevels: [
        { id: 'SEV-0', title: 'Critical', description: 'x', downtimeWeight: 2 },
      ],
      availability: { window: '1d', burnRateWindow: '7d' },
    });
    expect(message).toMatch(
      /severity level SEV-0: downtimeWeight 2 must be between 0 and 1/,
    );
    expect(message).toMatch(
      /availability.burnRateWindow 7d must be longer than zero and no longer than the window 1d/,
    );
  });

  it("rejects the plan's 30-day cleanup against the 7-year retention, naming classes and durations", () => {
    const message = problemsOf({ retentionEnforcement: { minAge: '30d' } });
    expect(message).toMatch(
      /retentionEnforcement\.minAge 30d is shorter than the retention/,
    );
    expect(message).toContain('customer-pii (7y)');
    expect(message).toContain('transactions (7y)');
    expect(message).toContain('product-catalog (1y)');
    expect(message).toContain('application-logs (90d)');
    expect(message).toContain('system-configs (1y)');
  });

  it('accepts a cleanup age equal to the longest retention written in the other syntax', () => {
    expect(() =>
      policyFromConfig({ retentionEnforcement: { minAge: 'P7Y' } }),
    ).not.toThrow();
  });

  it('rejects a tier RTO longer than its MTD', () => {
    expect(problemsOf({ tiers: { standard: { rto: '10h' } } })).toMatch(
      /tier 'standard': RTO 10h is longer than its MTD 8h/,
    );
  });

  it("rejects a scenario RPO looser than its tier RPO (the plan's natural disaster row)", () => {
    expect(
      problemsOf({ scenarios: { 'natural-disaster': { rpo: '1h' } } }),
    ).toMatch(
      /scenario 'natural-disaster': RPO 1h is looser than tier 'standard' RPO 15m/,
    );
  });

  it('checks a scenario against the tier it names', () => {
    expect(
      problemsOf({
        scenarios: { 'human-error': { tier: 'critical', rpo: '10m' } },
      }),
    ).toMatch(
      /scenario 'human-error': RPO 10m is looser than tier 'critical' RPO 5m/,
    );
    expect(
      problemsOf({ scenarios: { 'human-error': { tier: 'gold' } } }),
    ).toMatch(/scenario 'human-error': tier 'gold' is not defined/);
  });

  it('allows a scenario RTO longer than the tier RTO but not longer than its MTD', () => {
    expect(() =>
      policyFromConfig({ scenarios: { 'cyber-attack': { rto: '8h' } } }),
    ).not.toThrow();
    expect(
      problemsOf({ scenarios: { 'cyber-attack': { rto: '9h' } } }),
    ).toMatch(
      /scenario 'cyber-attack': RTO 9h is longer than tier 'standard' MTD 8h/,
    );
  });

  it('rejects a critical class whose backups are rarer than an RPO without point-in-time recovery', () => {
    const message = problemsOf({
      dataClasses: { transactions: { pointInTimeRecovery: false } },
    });
    expect(message).toMatch(
      /data class 'transactions' \(critical\): backup frequency hourly is longer than tier 'standard' RPO 15m/,
    );
    expect(message).toMatch(/tier 'critical' RPO 5m/);
  });

  it('rejects a backup frequency longer than the retention', () => {
    expect(
      problemsOf({
        dataClasses: { 'application-logs': { backupFrequency: '100d' } },
      }),
    ).toMatch(
      /data class 'application-logs': backup frequency 100d is longer than its retention 90d/,
    );
  });

  it('rejects an MTD that one outage would exhaust the yearly downtime budget with', () => {
    expect(
      problemsOf({ tiers: { critical: { mtd: '6h', availability: 99.95 } } }),
    ).toMatch(
      /tier 'critical': MTD 6h is longer than the yearly downtime budget of 99.95 % availability \(4h 22m\)/,
    );
  });

  it('lists every problem at once, bad durations included', () => {
    const message = problemsOf({
      tiers: { standard: { rto: '10h', rpo: 'quarter hour' } },
      retentionEnforcement: { minAge: '30d' },
      defaultTier: 'gold',
    });
    expect(message).toMatch(
      /^Invalid disasterRecovery\.policy \(4 problems\):/,
    );
    expect(message).toMatch(
      /disasterRecovery\.policy\.tiers\.standard\.rpo: 'quarter hour' is not a duration/,
    );
    expect(message).toMatch(/RTO 10h is longer than its MTD 8h/);
    expect(message).toMatch(/retentionEnforcement\.minAge 30d/);
    expect(message).toMatch(/defaultTier 'gold' is not one of the tiers/);
  });

  it('rejects unknown keys and wrong types with their path', () => {
    const message = problemsOf({
      tiers: { standard: { rtoo: '4h', availability: 'high' } },
    });
    expect(message).toMatch(
      /disasterRecovery\.policy\.tiers\.standard\.availability/,
    );
    expect(message).toMatch(/rtoo/);
  });

  it('requires every field of a new tier', () => {
    expect(problemsOf({ tiers: { bronze: { rto: '8h' } } })).toMatch(
      /tiers\.bronze\.rpo: is required/,
    );
  });

  it('rejects gaps in the escalation matrix, unknown cadences and roles, and two primaries', () => {
    const message = problemsOf({
      escalation: [
        { from: '0m', to: '15m', action: 'Diagnose', responsible: 'on-call' },
        { from: '20m', action: 'Escalate', responsible: 'technical-lead' },
      ],
      scenarios: { 'human-error': { drillCadence: 'weekly' } },
      training: {
        courses: {
          extra: { validity: '1y', requiredFor: { roles: ['janitor'] } },
        },
      },
      regions: { 'us-west-2': { role: 'primary' } },
    });
    expect(message).toMatch(/starts at 20m but the previous step ends at 15m/);
    expect(message).toMatch(
      /drillCadence 'weekly' is not a test calendar cadence/,
    );
    expect(message).toMatch(/required for role 'janitor'/);
    expect(message).toMatch(
      /exactly one region must be primary, found 2 \(us-east-1, us-west-2\)/,
    );
  });

  it('reads through a Config object and throws for a bad one', () => {
    expect(() =>
      readPolicy(
        new ConfigReader({
          disasterRecovery: {
            policy: { retentionEnforcement: { minAge: '30d' } },
          },
        }),
      ),
    ).toThrow(/customer-pii \(7y\), transactions \(7y\)/);
  });
});
