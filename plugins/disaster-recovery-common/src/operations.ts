import { InputError } from '@backstage/errors';

/**
 * Every operation the disaster-recovery backend's executor runs (`POST /operations`, the
 * scaffolder actions and the actions registry all name one of these).
 *
 * @public
 */
export const RECOVERY_OPERATION_NAMES = [
  'backup',
  'verify',
  'restore',
  'restore-tenant',
  'restore-pitr',
  'discard-copy',
  'switchover',
  'failover',
  'reprotect',
  'drill',
] as const;

/** One of {@link RECOVERY_OPERATION_NAMES}. @public */
export type RecoveryOperationName = (typeof RECOVERY_OPERATION_NAMES)[number];

/**
 * Operations whose run brings data or service back, or rehearses doing so: their runs carry a
 * purpose (test, drill or recovery, see `RUN_PURPOSE_FEEDS`), and only a recovery is an incident
 * recovery whose duration is a time to recovery (MTTR) and which counts as a failure (MTBF).
 * A failback is not one of them: the service was already recovered by the failover it
 * undoes, so counting it would report two incidents for one and a failback's duration as a
 * scenario's recovery time. A switchover moves the service while both servers are healthy: it
 * rehearses a failover (a test, or a drill of a scenario) unless its caller says it recovers.
 * A reprotect restores protection and is neither. Backups, verifications and discarding copies
 * are not either.
 *
 * @public
 */
export const RESTORING_OPERATIONS: readonly string[] = [
  'restore',
  'restore-pitr',
  'restore-tenant',
  'failover',
  'switchover',
  'drill',
];

/** Where a restore reads from: a logical dump, or the WAL archive up to a point in time. @public */
export type RestoreSource = 'dump' | 'point-in-time';

/** What a restore writes: a whole database, or one tenant's rows into a side schema. @public */
export type RestoreScope = 'database' | 'tenant';

/** A restore as its callers (scaffolder action, actions registry) describe it. @public */
export interface RestoreRequest {
  /** Default `dump`. */
  source?: RestoreSource;
  /** Default `database`. */
  scope?: RestoreScope;
  /** Object key of the dump; absent or `newest` for the newest backup by time. */
  key?: string;
  /** Point in time to recover to (source `point-in-time` only). */
  targetTime?: string;
  /** Repoint traffic to the verified copy (scope `database` only). */
  cutOver?: boolean;
  /** Ids of checks whose warnings the caller accepts (source `dump` only); recorded with the run. */
  acceptWarnings?: string[];
}

/** The key a caller sends to mean "the newest backup". @public */
export const NEWEST_BACKUP_KEY = 'newest';

/**
 * The executor's operation and parameters for a restore: `restore-pitr` for a point in time,
 * `restore-tenant` for one tenant's rows from a dump, `restore` for a whole database from a dump.
 * A combination that does not exist is an InputError naming the field: a tenant-scoped
 * point-in-time restore, a point-in-time restore without `targetTime` or with a `key` or
 * `acceptWarnings`, a `targetTime` for a dump, a cut-over of a tenant's side schema.
 *
 * @public
 */
export function restoreOperationFor(request: RestoreRequest): {
  operation: Extract<
    RecoveryOperationName,
    'restore' | 'restore-tenant' | 'restore-pitr'
  >;
  parameters: Record<string, unknown>;
} {
  const source = request.source ?? 'dump';
  const scope = request.scope ?? 'database';
  const key =
    request.key && request.key !== NEWEST_BACKUP_KEY ? request.key : undefined;
  const cutOver = !!request.cutOver;
  const acceptWarnings = request.acceptWarnings ?? [];
  const accepting = acceptWarnings.length ? { acceptWarnings } : {};
  if (source === 'point-in-time') {
    if (scope === 'tenant') {
      throw new InputError(
        'scope "tenant" reads one tenant from a dump; point-in-time restores whole databases (use scope "database")',
      );
    }
    if (!request.targetTime) {
      throw new InputError(
        'A point-in-time restore needs targetTime (ISO 8601 date-time)',
      );
    }
    if (key) {
      throw new InputError(
        'A backup key applies to restores from a dump, not to point-in-time restores',
      );
    }
    if (acceptWarnings.length) {
      throw new InputError(
        'acceptWarnings applies to restores from a dump, not to point-in-time restores',
      );
    }
    return {
      operation: 'restore-pitr',
      parameters: { targetTime: request.targetTime, cutOver },
    };
  }
  if (request.targetTime) {
    throw new InputError(
      'targetTime applies to point-in-time restores (source "point-in-time"), not to restores from a dump',
    );
  }
  if (scope === 'tenant') {
    if (cutOver) {
      throw new InputError(
        'cutOver does not apply to a tenant-scoped restore: it writes into a side schema and never cuts over',
      );
    }
    return {
      operation: 'restore-tenant',
      parameters: { ...(key ? { key } : {}), ...accepting },
    };
  }
  return {
    operation: 'restore',
    parameters: { ...(key ? { key } : {}), cutOver, ...accepting },
  };
}
