import { defaultPolicy, policyFromConfig } from '../policy/readPolicy';
import { evaluate, postureCheckIds } from './evaluate';
import { TenantEvidence } from './evidence';
import {
  NOW,
  MIN,
  HOUR,
  DAY,
  ago,
  at,
  tenant,
  check,
  backup,
} from './__testUtils__/evaluate';

describe('evaluate', () => {
  it('makes a tenant with no evidence unknown everywhere, never pass', () => {
    const result = evaluate(defaultPolicy, tenant(), NOW);
    expect(result.overall).toBe('unknown');
    expect(result.checks.length).toBeGreaterThan(10);
    for (const c of result.checks) {
      expect(c.status).toBe('unknown');
      expect(c.reason.length).toBeGreaterThan(10);
    }
    expect(result.nextBreachAt).toBeUndefined();
    expect(result.evaluatedAt).toBe('2026-03-01T12:00:00.000Z');
    expect(result.objectives).toEqual({
      tier: 'standard',
      rto: 'PT4H',
      rpo: 'PT15M',
      mtd: 'PT8H',
      availability: 99.9,
    });
  });

  it('uses the objectives of the tenant tier', () => {
    const result = evaluate(defaultPolicy, tenant({ tier: 'critical' }), NOW);
    expect(result.objectives).toMatchObject({
      tier: 'critical',
      rpo: 'PT5M',
      rto: 'PT1H',
    });
  });

  it('flags a tier or data class the policy does not define', () => {
    const c = check(
      tenant({ tier: 'gold', dataClasses: ['customer-pii', 'secrets'] }),
      'policy-reference',
    );
    expect(c.status).toBe('fail');
    expect(c.reason).toMatch(/tier 'gold'.*'standard'/);
    expect(c.reason).toMatch(/'secrets'/);
  });

  it('sets overall to the worst status and nextBreachAt to the earliest breach', () => {
    const result = evaluate(
      defaultPolicy,
      tenant({
        backups: [backup('b', 5 * MIN)],
        verifications: [
          { id: 'v', finishedAt: ago(DAY), status: 'pass', mode: 'full' },
        ],
      }),
      NOW,
    );
    expect(result.overall).toBe('unknown');
    expect(result.nextBreachAt).toBe(at(10 * MIN));
  });

  it('only produces check ids that postureCheckIds lists', () => {
    const known = new Set(postureCheckIds(defaultPolicy));
    const everything = tenant({
      tier: 'gold',
      dataClasses: defaultPolicy.dataClasses.map(d => d.id),
    });
    const ids = [
      ...evaluate(defaultPolicy, everything, NOW).checks,
      ...evaluate(defaultPolicy, tenant(), NOW).checks,
    ].map(c => c.id);
    expect(ids.filter(id => !known.has(id))).toEqual([]);
    expect(new Set(ids).size).toBe(known.size);
  });

  it('is pure: it neither mutates its inputs nor depends on the order of evidence', () => {
    const deepFreeze = <T>(o: T): T => {
      if (o && typeof o === 'object') {
        Object.values(o).forEach(deepFreeze);
        Object.freeze(o);
      }
      return o;
    };
    const evidence: TenantEvidence = {
      entityRef: 'resource:default/t',
      dataClasses: ['customer-pii'],
      backups: [backup('a', 3 * HOUR), backup('b', 5 * MIN), backup('c', DAY)],
      verifications: [
        {
          id: 'v-old',
          finishedAt: ago(20 * DAY),
          status: 'pass',
          mode: 'full',
        },
        { id: 'v-new', finishedAt: ago(DAY), status: 'fail', mode: 'full' },
      ],
      drills: [
        {
          id: 'd-new',
          scenario: 'human-error',
          status: 'failed',
          finishedAt: ago(DAY),
        },
        {
          id: 'd-old',
          scenario: 'human-error',
          status: 'succeeded',
          finishedAt: ago(10 * DAY),
          achievedRtoSeconds: 60,
          dataLossSeconds: 0,
        },
      ],
    };
    const reversed: TenantEvidence = {
      ...evidence,
      backups: [...evidence.backups!].reverse(),
      verifications: [...evidence.verifications!].reverse(),
      drills: [...evidence.drills!].reverse(),
    };
    const first = evaluate(defaultPolicy, deepFreeze(evidence), NOW);
    expect(evaluate(defaultPolicy, reversed, NOW)).toEqual(first);
    expect(first.checks.find(c => c.id === 'verified-restore')!.status).toBe(
      'warn',
    );
    expect(first.checks.find(c => c.id === 'drill:human-error')!.status).toBe(
      'fail',
    );
  });

  it('follows a policy read from config', () => {
    const policy = policyFromConfig({ tiers: { standard: { rpo: '1h' } } });
    const c = evaluate(
      policy,
      tenant({ backups: [backup('b', 30 * MIN)] }),
      NOW,
    ).checks.find(x => x.id === 'rpo')!;
    expect(c.status).toBe('pass');
  });
});
