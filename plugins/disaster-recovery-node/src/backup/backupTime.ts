/**
 * "When was this backup taken": one rule for the posture's index and for every operation that
 * looks for the newest backup.
 */

/** Where the time a backup was taken came from. @public */
export type BackupTimeSource = 'metadata' | 'key' | 'last-modified';

/** The time a backup was taken, and where that time came from. @public */
export interface BackupTakenAt {
  takenAt: Date;
  source: BackupTimeSource;
}

/**
 * Clock skew allowed between the host that took a backup and the object store: a backup is
 * uploaded after it is taken, so a time more than this after the object's LastModified is not
 * believed. @public
 */
export const BACKUP_CLOCK_SKEW_MS = 5 * 60 * 1000;

const STAMP =
  /(?<![0-9])(\d{4})(\d{2})(\d{2})[T_](\d{2})(\d{2})(\d{2})Z?(?![0-9])/g;

/**
 * The time stamped in an object key, read as UTC: the product's `YYYYMMDDTHHMMSSZ`
 * (`ecommerce_20261203T073000Z.dump`) or the plan scripts' `YYYYMMDD_HHMMSS`
 * (`ecommerce_20261203_073000.dump`). The last stamp in the key wins; date folders
 * (`2026/12/03/`) are not stamps. Undefined when the key has no valid stamp.
 * @public
 */
export function takenAtFromKey(key: string): Date | undefined {
  const matches = [...key.matchAll(STAMP)];
  const last = matches[matches.length - 1];
  if (!last) return undefined;
  const [, y, mo, d, h, mi, s] = last.map(Number);
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  // Impossible stamps such as month 13 or 25 o'clock: Date.UTC would roll them over.
  const exact =
    date.getUTCFullYear() === y &&
    date.getUTCMonth() === mo - 1 &&
    date.getUTCDate() === d &&
    date.getUTCHours() === h &&
    date.getUTCMinutes() === mi &&
    date.getUTCSeconds() === s;
  return exact ? date : undefined;
}

function parseTime(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * When a backup object was taken, by the one rule the index and the operations share:
 *
 * 1. its `taken-at` metadata (written by the product's backups), else
 * 2. the stamp in its key (`takenAtFromKey`, e.g. the plan's `ecommerce_20261203_073000.dump`),
 *    else
 * 3. its LastModified (the end of its upload).
 *
 * A time from 1 or 2 that lies more than {@link BACKUP_CLOCK_SKEW_MS} after LastModified is not
 * believed (a backup cannot be uploaded before it is taken; e.g. a stamp written in local time
 * ahead of UTC), and the next source is used. So a backup's time is never later than its
 * LastModified plus the skew, which lets a search for the newest backup stop early. Key order is
 * never used.
 * @public
 */
export function backupTakenAt(object: {
  key: string;
  lastModified: Date;
  /** The object's `taken-at` metadata value, when it was read (HEAD). */
  takenAtMetadata?: string;
}): BackupTakenAt {
  const latest = object.lastModified.getTime() + BACKUP_CLOCK_SKEW_MS;
  const fromMetadata = parseTime(object.takenAtMetadata);
  if (fromMetadata && fromMetadata.getTime() <= latest) {
    return { takenAt: fromMetadata, source: 'metadata' };
  }
  const fromKey = takenAtFromKey(object.key);
  if (fromKey && fromKey.getTime() <= latest) {
    return { takenAt: fromKey, source: 'key' };
  }
  return { takenAt: object.lastModified, source: 'last-modified' };
}
