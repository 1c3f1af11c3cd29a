import { DateTime } from 'luxon';
import type { CheckStatus } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { formatRelative } from '../common';

/** How close to a due date counts as "due soon" (amber). */
export const DUE_SOON_DAYS = 30;

/**
 * A due moment's state: fail when past, warn when within {@link DUE_SOON_DAYS}, pass otherwise,
 * unknown if unreadable. A bare date (`YYYY-MM-DD`) is due at the end of that day; a time is due
 * at that moment.
 */
export function dueStatus(
  dueIso: string | undefined,
  now = Date.now(),
): { status: CheckStatus; text: string } {
  if (!dueIso) return { status: 'unknown', text: 'no date' };
  const parsed = DateTime.fromISO(dueIso);
  const due = /^\d{4}-\d{2}-\d{2}$/.test(dueIso) ? parsed.endOf('day') : parsed;
  if (!due.isValid)
    return { status: 'unknown', text: `unreadable date ${dueIso}` };
  const day = due.toISODate() ?? dueIso;
  const ms = due.toMillis() - now;
  const rel = formatRelative(due.toISO() ?? dueIso, now);
  if (ms < 0) return { status: 'fail', text: `overdue since ${day} (${rel})` };
  if (ms < DUE_SOON_DAYS * 86_400_000) {
    return { status: 'warn', text: `due ${day} (${rel})` };
  }
  return { status: 'pass', text: `due ${day} (${rel})` };
}
