import type { DatabaseTarget } from '@dr-portal/backstage-plugin-disaster-recovery-node';

/** `db on host:port (target name)`: where an operation acts, without any secret. */
export function describeDatabase(
  target: DatabaseTarget,
  database?: string,
): string {
  const p = target.primary;
  return `database ${database ?? p.database} on ${p.host}:${p.port} (target ${
    target.name
  })`;
}

/** `s3://bucket/prefix`: where a target's backups live. */
export function describeBackupLocation(
  target: DatabaseTarget,
  key?: string,
): string {
  return `s3://${target.s3.bucket}/${key ?? target.s3.prefix}`;
}
