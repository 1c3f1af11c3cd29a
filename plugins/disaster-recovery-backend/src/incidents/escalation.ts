import {
  LoggerService,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { NotificationService } from '@backstage/plugin-notifications-node';
import {
  dueIncidentNotices,
  DrPolicy,
  IncidentItem,
  IncidentNotice,
  normalizeEntityRefStrict,
  parseDuration,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { IncidentStore } from '../database/IncidentStore';
import { pageIncidents } from './incidentsSince';

/** Id of the escalation scheduler task. @public */
export const INCIDENT_ESCALATION_TASK_ID =
  'disaster-recovery-incident-escalation';

/** Notification topic of incident escalations and reminders. @public */
export const INCIDENT_NOTIFICATION_TOPIC = 'disaster-recovery-incident';

/** `disasterRecovery.incidents` settings of the escalation. @public */
export interface IncidentEscalationSettings {
  /** Group (or user) entity ref notified for each role or team of the escalation matrix. */
  responseGroups: Record<string, string>;
  /** No update for this long reminds the communications lead (the plan: 15 minutes). */
  updateIntervalMs: number;
  /** Time runs this many times faster for escalation (demo); drills use `drillTimeScale`. */
  timeScale: number;
  /** Time scale of response drills. */
  drillTimeScale: number;
  /** How often the task looks for due notices. */
  schedule: SchedulerServiceTaskScheduleDefinition;
}

function positive(config: Config | undefined, key: string): number {
  const value = config?.getOptionalNumber(key) ?? 1;
  if (!(value > 0)) {
    throw new Error(
      `disasterRecovery.incidents.${key} must be a positive number, got ${value}`,
    );
  }
  return value;
}

/** Reads `disasterRecovery.incidents` with the plan's defaults. @public */
export function readIncidentEscalationSettings(
  config: Config,
): IncidentEscalationSettings {
  const c = config.getOptionalConfig('disasterRecovery.incidents');
  const groups = c?.getOptionalConfig('responseGroups');
  const responseGroups: Record<string, string> = {};
  for (const role of groups?.keys() ?? []) {
    const field = `disasterRecovery.incidents.responseGroups.${role}`;
    responseGroups[role] = normalizeEntityRefStrict(
      groups!.getString(role),
      field,
      { defaultKind: 'group' },
    );
  }
  const schedule = c?.getOptionalConfig('escalationSchedule');
  return {
    responseGroups,
    updateIntervalMs: parseDuration(
      c?.getOptionalString('updateInterval') ?? '15m',
      'disasterRecovery.incidents.updateInterval',
    ).ms,
    timeScale: positive(c, 'timeScale'),
    drillTimeScale: positive(c, 'drillTimeScale'),
    schedule: schedule
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(schedule)
      : { frequency: { minutes: 1 }, timeout: { minutes: 5 } },
  };
}

/** What one escalation pass needs. @public */
export interface IncidentEscalationOptions {
  store: IncidentStore;
  notifications: NotificationService;
  logger: LoggerService;
  policy: DrPolicy;
  settings: IncidentEscalationSettings;
  now: () => Date;
}

/** Who receives a notice: whoever holds the role on the incident, else the configured group. */
function recipientOf(
  incident: IncidentItem,
  role: string,
  settings: IncidentEscalationSettings,
): string | undefined {
  return (
    (incident.roles as Record<string, string | undefined>)[role] ??
    settings.responseGroups[role]
  );
}

function messageOf(
  notice: IncidentNotice,
  recipient: string | undefined,
): string {
  const what =
    notice.kind === 'escalation'
      ? `Escalation step ${notice.step}: ${notice.action}`
      : notice.action;
  return recipient
    ? `${what} (notified ${recipient})`
    : `${what} (not sent: no group configured for ${notice.role} in disasterRecovery.incidents.responseGroups)`;
}

/**
 * One escalation pass over the open incidents: claims each due notice exactly once (across
 * replicas and restarts) and sends it as a Backstage notification to the role's group. Returns
 * the notices this pass sent. A failed send fails the pass after the notice was claimed and
 * recorded on the timeline.
 */
export async function runIncidentEscalation(
  options: IncidentEscalationOptions,
): Promise<IncidentNotice[]> {
  const { store, settings } = options;
  const now = options.now();
  const sent: IncidentNotice[] = [];
  for await (const incident of pageIncidents(store, {
    state: 'open',
    order: 'asc',
  })) {
    const due = dueIncidentNotices(incident, now, {
      escalation: options.policy.escalation,
      updateIntervalMs: settings.updateIntervalMs,
      updateRole: 'communications-lead',
      claimed: await store.listNotices(incident.id),
      timeScale: incident.drill ? settings.drillTimeScale : settings.timeScale,
    });
    for (const notice of due) {
      const recipient = recipientOf(incident, notice.role, settings);
      const message = messageOf(notice, recipient);
      const claimed = await store.claimNotice(incident.id, notice.notice, {
        type: notice.kind === 'escalation' ? 'escalated' : 'reminder',
        actor: 'system',
        at: now,
        role: notice.role,
        step: notice.step,
        message,
      });
      if (!claimed) continue;
      if (!recipient) {
        options.logger.warn(`Incident ${incident.id}: ${message}`);
        continue;
      }
      await options.notifications.send({
        recipients: { type: 'entity', entityRef: recipient },
        payload: {
          title: `${incident.drill ? '[DRILL] ' : ''}${incident.id} ${
            incident.severity
          }: ${incident.title}`,
          description: message,
          link: `/disaster-recovery/incidents/${incident.id}`,
          severity: notice.kind === 'escalation' ? 'critical' : 'high',
          topic: INCIDENT_NOTIFICATION_TOPIC,
        },
      });
      sent.push(notice);
    }
  }
  return sent;
}

/** Schedules the escalation pass as a task with global scope (one replica runs it at a time). @public */
export async function scheduleIncidentEscalation(
  scheduler: SchedulerService,
  options: Omit<IncidentEscalationOptions, 'now'>,
): Promise<void> {
  await scheduler.scheduleTask({
    id: INCIDENT_ESCALATION_TASK_ID,
    scope: 'global',
    ...options.settings.schedule,
    fn: async () => {
      await runIncidentEscalation({ ...options, now: () => new Date() });
    },
  });
}
