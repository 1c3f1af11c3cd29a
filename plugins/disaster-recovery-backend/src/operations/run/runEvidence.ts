import { RecoveryRun } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { scrubSecrets } from '@dr-portal/backstage-plugin-disaster-recovery-node';
import { randomUUID } from 'node:crypto';
import { OperationDefinition, OperationOutcome } from '../operationDefinition';
import { OperationStores } from '../types';
import { HeadBackup, verifiedBackupId } from './verifiedBackup';
import { recordTopologyChange, TopologyChange } from './runTopology';

/** What a finished run leaves to record. */
interface RunResult extends Partial<TopologyChange> {
  definition: OperationDefinition;
  prepared: unknown;
  outcome?: OperationOutcome;
  failure?: Error;
  /** Reads a backup object now, to check a verified backup is still there when recorded. */
  headBackup: HeadBackup;
}

/**
 * Records the evidence of a finished run: the backup it took, the verification it made (also a
 * failed one) against the backup row it verified, once that backup is confirmed still there, and
 * the new roles of the target's servers with the replication they leave. When that fails, the run fails too, with a failed `record-evidence` step: without
 * its evidence the posture would not show what the run did.
 */
export async function recordRunEvidence(
  stores: OperationStores,
  run: RecoveryRun,
  secrets: string[],
  result: RunResult,
): Promise<void> {
  const startedAt = new Date().toISOString();
  const error = await writeEvidence(stores, run, result);
  if (error) {
    failForMissingEvidence(run, error, secrets, startedAt);
  }
}

async function writeEvidence(
  stores: OperationStores,
  run: RecoveryRun,
  result: RunResult,
): Promise<Error | undefined> {
  const { definition, prepared, outcome, failure } = result;
  try {
    // first: the roles of the servers decide where every later operation acts
    if (result.roles && result.configured) {
      await recordTopologyChange(stores, run, {
        configured: result.configured,
        roles: result.roles,
      });
    }
    if (outcome?.backup) {
      await stores.backups.upsertBackups([
        outcome.backup,
        ...(outcome.copies ?? []),
      ]);
    }
    const verification = outcome
      ? outcome.verification
      : failure && definition.onFailure?.(prepared, failure)?.verification;
    if (verification) {
      const { object, ...record } = verification;
      const backupId = object
        ? await verifiedBackupId(stores.backups, object, result.headBackup)
        : undefined;
      await stores.verifications.recordVerification({
        ...record,
        ...(backupId ? { backupId } : {}),
        id: randomUUID(),
        runId: run.id,
      });
    }
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
  return undefined;
}

function failForMissingEvidence(
  run: RecoveryRun,
  error: Error,
  secrets: string[],
  startedAt: string,
): void {
  const message = `its evidence could not be recorded: ${scrubSecrets(
    error.message,
    secrets,
  )}`;
  if (run.status === 'succeeded') {
    run.status = 'failed';
    run.error = `The operation completed, but ${message}`.slice(0, 4000);
  } else {
    run.error = `${run.error}; ${message}`.slice(0, 4000);
  }
  run.steps.push({
    id: 'record-evidence',
    title: 'Record the evidence of this run',
    status: 'failed',
    startedAt,
    finishedAt: new Date().toISOString(),
    detail: message.slice(0, 1000),
  });
}

/**
 * Key of the target's newest backup whose verification passed, from the recorded evidence: the
 * expected shape's fallback when a backup has no statistics and the live database is unreachable.
 */
export async function lastVerifiedKey(
  stores: Pick<OperationStores, 'verifications'>,
  target: string,
): Promise<string | undefined> {
  const recent = await stores.verifications.listVerifications({
    target,
    limit: 50,
  });
  for (const v of recent) {
    const key = v.detail?.key;
    if (v.status === 'pass' && typeof key === 'string' && key) {
      return key;
    }
  }
  return undefined;
}
