import { LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { DrillCalendarEntry } from '@dr-portal/backstage-plugin-disaster-recovery-common';

/** Notification topic of live drills that are due. @public */
export const LIVE_DRILL_NOTIFICATION_TOPIC = 'disaster-recovery-live-drill';

/** A live drill the calendar says is due, on a database whose owner runs it. */
export interface DueLiveDrill {
  /** The database Resource the drill runs on. */
  entityRef: string;
  /** Its owner (an entity ref), who is told. */
  owner?: string;
  entry: DrillCalendarEntry;
}

/** The drill page a notification links to: the entity's DR tab. */
function drLink(entityRef: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return `/catalog/${namespace}/${kind.toLocaleLowerCase(
    'en-US',
  )}/${name}/disaster-recovery`;
}

/**
 * Tells the owners of live drills (drills that change production, which the scheduler never
 * runs) that one is due: one Backstage notification per database, scenario and due cycle (the
 * last drill it follows), sent once per cycle by this backend (a restart may send a cycle's
 * notification again; its scope makes it replace the earlier one).
 */
export class LiveDrillNotifier {
  private readonly sent = new Set<string>();

  constructor(
    private readonly options: {
      notifications?: NotificationService;
      logger: LoggerService;
    },
  ) {}

  /**
   * Notifies the owner of each due live drill not yet notified in its cycle. Returns the
   * `<entityRef> <scenario>` of those notified now; a drill without an owner is logged. Errors of
   * the notifications service propagate.
   */
  async notify(due: readonly DueLiveDrill[]): Promise<string[]> {
    const { notifications, logger } = this.options;
    const notified: string[] = [];
    for (const { entityRef, owner, entry } of due) {
      const label = `${entityRef} ${entry.scenario}`;
      const cycle = `${entityRef}:${entry.scenario}:${
        entry.lastRunId ?? 'never'
      }`;
      if (this.sent.has(cycle)) continue;
      if (!owner || !notifications) {
        logger.warn(
          `Live drill ${label} is ${entry.status}; nobody was notified (${
            owner ? 'no notifications service' : 'the database has no owner'
          })`,
        );
        this.sent.add(cycle);
        continue;
      }
      const when =
        entry.status === 'never'
          ? 'has never been run'
          : `was due ${entry.dueAt}${
              entry.status === 'overdue'
                ? ` and overdue ${entry.overdueAt}`
                : ''
            }`;
      await notifications.send({
        recipients: { type: 'entity', entityRef: owner },
        payload: {
          title: `Live drill due: ${entry.title} on ${
            parseEntityRef(entityRef).name
          }`,
          description: `The ${entry.cadence} live switchover drill of ${entry.title} ${when}. It switches production to the standby and back, so it never runs by itself: run it from the DR tab (Live switchover drill template) when the switchover is announced.`,
          link: drLink(entityRef),
          severity: entry.status === 'overdue' ? 'high' : 'normal',
          topic: LIVE_DRILL_NOTIFICATION_TOPIC,
          scope: `${LIVE_DRILL_NOTIFICATION_TOPIC}:${cycle}`,
        },
      });
      this.sent.add(cycle);
      notified.push(label);
    }
    return notified;
  }
}
