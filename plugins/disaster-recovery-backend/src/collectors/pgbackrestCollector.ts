import { PgBackRestInfo } from '@dr-portal/backstage-plugin-disaster-recovery-node';
import {
  EvidenceStore,
  PgBackRestInfoSnapshot,
} from '../database/EvidenceStore';
import { describePgError, PgConnectionDetails, withPgClient } from './pgClient';

/** The pgBackRest stanza of one target, and the primary whose WAL it archives. @public */
export interface PgBackRestSource {
  target: string;
  stanza: string;
  /** Reads `pgbackrest info` for the stanza (the node library's `readPgBackRestInfo`). */
  readInfo: () => Promise<PgBackRestInfo>;
  /** The primary, to read `pg_stat_archiver` (when the last WAL segment was archived). */
  primary?: PgConnectionDetails;
}

/**
 * Reads pgBackRest info for one target and the primary's archiver state, and records the
 * snapshot: its backups, the WAL archive range, when WAL was last archived, and hence the PITR
 * window (from the end of the oldest backup to the last archived WAL).
 *
 * @public
 */
export async function collectPgBackRestInfo(
  source: PgBackRestSource,
  store: EvidenceStore,
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
      const archiver = await withPgClient(source.primary, async client => {
        const { rows } = await client.query(
          'SELECT last_archived_time, last_failed_time, last_failed_wal FROM pg_stat_archiver',
        );
        return rows[0];
      });
      if (archiver?.last_archived_time) {
        snapshot.lastArchivedAt = new Date(
          archiver.last_archived_time,
        ).toISOString();
      }
      if (
        archiver?.last_failed_time &&
        (!archiver.last_archived_time ||
          archiver.last_failed_time > archiver.last_archived_time)
      ) {
        snapshot.statusMessage = `${snapshot.statusMessage ?? ''}${
          snapshot.statusMessage ? '; ' : ''
        }WAL archiving is failing (last failure ${new Date(
          archiver.last_failed_time,
        ).toISOString()})`;
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
