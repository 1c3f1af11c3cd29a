import { BackupObjectInfo } from '../backup/listBackups';
import { findNewestBackup, headBackupObject } from '../backup/listBackups';
import { OperationContext } from '../operation/runOperation';
import { targetDatabaseName } from '../target/target';
import { DumpCheckList, DumpCheckMode } from './dumpChecks';

/**
 * The `locate` step every dump operation starts with — the given key's metadata (HEAD), else the
 * newest backup by time — and the checks its metadata allows (`size`, `metadata`), in a check
 * list for `mode`.
 * @public
 */
export async function locateDump(
  ctx: OperationContext,
  mode: DumpCheckMode,
  key: string | undefined,
): Promise<{ info: BackupObjectInfo; checks: DumpCheckList }> {
  const { target, signal } = ctx;
  const client = ctx.s3();
  const info = await ctx.steps.run(
    'locate',
    key ? `Read metadata of ${key}` : 'Find the newest backup by time',
    async setDetail => {
      const found = key
        ? await headBackupObject(target, key, { client, signal })
        : await findNewestBackup(target, { client, signal });
      setDetail(
        `${found.key}, taken ${found.takenAt.toISOString()} (${
          found.takenAtSource
        })`,
      );
      return found;
    },
  );
  const checks = new DumpCheckList(mode, targetDatabaseName(target), info.key);
  if (checks.size(info.sizeBytes)) {
    checks.metadata(info.metadata);
  }
  return { info, checks };
}
