/**
 * The span a point-in-time restore can reach, read from pgBackRest (`pgbackrest info` and the
 * primary's archiver) when the entity's target has a stanza.
 *
 * @public
 */
export type RecoveryWindowPitr =
  | {
      available: true;
      /** The pgBackRest stanza of the target. */
      stanza: string;
      /** The earliest restorable moment: just after the oldest good backup ended (ISO 8601). */
      earliest: string;
      /** The latest restorable moment: the last archived WAL, else the newest backup's end (ISO 8601). */
      latest: string;
      /** Where `latest` comes from. */
      latestSource: 'archiver' | 'backup';
    }
  | {
      available: false;
      /** Why no point-in-time restore is possible (no stanza, no backup, pgBackRest unreadable). */
      reason: string;
    };

/** One logical backup (dump) a restore from a dump can start from. @public */
export interface RecoveryWindowDump {
  key: string;
  /** When the dump was taken (ISO 8601). */
  takenAt: string;
  /** The latest verification of the dump, when it was verified. */
  verification?: { status: 'pass' | 'fail'; verifiedAt: string };
}

/**
 * Response of `GET /entities/:kind/:namespace/:name/recovery-window`: what the entity's database
 * can be recovered to: the PITR range from pgBackRest, and the times of the indexed dumps.
 *
 * @public
 */
export interface RecoveryWindowResponse {
  /** Target name (`dr.platform.io/target` of the database). */
  target: string;
  /** The database Resource whose target this is. */
  databaseRef: string;
  /** When the window was read (ISO 8601). */
  observedAt: string;
  pitr: RecoveryWindowPitr;
  /** The newest dumps first (at most `dumpLimit`). */
  dumps: RecoveryWindowDump[];
  /** How many dumps the index holds for the target. */
  totalDumps: number;
  /** The oldest indexed dump's time (ISO 8601), when there is one. */
  oldestDumpAt?: string;
}

/**
 * Why a point in time cannot be restored to, or undefined when it lies inside the window (both
 * ends included). One rule for the form that asks for the time and the operation that refuses it.
 *
 * @public
 */
export function pointInTimeOutsideWindow(
  window: { earliest: string; latest: string },
  time: Date,
  where: string,
): string | undefined {
  const ms = time.getTime();
  if (Number.isNaN(ms)) return 'targetTime is not a valid date';
  if (ms < Date.parse(window.earliest) || ms > Date.parse(window.latest)) {
    return `targetTime ${time.toISOString()} is outside the PITR window ${
      window.earliest
    } .. ${window.latest} of ${where}`;
  }
  return undefined;
}
