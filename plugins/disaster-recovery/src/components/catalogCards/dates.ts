import { DateTime, Duration } from 'luxon';
import type { CheckStatus } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { formatRelative, parseDurationSeconds } from '../common';

/** How close to a due date counts as "due soon" (amber). */
export const DUE_SOON_DAYS = 30;

/** A due date's state: fail when past, warn when within {@link DUE_SOON_DAYS}, pass otherwise, unknown if unreadable. */
export function dueStatus(
  dueIso: string | undefined,
  now = Date.now(),
): { status: CheckStatus; text: string } {
  if (!dueIso) return { status: 'unknown', text: 'no date' };
  const due = DateTime.fromISO(dueIso).endOf('day');
  if (!due.isValid)
    return { status: 'unknown', text: `unreadable date ${dueIso}` };
  const ms = due.toMillis() - now;
  const rel = formatRelative(due.toISO() ?? dueIso, now);
  if (ms < 0)
    return { status: 'fail', text: `overdue since ${dueIso} (${rel})` };
  if (ms < DUE_SOON_DAYS * 86_400_000) {
    return { status: 'warn', text: `due ${dueIso} (${rel})` };
  }
  return { status: 'pass', text: `due ${dueIso} (${rel})` };
}

/** The date a review falls due: last review plus interval (ISO `P1M` or compact `30d`). */
export function nextReview(
  lastReviewed: string | undefined,
  interval: string | undefined,
): string | undefined {
  if (!lastReviewed || !interval) return undefined;
  const last = DateTime.fromISO(lastReviewed);
  if (!last.isValid) return undefined;
  const iso = Duration.fromISO(interval);
  if (iso.isValid) return last.plus(iso).toISODate() ?? undefined;
  const seconds = parseDurationSeconds(interval);
  if (seconds === undefined) return undefined;
  return last.plus({ seconds }).toISODate() ?? undefined;
}
