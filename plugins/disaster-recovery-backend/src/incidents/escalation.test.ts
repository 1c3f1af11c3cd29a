import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { defaultPolicy } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import {
  createStores,
  storeTestDatabases,
} from '../database/__testUtils__/testStores';
import { notificationsMock } from '../__testUtils__/notificationsMock';
import {
  readIncidentEscalationSettings,
  runIncidentEscalation,
} from './escalation';

jest.setTimeout(120_000);

const MINUTE = 60_000;
const T0 = new Date('2026-01-22T10:30:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * MINUTE);

const settings = readIncidentEscalationSettings(
  new ConfigReader({
    disasterRecovery: {
      incidents: {
        responseGroups: {
          'on-call': 'group:default/on-call',
          'technical-lead': 'platform-team',
          'incident-commander': 'group:default/executives',
          'communications-lead': 'group:default/comms',
        },
      },
    },
  }),
);

describe.each(storeTestDatabases.eachSupportedId())(
  'incident escalation on %s',
  databaseId => {
    it('notifies each threshold once, even from two runs at the same time, and reminds until acknowledged', async () => {
      const { stores } = await createStores(databaseId);
      const notifications = notificationsMock();
      let clock = at(0);
      const pass = () =>
        runIncidentEscalation({
          store: stores.incidents,
          notifications: notifications.service,
          logger: mockServices.logger.mock(),
          policy: defaultPolicy,
          settings,
          now: () => clock,
        });
      const incident = await stores.incidents.declare({
        severity: 'SEV-1',
        title: 'Orders database down',
        impact: 'Orders cannot be placed',
        affected: { tenants: [], systems: [], databases: [] },
        startedAt: T0,
        declaredAt: T0,
        declaredBy: 'user:default/jane',
        roles: { 'communications-lead': 'user:default/carol' },
        drill: false,
      });
      const sentTo = () =>
        notifications.sent.map(
          n =>
            `${(n.recipients as { entityRef: string }).entityRef} ${
              n.payload.description?.split(':')[0]
            }`,
        );

      for (const minute of [0, 10, 15, 16, 30]) {
        clock = at(minute);
        // two replicas' runs at the same instant
        await Promise.all([pass(), pass()]);
      }
      expect(sentTo()).toEqual([
        'group:default/on-call Escalation step 0',
        'group:default/platform-team Escalation step 1',
        // the role holder on the incident wins over the configured group
        'user:default/carol No update posted for 15 minutes',
        'group:default/executives Escalation step 2',
        'user:default/carol No update posted for 30 minutes',
      ]);

      await stores.incidents.acknowledge(incident.id, {
        actor: 'user:default/carol',
        at: at(31),
      });
      for (const minute of [45, 60, 61, 75]) {
        clock = at(minute);
        await Promise.all([pass(), pass()]);
      }
      expect(sentTo().slice(5)).toEqual([
        'user:default/carol Escalation step 3',
      ]);
      const timeline = await stores.incidents.getTimeline(incident.id);
      expect(
        timeline
          .filter(e => e.type === 'escalated' || e.type === 'reminder')
          .map(e => `${e.type} ${e.role} ${e.step ?? ''}`.trim()),
      ).toEqual([
        'escalated on-call 0',
        'escalated technical-lead 1',
        'reminder communications-lead',
        'escalated incident-commander 2',
        'reminder communications-lead',
        'escalated communications-lead 3',
      ]);

      await stores.incidents.resolve(incident.id, {
        actor: 'user:default/jane',
        at: at(80),
        rootCause: 'Disk full',
      });
      clock = at(200);
      expect(await pass()).toEqual([]);
    });
  },
);

describe('readIncidentEscalationSettings', () => {
  it("defaults to the plan's 15-minute updates and refuses a bad group ref", () => {
    const defaults = readIncidentEscalationSettings(new ConfigReader({}));
    expect(defaults.updateIntervalMs).toBe(15 * MINUTE);
    expect(defaults.responseGroups).toEqual({});
    expect(() =>
      readIncidentEscalationSettings(
        new ConfigReader({
          disasterRecovery: {
            incidents: { responseGroups: { 'on-call': 'group:' } },
          },
        }),
      ),
    ).toThrow(/responseGroups\.on-call/);
  });
});
