import { policyFromConfig } from '../policy/readPolicy';
import { incidentAffects, measureAvailability } from './availability';

const policy = policyFromConfig({});
const NOW = Date.parse('2026-03-31T12:00:00Z');
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const ago = (ms: number) => new Date(NOW - ms).toISOString();

/** An incident of `severity` from `startAgo` before NOW to `endAgo` before it (open without). */
const incident = (
  id: string,
  severity: string,
  startAgo: number,
  endAgo?: number,
  more: { drill?: boolean } = {},
) => ({
  id,
  severity,
  startedAt: ago(startAgo),
  ...(endAgo === undefined ? {} : { resolvedAt: ago(endAgo) }),
  ...more,
});

describe('measureAvailability', () => {
  it('gives an incident-free tenant its whole budget: 99.9 % of 30 days allows 43m 12s', () => {
    const m = measureAvailability(policy, 99.9, [], NOW);
    expect(m.budgetMs).toBeCloseTo(43.2 * MIN, 6);
    expect(m.downtimeMs).toBe(0);
    expect(m.budgetRemainingRatio).toBe(1);
    expect(m.availabilityPercent).toBe(100);
    expect(m.burnRate).toBe(0);
    expect(m.exhaustedAt).toBeUndefined();
    expect(m.window).toEqual({
      text: '30d',
      from: '2026-03-01T12:00:00.000Z',
      to: '2026-03-31T12:00:00.000Z',
    });
  });

  it('counts a resolved SEV-0 in full from its start to its resolution', () => {
    const m = measureAvailability(
      policy,
      99.9,
      [incident('INC-2026-001', 'SEV-0', 2 * DAY, 2 * DAY - 20 * MIN)],
      NOW,
    );
    expect(m.downtimeMs).toBe(20 * MIN);
    expect(m.budgetRemainingMs).toBeCloseTo(23.2 * MIN, 6);
    expect(m.availabilityPercent).toBeCloseTo(
      100 * (1 - (20 * MIN) / (30 * DAY)),
      9,
    );
    // nothing in the last day: no burn now
    expect(m.burnRate).toBe(0);
    expect(m.incidents).toEqual([
      {
        id: 'INC-2026-001',
        severity: 'SEV-0',
        weight: 1,
        from: ago(2 * DAY),
        to: ago(2 * DAY - 20 * MIN),
        open: false,
      },
    ]);
  });

  it('weights degradation by the severity level: SEV-1 half, SEV-2 a tenth, SEV-3 none', () => {
    const m = measureAvailability(
      policy,
      99.9,
      [
        incident('INC-2026-001', 'SEV-1', 10 * DAY, 10 * DAY - HOUR),
        incident('INC-2026-002', 'SEV-2', 8 * DAY, 8 * DAY - HOUR),
        incident('INC-2026-003', 'SEV-3', 6 * DAY, 6 * DAY - HOUR),
      ],
      NOW,
    );
    expect(m.downtimeMs).toBe(30 * MIN + 6 * MIN);
    expect(m.incidents.map(i => i.weight)).toEqual([0.5, 0.1, 0]);
  });

  it('counts overlapping incidents once, at the weight of the worst one open', () => {
    // SEV-1 from -3h to -1h, SEV-0 from -2h30 to -2h, a second SEV-0 from -2h15 to -1h45
    const m = measureAvailability(
      policy,
      99.9,
      [
        incident('INC-2026-001', 'SEV-1', 3 * HOUR, 1 * HOUR),
        incident('INC-2026-002', 'SEV-0', 150 * MIN, 120 * MIN),
        incident('INC-2026-003', 'SEV-0', 135 * MIN, 105 * MIN),
      ],
      NOW,
    );
    // SEV-0 covers -150..-105 (45m) in full; SEV-1 the remaining 75m of -180..-60 at half
    expect(m.downtimeMs).toBe(45 * MIN + 37.5 * MIN);
  });

  it('counts an open incident until now and says when it will have spent the budget', () => {
    const early = measureAvailability(
      policy,
      99.9,
      [incident('INC-2026-001', 'SEV-0', 10 * MIN)],
      NOW,
    );
    expect(early.downtimeMs).toBe(10 * MIN);
    expect(early.currentWeight).toBe(1);
    expect(early.incidents[0]).toMatchObject({ open: true, to: ago(0) });
    expect(Date.parse(early.exhaustedAt!)).toBeCloseTo(NOW + 33.2 * MIN, -1);
    // 10 minutes in the last day against 1.44 minutes allowed per day
    expect(early.burnRate).toBeCloseTo(10 / 1.44, 6);

    // the same incident an hour later: the clock moved, the incident is still open
    const later = measureAvailability(
      policy,
      99.9,
      [incident('INC-2026-001', 'SEV-0', 10 * MIN)],
      NOW + HOUR,
    );
    expect(later.downtimeMs).toBe(70 * MIN);
    expect(later.budgetRemainingMs).toBeLessThan(0);
    expect(later.exhaustedAt).toBeUndefined();
  });

  it('leaves drills out, and clips incidents to the window', () => {
    const m = measureAvailability(
      policy,
      99.9,
      [
        incident('INC-2026-001', 'SEV-0', HOUR, 0, { drill: true }),
        incident('INC-2026-002', 'SEV-0', 31 * DAY, 30 * DAY - 5 * MIN),
        incident('INC-2026-003', 'SEV-0', 40 * DAY, 35 * DAY),
      ],
      NOW,
    );
    expect(m.incidents.map(i => i.id)).toEqual(['INC-2026-002']);
    expect(m.incidents[0].from).toBe(ago(30 * DAY));
    expect(m.downtimeMs).toBe(5 * MIN);
  });

  it("uses the tier's target: 99.95 % halves the budget", () => {
    const m = measureAvailability(policy, 99.95, [], NOW);
    expect(m.budgetMs).toBeCloseTo(21.6 * MIN, 6);
  });

  it('counts a level the policy does not know in full', () => {
    const m = measureAvailability(
      policy,
      99.9,
      [incident('INC-2026-001', 'SEV-9', HOUR, 0)],
      NOW,
    );
    expect(m.downtimeMs).toBe(HOUR);
  });
});

describe('incidentAffects', () => {
  const scope = {
    entityRef: 'resource:default/acme',
    databases: ['resource:default/orders-db'],
    system: 'system:default/shop',
  };
  const affected = (more: object) => ({
    tenants: [],
    databases: [],
    systems: [],
    ...more,
  });

  it('reaches a tenant named, through its database or its system, and every tenant when none is named', () => {
    expect(
      incidentAffects(affected({ tenants: ['resource:default/acme'] }), scope),
    ).toBe(true);
    expect(
      incidentAffects(
        affected({ databases: ['resource:default/orders-db'] }),
        scope,
      ),
    ).toBe(true);
    expect(
      incidentAffects(affected({ systems: ['system:default/shop'] }), scope),
    ).toBe(true);
    expect(incidentAffects(affected({}), scope)).toBe(true);
    expect(
      incidentAffects(
        affected({
          tenants: ['resource:default/globex'],
          databases: ['resource:default/other-db'],
        }),
        scope,
      ),
    ).toBe(false);
  });
});
