import { WalExposureEvidence } from '@dr-portal/backstage-plugin-disaster-recovery-common';

/** One reading of the primary's WAL position and archiver state, with the archive's newest segment. */
export interface WalPositionReading {
  /** When the primary was read (ISO 8601). */
  observedAt: string;
  /** `pg_current_wal_lsn()`, e.g. `0/5000060`. */
  currentLsn: string;
  /** `pg_stat_archiver.last_archived_wal`: a segment, `.partial`, `.backup` or `.history` file name. */
  lastArchivedWal?: string;
  /** `pg_stat_archiver.last_archived_time` (ISO 8601). */
  lastArchivedAt?: string;
  /** `pg_stat_archiver.last_failed_time` (ISO 8601). */
  lastFailedAt?: string;
  /** `wal_segment_size` in bytes. */
  segmentBytes: number;
  /** The newest WAL segment in the archive repository (`pgbackrest info` archive max), if read. */
  archiveMax?: string;
}

const SEGMENT_NAME = /^([0-9A-F]{8})([0-9A-F]{8})([0-9A-F]{8})$/;

/** Parses an LSN (`X/Y`, hexadecimal) to a bigint; undefined when malformed. */
export function parseLsn(lsn: string | undefined): bigint | undefined {
  const m = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(lsn ?? '');
  if (!m) return undefined;
  return (BigInt(`0x${m[1]}`) << 32n) | BigInt(`0x${m[2]}`);
}

/** Formats a bigint LSN as PostgreSQL does (`X/Y`, upper-case hexadecimal). */
export function formatLsn(lsn: bigint): string {
  return `${(lsn >> 32n).toString(16).toUpperCase()}/${(lsn & 0xffffffffn)
    .toString(16)
    .toUpperCase()}`;
}

/**
 * The LSN just past the end of a complete WAL segment file (e.g. `000000010000000000000005` with
 * 16 MiB segments gives `0/6000000`). Undefined for anything that is not a complete segment:
 * `.partial`, `.backup` and `.history` files say nothing about which segments are archived.
 */
export function segmentEndLsn(
  name: string | undefined,
  segmentBytes: number,
): bigint | undefined {
  const m = SEGMENT_NAME.exec(name ?? '');
  if (!m || segmentBytes <= 0) return undefined;
  const segmentsPerLogId = 0x100000000n / BigInt(segmentBytes);
  const segno = BigInt(`0x${m[2]}`) * segmentsPerLogId + BigInt(`0x${m[3]}`);
  return (segno + 1n) * BigInt(segmentBytes);
}

/**
 * What a disaster would lose now when restoring from the WAL archive: everything after the end of
 * the newest archived segment. `unarchivedSince` is the earliest time a record after that point
 * may have been written, narrowed by the previous reading:
 *
 * - if everything the previous reading saw is archived now, the unarchived records came after it;
 * - if the archive has not moved since a previous reading that already had unarchived records,
 *   they are the same records: the exposure keeps its start;
 * - otherwise the first unarchived record follows the newest archived segment, which was finished
 *   just before it was archived (`last_archived_time`).
 *
 * Returns undefined when the archived position cannot be told (nothing archived yet, no segment
 * name): the posture then falls back to the age of the newest recovery point.
 */
export function walExposure(
  reading: WalPositionReading,
  previous?: WalExposureEvidence,
): WalExposureEvidence | undefined {
  const current = parseLsn(reading.currentLsn);
  const ends = [
    segmentEndLsn(reading.lastArchivedWal, reading.segmentBytes),
    segmentEndLsn(reading.archiveMax, reading.segmentBytes),
  ].filter((e): e is bigint => e !== undefined);
  if (current === undefined || ends.length === 0) return undefined;
  const archived = ends.reduce((a, b) => (b > a ? b : a));
  const archiverFailing =
    reading.lastFailedAt !== undefined &&
    (reading.lastArchivedAt === undefined ||
      Date.parse(reading.lastFailedAt) > Date.parse(reading.lastArchivedAt));
  const out: WalExposureEvidence = {
    observedAt: reading.observedAt,
    currentLsn: formatLsn(current),
    archivedLsn: formatLsn(archived),
  };
  if (archiverFailing) out.archiverFailing = true;
  if (current <= archived) return out;

  const previousCurrent = parseLsn(previous?.currentLsn);
  const previousArchived = parseLsn(previous?.archivedLsn);
  const previousAt = previous ? Date.parse(previous.observedAt) : NaN;
  const usablePrevious =
    previous !== undefined &&
    Number.isFinite(previousAt) &&
    previousAt <= Date.parse(reading.observedAt);
  if (
    usablePrevious &&
    previousCurrent !== undefined &&
    previousCurrent <= archived
  ) {
    out.unarchivedSince = previous!.observedAt;
  } else if (
    usablePrevious &&
    previous!.unarchivedSince !== undefined &&
    previousArchived === archived
  ) {
    out.unarchivedSince = previous!.unarchivedSince;
  } else {
    out.unarchivedSince = reading.lastArchivedAt ?? reading.observedAt;
  }
  return out;
}
