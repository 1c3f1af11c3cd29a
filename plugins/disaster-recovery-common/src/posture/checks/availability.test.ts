import {
  DAY,
  HOUR,
  MIN,
  NOW,
  ago,
  check,
  tenant,
} from '../__testUtils__/evaluate';

const sev = (id: string, severity: string, start: number, end?: number) => ({
  id,
  severity,
  startedAt: ago(start),
  ...(end === undefined ? {} : { resolvedAt: ago(end) }),
});

describe('availability check', () => {
  it('is unknown when incidents were not read, and passes with the whole budget without incidents', () => {
    expect(check(tenant(), 'availability').status).toBe('unknown');
    const none = check(tenant({ incidents: [] }), 'availability');
    expect(none).toMatchObject({
      status: 'pass',
      target: '>= 99.9 % over 30d',
      measured:
        '100 %; 43m 12s of 43m 12s error budget left (100 %); burn rate 0x over 1d',
    });
    expect(none.reason).toMatch(/whole error budget is left/);
  });

  it('warns from the warn ratio of the budget and fails when it is spent', () => {
    const warn = check(
      tenant({
        incidents: [sev('INC-2026-001', 'SEV-0', 5 * DAY, 5 * DAY - 36 * MIN)],
      }),
      'availability',
    );
    expect(warn.status).toBe('warn');
    expect(warn.measured).toMatch(
      /^99\.917 %; 7m 12s of 43m 12s error budget left \(17 %\)/,
    );
    expect(warn.evidence).toEqual([
      { kind: 'incident', id: 'INC-2026-001', observedAt: ago(5 * DAY) },
    ]);
    const fail = check(
      tenant({
        incidents: [sev('INC-2026-001', 'SEV-0', 5 * DAY, 5 * DAY - HOUR)],
      }),
      'availability',
    );
    expect(fail.status).toBe('fail');
    expect(fail.reason).toMatch(/the 43m 12s error budget is spent/);
  });

  it('breaches when an open incident will have spent the budget, and ignores drills', () => {
    const open = check(
      tenant({ incidents: [sev('INC-2026-002', 'SEV-0', 10 * MIN)] }),
      'availability',
    );
    expect(open.status).toBe('pass');
    expect(Date.parse(open.breachAt!)).toBeCloseTo(NOW + 33.2 * MIN, -1);
    const drill = check(
      tenant({
        incidents: [
          { ...sev('INC-2026-003', 'SEV-0', 5 * DAY, 0), drill: true },
        ],
      }),
      'availability',
    );
    expect(drill.status).toBe('pass');
  });

  it("uses the tenant's tier target", () => {
    const critical = check(
      tenant({
        tier: 'critical',
        incidents: [sev('INC-2026-001', 'SEV-0', DAY, DAY - 30 * MIN)],
      }),
      'availability',
    );
    expect(critical.target).toBe('>= 99.95 % over 30d');
    expect(critical.status).toBe('fail');
  });
});
