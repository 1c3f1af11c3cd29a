import { BackupItem } from '@dr-portal/backstage-plugin-disaster-recovery-common';

/**
 * A backup object as the S3 indexer writes it: an {@link IndexedBackup} before the store gives it
 * an id and a verification, with its times as dates. @public
 */
export interface NewBackup
  extends Omit<
    IndexedBackup,
    'id' | 'takenAt' | 'lastModified' | 'verification'
  > {
  takenAt: Date;
  lastModified: Date;
}

/** What an indexed backup's object was when it was read: what tells whether it changed since. @public */
export interface IndexedBackupVersion {
  bucket: string;
  key: string;
  etag?: string;
  lastModified: Date;
}

/** Where the S3 indexer of one target lists, and when it last listed all of it. @public */
export interface IndexCursor {
  target: string;
  bucket: string;
  prefix: string;
  /** Unused since the index re-lists open scopes instead of listing after a cursor. */
  lastKey?: string;
  updatedAt: Date;
  lastFullScanAt?: Date;
}

/** A backup as the store keeps it: the API shape plus where it is and which data it holds. @public */
export interface IndexedBackup extends BackupItem {
  /** Region of the bucket. */
  region?: string;
  /** Data class the backup holds; absent when it holds the whole database. */
  dataClass?: string;
}

/** The backups the posture evaluation needs of one target, bounded in size. @public */
export interface BackupEvidenceSample {
  /** Newest backups (by time taken, never by key), newest first. */
  newest: IndexedBackup[];
  /** Oldest backup still kept per data class (`''` for whole-database backups). */
  oldest: IndexedBackup[];
  /** The first backup ever indexed, including since-deleted ones (ISO 8601). */
  firstBackupAt?: string;
  /** How many backups are kept. */
  count: number;
}

/** Where a backup row stands: its id, the ETag indexed, and whether the object was found gone. @public */
export interface BackupRowState {
  id: string;
  etag?: string;
  /** Set when the indexer no longer found the object (ISO 8601). */
  deletedAt?: string;
}

/** A page of backups. @public */
export interface BackupPage {
  items: IndexedBackup[];
  totalItems: number;
}

/**
 * The index of backups in object storage and where the indexer of each target stopped: written
 * by the S3 indexer and by backup runs, read by the backups API and the posture evaluation.
 *
 * @public
 */
export interface BackupStore {
  /** Inserts or updates backups by (bucket, key); marks them seen now. */
  upsertBackups(backups: NewBackup[]): Promise<void>;
  /**
   * The kept (not deleted) backups of a target with their versions: all of them, or those in
   * `within.bucket` whose key starts with the prefix of one of `within.scopes` and with none of
   * its `except` prefixes. The answer may hold more (the indexer filters exactly).
   */
  listIndexedBackupVersions(
    target: string,
    within?: {
      bucket: string;
      scopes: Array<{ prefix: string; except?: string[] }>;
    },
  ): Promise<IndexedBackupVersion[]>;
  /** Marks the given kept backups of a target as deleted; returns how many were marked. */
  markBackupsDeleted(
    target: string,
    backups: Array<{ bucket: string; key: string }>,
  ): Promise<number>;
  /** The row of one object, deleted or not; undefined when it was never indexed. */
  findBackup(bucket: string, key: string): Promise<BackupRowState | undefined>;
  /** Where the indexer of a target stopped, if it ran. */
  getIndexCursor(target: string): Promise<IndexCursor | undefined>;
  /** Records where the indexer of a target stopped. */
  setIndexCursor(cursor: IndexCursor): Promise<void>;
  /** Backups of the given targets, newest first by time taken, paged. */
  listBackups(options: {
    targets: string[];
    offset?: number;
    limit?: number;
  }): Promise<BackupPage>;
  /** The bounded sample of backups that a posture evaluation needs. */
  getBackupEvidence(target: string): Promise<BackupEvidenceSample>;
}
