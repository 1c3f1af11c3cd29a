import {
  describePgError,
  PgBackRestInfo,
  PgConnection,
  withPg,
} from '@dr-portal/backstage-plugin-disaster-recovery-node';
import { COLLECTOR_PG_OPTIONS } from './collectorSettings';
import {
  ObservationStore,
  PgBackRestInfoSnapshot,
} from '../database/ObservationStore';
import { walExposure } from './walExposure';

/** The pgBackRest stanza of one target, and the primary whose WAL it archives. @public */
export interface PgBackRestSource {
  target: string;
  stanza: string;
  /** Reads `pgbackrest info` for the stanza (the node library's `readPgBackRestInfo`). */
  readInfo: () => Promise<PgBackRestInfo>;
  /** The primary, to read `pg_stat_archiver` (when the last WAL segment was archived). */
  primary?: PgConnection;
}

/**
 * Reads pgBackRest info for one target and the primary's archiver state, and records the
 * snapshot: its backups, the WAL archive range, when WAL was last archived, the PITR window (from
 * the end of the oldest backup to the last archived WAL), and the primary's WAL position against
 * the archive: what a disaster would lose now (see `walExposure`).
 *
 * @public
 */
export async function collectPgBackRestInfo(
  source: PgBackRestSource,
  store: ObservationStore,
  now: () => Date = () => new Date(),
): Promise<PgBackRestInfoSnapshot> {
  const observedAt = now().toISOString();
  let snapshot: PgBackRestInfoSnapshot;
  try {
    const info = await source.readInfo();
    snapshot = {
      target: source.target,
      stanza: source.stanza,
      observedAt,
      statusCode: info.status.code,
      statusMessage: info.status.message,
      backups: info.backups
        .filter(b => !b.error && b.stoppedAt)
        .map(b => ({
          label: b.label,
          type: b.type,
          startedAt: b.startedAt || b.stoppedAt,
          stoppedAt: b.stoppedAt,
          sizeBytes: b.sizeBytes,
          archiveStart: b.walStart,
          archiveStop: b.walStop,
        }))
        .sort((a, b) => a.stoppedAt.localeCompare(b.stoppedAt)),
      archiveMin: info.archive?.min,
      archiveMax: info.archive?.max,
    };
  } catch (error) {
    snapshot = {
      target: source.target,
      stanza: source.stanza,
      observedAt,
      statusCode: -1,
      statusMessage: `pgbackrest info failed: ${(error as Error).message}`,
      backups: [],
    };
  }

  if (source.primary) {
    try {
      const archiver = await withPg(
        source.primary,
        COLLECTOR_PG_OPTIONS,
        async client => {
          const { rows } = await client.query(
            `SELECT last_archived_time, last_archived_wal, last_failed_time,
                  pg_current_wal_lsn()::text AS current_lsn,
                  pg_size_bytes(current_setting('wal_segment_size'))::text AS segment_bytes,
                  current_setting('archive_mode') AS archive_mode
             FROM pg_stat_archiver`,
          );
          return rows[0];
        },
      );
      if (archiver?.last_archived_time) {
        snapshot.lastArchivedAt = new Date(
          archiver.last_archived_time,
        ).toISOString();
      }
      const lastFailedAt = archiver?.last_failed_time
        ? new Date(archiver.last_failed_time).toISOString()
        : undefined;
      if (
        lastFailedAt &&
        (!snapshot.lastArchivedAt || lastFailedAt > snapshot.lastArchivedAt)
      ) {
        snapshot.statusMessage = `${snapshot.statusMessage ?? ''}${
          snapshot.statusMessage ? '; ' : ''
        }WAL archiving is failing (last failure ${lastFailedAt})`;
      }
      if (archiver && archiver.archive_mode !== 'off') {
        const previous = await store.getLatestPgBackRestInfo(source.target);
        snapshot.walExposure = walExposure(
          {
            observedAt: now().toISOString(),
            currentLsn: archiver.current_lsn,
            lastArchivedWal: archiver.last_archived_wal ?? undefined,
            lastArchivedAt: snapshot.lastArchivedAt,
            lastFailedAt,
            segmentBytes: Number(archiver.segment_bytes),
            archiveMax: snapshot.archiveMax,
          },
          previous?.walExposure,
        );
      }
    } catch (error) {
      snapshot.statusMessage = `${snapshot.statusMessage ?? ''}${
        snapshot.statusMessage ? '; ' : ''
      }pg_stat_archiver unreadable: ${describePgError(error)}`;
    }
  }

  const oldest = snapshot.backups[0];
  const newest = snapshot.backups[snapshot.backups.length - 1];
  if (oldest) {
    snapshot.pitrStart = oldest.stoppedAt;
    snapshot.pitrEnd =
      snapshot.lastArchivedAt && snapshot.lastArchivedAt > newest.stoppedAt
        ? snapshot.lastArchivedAt
        : newest.stoppedAt;
  }
  await store.insertPgBackRestInfo(snapshot);
  return snapshot;
}
