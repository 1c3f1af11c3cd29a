import { defaultPolicy } from '../policy/readPolicy';
import {
  dueIncidentNotices,
  IncidentNotice,
  nextIncidentEscalation,
} from './dueNotices';

const MINUTE = 60_000;
const STARTED = Date.parse('2026-01-22T10:30:00Z');
const at = (minutes: number) => new Date(STARTED + minutes * MINUTE);

/** Drives the function like the scheduler does: claims whatever is due at each tick. */
function run(
  ticks: number[],
  incident: {
    lastUpdateAt?: string;
    acknowledgedAt?: string;
    status?: 'investigating' | 'resolved';
  } = {},
  timeScale = 1,
) {
  const claimed: string[] = [];
  const sent: Array<[number, IncidentNotice]> = [];
  for (const minute of ticks) {
    const due = dueIncidentNotices(
      {
        status: incident.status ?? 'investigating',
        startedAt: at(0).toISOString(),
        lastUpdateAt: incident.lastUpdateAt ?? at(0).toISOString(),
        acknowledgedAt: incident.acknowledgedAt,
      },
      at(minute),
      {
        escalation: defaultPolicy.escalation,
        updateIntervalMs: 15 * MINUTE,
        updateRole: 'communications-lead',
        claimed,
        timeScale,
      },
    );
    for (const notice of due) {
      claimed.push(notice.notice);
      sent.push([minute, notice]);
    }
  }
  return sent.map(([minute, n]) => `${minute}: ${n.notice} ${n.role}`);
}

describe('dueIncidentNotices', () => {
  it("fires each threshold of the plan's matrix once, as it passes", () => {
    const everyMinute = Array.from({ length: 75 }, (_, i) => i);
    expect(run(everyMinute, { acknowledgedAt: at(1).toISOString() })).toEqual([
      '0: escalation:0 on-call',
      '15: escalation:1 technical-lead',
      '30: escalation:2 incident-commander',
      '60: escalation:3 communications-lead',
    ]);
  });

  it('reminds the communications lead every 15 minutes without an update until acknowledged', () => {
    const ticks = [0, 14, 15, 16, 29, 30, 31, 44];
    const lastUpdateAt = at(0).toISOString();
    expect(
      run(ticks, { lastUpdateAt }).filter(s => s.includes('reminder')),
    ).toEqual([
      `15: reminder:${STARTED}:1 communications-lead`,
      `30: reminder:${STARTED}:2 communications-lead`,
    ]);
    // an update at minute 20 restarts the count
    const updated = at(20);
    expect(
      run([34, 35, 36], { lastUpdateAt: updated.toISOString() }).filter(s =>
        s.includes('reminder'),
      ),
    ).toEqual([`35: reminder:${updated.getTime()}:1 communications-lead`]);
  });

  it('sends no reminder once acknowledged, and nothing when resolved', () => {
    const acknowledgedAt = at(5).toISOString();
    expect(
      run([15, 30, 45], { acknowledgedAt }).filter(s => s.includes('reminder')),
    ).toEqual([]);
    expect(run([0, 90], { status: 'resolved' })).toEqual([]);
  });

  it('after downtime sends every passed threshold once and only the latest reminder', () => {
    expect(run([61, 61])).toEqual([
      '61: escalation:0 on-call',
      '61: escalation:1 technical-lead',
      '61: escalation:2 incident-commander',
      '61: escalation:3 communications-lead',
      `61: reminder:${STARTED}:4 communications-lead`,
    ]);
  });

  it('scales time down for drills', () => {
    expect(
      run([0, 1, 2, 3, 4], { acknowledgedAt: at(0).toISOString() }, 15),
    ).toEqual([
      '0: escalation:0 on-call',
      '1: escalation:1 technical-lead',
      '2: escalation:2 incident-commander',
      '4: escalation:3 communications-lead',
    ]);
  });
});

describe('nextIncidentEscalation', () => {
  const incident = (more: { acknowledgedAt?: string } = {}) => ({
    status: 'investigating' as const,
    startedAt: at(0).toISOString(),
    lastUpdateAt: at(0).toISOString(),
    ...more,
  });
  const options = (timeScale = 1) => ({
    escalation: defaultPolicy.escalation,
    updateIntervalMs: 15 * MINUTE,
    timeScale,
  });

  it('names the step that begins next and when the next update is due', () => {
    const steps = defaultPolicy.escalation;
    expect(nextIncidentEscalation(incident(), at(20), options())).toEqual({
      timeScale: 1,
      nextStep: {
        step: 2,
        role: steps[2].responsible,
        action: steps[2].action,
        dueAt: at(steps[2].from.ms / MINUTE).toISOString(),
      },
      nextUpdateDueAt: at(30).toISOString(),
    });
    // past the last threshold there is no next step; an acknowledged incident no update rule
    const late = nextIncidentEscalation(
      incident({ acknowledgedAt: at(5).toISOString() }),
      at(90),
      options(),
    );
    expect(late).toEqual({ timeScale: 1 });
  });

  it('scales time down and says nothing of a resolved incident', () => {
    // 60 times faster: the steps of 15, 30 and 60 minutes begin after 15, 30 and 60 seconds
    const fast = nextIncidentEscalation(incident(), at(0.4), options(60));
    expect(fast?.nextStep).toMatchObject({
      step: 2,
      dueAt: at(0.5).toISOString(),
    });
    expect(fast?.nextUpdateDueAt).toBe(at(0.5).toISOString());
    expect(
      nextIncidentEscalation(
        { ...incident(), status: 'resolved' },
        at(1),
        options(),
      ),
    ).toBeUndefined();
  });
});
