import { InputError } from '@backstage/errors';
import { DatabaseTarget, targetDatabaseName } from '../target/target';

const SEGMENT = /^[A-Za-z0-9_+=@,-][A-Za-z0-9._+=@,-]*$/;

/** Validates an object key prefix (no leading/trailing slash, no `.`/`..` segments); empty is allowed. @public */
export function assertValidPrefix(prefix: unknown): string {
  if (typeof prefix !== 'string') {
    throw new InputError('Object store prefix must be a string');
  }
  if (prefix === '') {
    return prefix;
  }
  const segments = prefix.split('/');
  for (const segment of segments) {
    if (!SEGMENT.test(segment) || segment === '.' || segment === '..') {
      throw new InputError(
        `Invalid object store prefix ${JSON.stringify(
          prefix.slice(0, 200),
        )}: segments must match ${SEGMENT} and must not be empty, '.' or '..'`,
      );
    }
  }
  return prefix;
}

/** The key prefix (ending in `/`) under which all backups of a target's database live. @public */
export function backupPrefixFor(target: DatabaseTarget): string {
  const prefix = assertValidPrefix(target.s3.prefix);
  const db = targetDatabaseName(target);
  return prefix ? `${prefix}/${db}/` : `${db}/`;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Compact UTC stamp used in backup keys: `YYYYMMDDTHHMMSSZ`. @public */
export function keyTimestamp(at: Date): string {
  return `${at.getUTCFullYear()}${pad(at.getUTCMonth() + 1)}${pad(
    at.getUTCDate(),
  )}T${pad(at.getUTCHours())}${pad(at.getUTCMinutes())}${pad(
    at.getUTCSeconds(),
  )}Z`;
}

/** Object key of a backup taken at `takenAt`: `<prefix>/<db>/<YYYY>/<MM>/<DD>/<db>_<YYYYMMDDTHHMMSSZ>.dump`. @public */
export function backupKeyFor(target: DatabaseTarget, takenAt: Date): string {
  if (!(takenAt instanceof Date) || Number.isNaN(takenAt.getTime())) {
    throw new InputError('takenAt must be a valid date');
  }
  const db = targetDatabaseName(target);
  const key = `${backupPrefixFor(target)}${takenAt.getUTCFullYear()}/${pad(
    takenAt.getUTCMonth() + 1,
  )}/${pad(takenAt.getUTCDate())}/${db}_${keyTimestamp(takenAt)}.dump`;
  return assertKeyInPrefix(target, key);
}

/** Key of the statistics sidecar written next to a backup (`….stats.json`). @public */
export function statsKeyFor(backupKey: string): string {
  return `${backupKey.replace(/\.dump$/, '')}.stats.json`;
}

/** Key under which a backup is uploaded before it is published with its checksum. @public */
export function partialKeyFor(backupKey: string): string {
  return `${backupKey}.partial`;
}

/** Whether a listed key is a backup (not a statistics sidecar nor an unfinished upload). @public */
export function isBackupObjectKey(key: string): boolean {
  return !key.endsWith('.stats.json') && !key.endsWith('.partial');
}

/**
 * Throws an InputError unless `key` is a safe object key inside the target's backup prefix
 * (`<prefix>/<db>/`): no absolute path, `.`/`..` segments, empty segments, control characters,
 * backslashes or characters outside a conservative set. Returns the key.
 * @public
 */
export function assertKeyInPrefix(
  target: DatabaseTarget,
  key: unknown,
): string {
  if (typeof key !== 'string' || key.length === 0) {
    throw new InputError('Backup key must be a non-empty string');
  }
  const shown = JSON.stringify(key.slice(0, 200));
  if (key.length > 1024) {
    throw new InputError(`Backup key ${shown} is longer than 1024 characters`);
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(key)) {
    throw new InputError(
      `Backup key ${shown} contains control characters or a backslash`,
    );
  }
  if (key.startsWith('/')) {
    throw new InputError(`Backup key ${shown} must not be absolute`);
  }
  const segments = key.split('/');
  for (const segment of segments) {
    if (segment === '..' || segment === '.') {
      throw new InputError(
        `Backup key ${shown} must not contain '.' or '..' segments`,
      );
    }
    if (segment === '') {
      throw new InputError(`Backup key ${shown} has an empty path segment`);
    }
    if (!SEGMENT.test(segment)) {
      throw new InputError(
        `Backup key ${shown} has a segment with characters outside [A-Za-z0-9._+=@,-]`,
      );
    }
  }
  const prefix = backupPrefixFor(target);
  if (!key.startsWith(prefix) || key.length === prefix.length) {
    throw new InputError(
      `Backup key ${shown} is outside the prefix ${JSON.stringify(
        prefix,
      )} of target ${target.name}`,
    );
  }
  return key;
}
