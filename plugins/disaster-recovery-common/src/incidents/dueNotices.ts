import { DrEscalationStep } from '../policy/types';
import { IncidentItem } from './types';

/** A notice an incident is due at some time: an escalation step or an update reminder. @public */
export interface IncidentNotice {
  /** Key that is claimed exactly once per incident: `escalation:<step>` or `reminder:<since>:<n>`. */
  notice: string;
  kind: 'escalation' | 'reminder';
  /** The role (or team) to notify. */
  role: string;
  /** Index of the escalation step in the policy's matrix (escalations only). */
  step?: number;
  /** The action the step calls for, or the reminder text. */
  action: string;
  /** When the notice became due. */
  dueAt: Date;
}

/** What {@link dueIncidentNotices} needs besides the incident. @public */
export interface DueNoticeOptions {
  /** The policy's escalation matrix. */
  escalation: DrEscalationStep[];
  /** The plan's "updates every 15 minutes": remind when no update was posted for this long. */
  updateIntervalMs: number;
  /** The role reminded to post an update. */
  updateRole: string;
  /** Notice keys already claimed for this incident. */
  claimed: Iterable<string>;
  /** Time is divided by this for drills that run the escalation faster (1 = real time). */
  timeScale?: number;
}

/**
 * The notices due for an incident at time `now` that were not yet claimed: every escalation step
 * whose threshold (time since the incident started) has passed, each once; and while the
 * incident is unacknowledged, one reminder per update interval without an update (only the
 * latest, so a backlog after downtime sends one). A resolved incident is due nothing.
 *
 * @public
 */
export function dueIncidentNotices(
  incident: Pick<
    IncidentItem,
    'status' | 'startedAt' | 'lastUpdateAt' | 'acknowledgedAt'
  >,
  now: Date,
  options: DueNoticeOptions,
): IncidentNotice[] {
  if (incident.status === 'resolved') return [];
  const scale = options.timeScale ?? 1;
  if (!(scale > 0)) {
    throw new RangeError(`timeScale must be positive, got ${scale}`);
  }
  const claimed = new Set(options.claimed);
  const started = Date.parse(incident.startedAt);
  const due: IncidentNotice[] = [];
  options.escalation.forEach((step, index) => {
    const dueAt = started + step.from.ms / scale;
    const notice = `escalation:${index}`;
    if (dueAt <= now.getTime() && !claimed.has(notice)) {
      due.push({
        notice,
        kind: 'escalation',
        role: step.responsible,
        step: index,
        action: step.action,
        dueAt: new Date(dueAt),
      });
    }
  });
  if (!incident.acknowledgedAt && options.updateIntervalMs > 0) {
    const since = Date.parse(incident.lastUpdateAt);
    const interval = options.updateIntervalMs / scale;
    const count = Math.floor((now.getTime() - since) / interval);
    const notice = `reminder:${since}:${count}`;
    if (count >= 1 && !claimed.has(notice)) {
      due.push({
        notice,
        kind: 'reminder',
        role: options.updateRole,
        action: `No update posted for ${Math.round(
          (count * options.updateIntervalMs) / 60_000,
        )} minutes: post a status update`,
        dueAt: new Date(since + count * interval),
      });
    }
  }
  return due;
}

/** Where an open incident stands in its escalation: the next step and the next update due. @public */
export interface IncidentEscalationStatus {
  /** Escalation time runs this many times faster than real time (drills, demo). */
  timeScale: number;
  /** The next escalation step that has not begun yet; absent once the last step has begun. */
  nextStep?: { step: number; role: string; action: string; dueAt: string };
  /** When a status update is due (the update rule), while unacknowledged. */
  nextUpdateDueAt?: string;
}

/**
 * The next escalation step of an open incident after `now` and when its next status update is
 * due, by the same rule as {@link dueIncidentNotices}. Undefined for a resolved incident.
 *
 * @public
 */
export function nextIncidentEscalation(
  incident: Pick<
    IncidentItem,
    'status' | 'startedAt' | 'lastUpdateAt' | 'acknowledgedAt'
  >,
  now: Date,
  options: Omit<DueNoticeOptions, 'claimed' | 'updateRole'>,
): IncidentEscalationStatus | undefined {
  if (incident.status === 'resolved') return undefined;
  const timeScale = options.timeScale ?? 1;
  if (!(timeScale > 0)) {
    throw new RangeError(`timeScale must be positive, got ${timeScale}`);
  }
  const started = Date.parse(incident.startedAt);
  const index = options.escalation.findIndex(
    s => started + s.from.ms / timeScale > now.getTime(),
  );
  const step = index >= 0 ? options.escalation[index] : undefined;
  const interval = options.updateIntervalMs / timeScale;
  const since = Date.parse(incident.lastUpdateAt);
  const count = Math.max(1, Math.floor((now.getTime() - since) / interval) + 1);
  return {
    timeScale,
    ...(step
      ? {
          nextStep: {
            step: index,
            role: step.responsible,
            action: step.action,
            dueAt: new Date(started + step.from.ms / timeScale).toISOString(),
          },
        }
      : {}),
    ...(!incident.acknowledgedAt && options.updateIntervalMs > 0
      ? { nextUpdateDueAt: new Date(since + count * interval).toISOString() }
      : {}),
  };
}
