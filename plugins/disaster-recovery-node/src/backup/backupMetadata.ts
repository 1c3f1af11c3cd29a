/** Names of the user metadata (`x-amz-meta-*`) every backup object carries. @public */
export const BACKUP_METADATA = {
  sha256: 'sha256',
  database: 'database',
  serverVersion: 'server-version',
  takenAt: 'taken-at',
  durationMs: 'duration-ms',
  dumpFormat: 'dump-format',
  compression: 'compression',
  tool: 'tool',
  statsSha256: 'stats-sha256',
  target: 'target',
  dataClass: 'data-class',
} as const;

/** Metadata of a backup as written by {@link createBackup}. @public */
export interface BackupMetadata {
  sha256?: string;
  database?: string;
  serverVersion?: string;
  takenAt?: string;
  durationMs?: number;
  dumpFormat?: string;
  compression?: string;
  tool?: string;
  statsSha256?: string;
  target?: string;
  /** Data class the backup holds (a backup of one data class); absent: the whole database. */
  dataClass?: string;
}

/** Reads our metadata from an S3 `Metadata` map (keys are lower-cased by S3). @public */
export function parseBackupMetadata(
  metadata: Record<string, string> | undefined,
): BackupMetadata {
  const m: Record<string, string> = {};
  for (const [k, v] of Object.entries(metadata ?? {})) {
    m[k.toLowerCase()] = v;
  }
  const duration = Number(m[BACKUP_METADATA.durationMs]);
  return {
    sha256: m[BACKUP_METADATA.sha256]?.toLowerCase(),
    database: m[BACKUP_METADATA.database],
    serverVersion: m[BACKUP_METADATA.serverVersion],
    takenAt: m[BACKUP_METADATA.takenAt],
    durationMs: Number.isFinite(duration) ? duration : undefined,
    dumpFormat: m[BACKUP_METADATA.dumpFormat],
    compression: m[BACKUP_METADATA.compression],
    tool: m[BACKUP_METADATA.tool],
    statsSha256: m[BACKUP_METADATA.statsSha256]?.toLowerCase(),
    target: m[BACKUP_METADATA.target],
    dataClass: m[BACKUP_METADATA.dataClass],
  };
}

/** Builds the S3 `Metadata` map of a backup (only defined values, all strings). @public */
export function formatBackupMetadata(
  meta: BackupMetadata,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, name] of Object.entries(BACKUP_METADATA)) {
    const value = meta[field as keyof BackupMetadata];
    if (value !== undefined && value !== '') {
      out[name] = String(value);
    }
  }
  return out;
}
