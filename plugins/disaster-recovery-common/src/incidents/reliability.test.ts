import { incidentReliability } from './reliability';
import { IncidentItem } from './types';

const H = 3_600_000;
const START = Date.parse('2026-11-03T00:00:00Z');
const END = START + 30 * 24 * H;

function incident(
  id: string,
  startH: number,
  durationH: number | undefined,
  tenants: string[],
  drill = false,
): IncidentItem {
  const startedAt = new Date(START + startH * H).toISOString();
  return {
    id,
    severity: 'SEV-1',
    title: id,
    status: durationH === undefined ? 'investigating' : 'resolved',
    impact: 'x',
    affected: { tenants, systems: [], databases: [] },
    startedAt,
    declaredAt: startedAt,
    declaredBy: 'user:default/a',
    roles: {},
    lastUpdateAt: startedAt,
    ...(durationH === undefined
      ? {}
      : {
          resolvedAt: new Date(START + (startH + durationH) * H).toISOString(),
        }),
    drill,
  };
}

describe('incidentReliability', () => {
  const tiers = new Map([
    ['resource:default/acme', 'critical'],
    ['resource:default/globex', 'standard'],
  ]);
  const options = {
    windowStart: new Date(START),
    windowEnd: new Date(END),
    tenantTiers: tiers,
    defaultTier: 'standard',
  };

  it('computes MTTR from resolved real incidents and MTBF from all real incidents in the window, per tier and tenant', () => {
    const m = incidentReliability(
      [
        incident('a', 10, 2, ['resource:default/acme']),
        incident('b', 100, 4, [
          'resource:default/acme',
          'resource:default/globex',
        ]),
        incident('c', 200, undefined, ['resource:default/initech']),
        // a drill is no failure; an incident before the window is not counted
        incident('d', 300, 1, ['resource:default/acme'], true),
        incident('e', -10, 1, ['resource:default/acme']),
      ],
      options,
    );
    expect(m).toMatchObject({
      incidents: 3,
      resolved: 2,
      mttrSeconds: 3 * 3600,
      mtbfSeconds: (30 * 24 * 3600) / 3,
      moreTenants: 0,
    });
    expect(m.byTier).toEqual([
      {
        tier: 'critical',
        incidents: 2,
        resolved: 2,
        mttrSeconds: 3 * 3600,
        mtbfSeconds: 15 * 24 * 3600,
      },
      {
        tier: 'standard',
        incidents: 2,
        resolved: 1,
        mttrSeconds: 4 * 3600,
        mtbfSeconds: 15 * 24 * 3600,
      },
    ]);
    expect(m.byTenant.map(t => [t.entityRef, t.tier, t.incidents])).toEqual([
      ['resource:default/acme', 'critical', 2],
      ['resource:default/globex', 'standard', 1],
      ['resource:default/initech', 'standard', 1],
    ]);
  });

  it('has no MTTR or MTBF without incidents, and caps the tenant list', () => {
    expect(incidentReliability([], options)).toEqual({
      incidents: 0,
      resolved: 0,
      mttrSeconds: null,
      mtbfSeconds: null,
      byTier: [],
      byTenant: [],
      moreTenants: 0,
    });
    const many = incidentReliability(
      [incident('a', 1, 1, ['resource:default/t1', 'resource:default/t2'])],
      { ...options, maxTenants: 1 },
    );
    expect(many.byTenant).toHaveLength(1);
    expect(many.moreTenants).toBe(1);
  });
});
