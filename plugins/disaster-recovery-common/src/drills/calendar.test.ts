import { defaultPolicy, policyFromConfig } from '../policy/readPolicy';
import { evaluate } from '../posture/evaluate';
import { DrillEvidence } from '../posture/evidence';
import { drillCalendar, dueScheduledDrills } from './calendar';

const DAY = 86_400_000;

/** A clock the test moves by hand: no sleeping. */
function controllableClock(startIso: string) {
  let now = Date.parse(startIso);
  return {
    now: () => now,
    set: (ms: number) => {
      now = ms;
    },
  };
}

const drill = (
  scenario: string,
  finishedAt: number,
  more: Partial<DrillEvidence> = {},
): DrillEvidence => ({
  id: `run-${scenario}-${finishedAt}`,
  scenario,
  status: 'succeeded',
  startedAt: new Date(finishedAt - 60_000).toISOString(),
  finishedAt: new Date(finishedAt).toISOString(),
  achievedRtoSeconds: 60,
  dataLossSeconds: 30,
  ...more,
});

describe('drillCalendar', () => {
  it('gives every scenario of the policy its drill kind, cadence and whether it is scheduled', () => {
    const calendar = drillCalendar(defaultPolicy, [], Date.now());
    expect(calendar.map(e => [e.scenario, e.kind, e.cadence])).toEqual(
      defaultPolicy.scenarios.map(s => [s.id, s.drillKind, s.drillCadence]),
    );
    expect(calendar.every(e => e.status === 'never')).toBe(true);
    // never drilled: due now, for every scheduled kind
    expect(dueScheduledDrills(calendar)).toHaveLength(calendar.length);
  });

  it('never schedules a live switchover, and says so per scenario', () => {
    const policy = policyFromConfig({
      scenarios: { 'natural-disaster': { drillKind: 'live-switchover' } },
    });
    const calendar = drillCalendar(policy, [], Date.now());
    const entry = calendar.find(e => e.scenario === 'natural-disaster')!;
    expect(entry).toMatchObject({
      kind: 'live-switchover',
      scheduled: false,
      status: 'never',
    });
    expect(dueScheduledDrills(calendar).map(e => e.scenario)).not.toContain(
      'natural-disaster',
    );
  });

  it('turns due after the cadence and overdue exactly at cadence + grace, driven by a controllable clock', () => {
    // quarterly = 3 months (3/12 of 365.25 days), grace 3 days in the default policy
    const quarter = (365.25 / 4) * DAY;
    const grace = 3 * DAY;
    const last = Date.parse('2026-01-10T08:00:00Z');
    const clock = controllableClock('2026-01-10T08:00:00Z');
    const drills = [drill('database-corruption', last)];
    const status = () =>
      drillCalendar(defaultPolicy, drills, clock.now()).find(
        e => e.scenario === 'database-corruption',
      )!;
    const posture = () =>
      evaluate(
        defaultPolicy,
        { entityRef: 'resource:default/t', drills },
        clock.now(),
      ).checks.find(c => c.id === 'drill:database-corruption')!.status;

    expect(status()).toMatchObject({
      status: 'current',
      lastRunId: drills[0].id,
      dueAt: new Date(last + quarter).toISOString(),
      overdueAt: new Date(last + quarter + grace).toISOString(),
    });
    expect(posture()).toBe('pass');

    clock.set(last + quarter - 1);
    expect(status().status).toBe('current');
    clock.set(last + quarter);
    expect(status().status).toBe('due');
    expect(posture()).toBe('warn');

    clock.set(last + quarter + grace - 1);
    expect(status().status).toBe('due');
    expect(posture()).toBe('warn');
    clock.set(last + quarter + grace);
    expect(status().status).toBe('overdue');
    // the posture check agrees at the same moment: an overdue drill counts as missing
    expect(posture()).toBe('unknown');
  });

  it('counts the newest ended drill, not dry runs, running drills or drills dated in the future', () => {
    const t = Date.parse('2026-06-01T00:00:00Z');
    const drills = [
      drill('human-error', t - 10 * DAY),
      drill('human-error', t - 1 * DAY, { dryRun: true }),
      drill('human-error', t - 2 * DAY, { status: 'running' }),
      drill('human-error', t + 1 * DAY),
      drill('human-error', t - 5 * DAY, { status: 'failed' }),
    ];
    const entry = drillCalendar(defaultPolicy, drills, t).find(
      e => e.scenario === 'human-error',
    )!;
    expect(entry.lastRunId).toBe(drills[4].id);
    expect(entry.lastStatus).toBe('failed');
    expect(entry.status).toBe('current');
  });

  it('runs only the scheduled drills that are due or never ran', () => {
    const t = Date.parse('2026-06-01T00:00:00Z');
    const calendar = drillCalendar(
      defaultPolicy,
      [
        drill('database-corruption', t - DAY),
        drill('human-error', t - 200 * DAY),
      ],
      t,
    );
    const due = dueScheduledDrills(calendar).map(e => e.scenario);
    expect(due).not.toContain('database-corruption');
    expect(due).toContain('human-error');
    expect(due).toContain('cyber-attack');
  });
});
