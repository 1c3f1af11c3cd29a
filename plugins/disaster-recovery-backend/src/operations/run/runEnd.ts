import { RecoveryRun } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import {
  DatabaseTarget,
  targetSecrets,
} from '@dr-portal/backstage-plugin-disaster-recovery-node';
import { TargetFailoverSettings } from '../../failover/failoverSettings';
import { OperationDefinition, OperationOutcome } from '../operationDefinition';
import { OperationStores } from '../types';
import { recordRunEvidence } from './runEvidence';
import { endedRun } from './runOutcome';
import { headBackupOf } from './verifiedBackup';

/**
 * How a run ended, on a copy (readers of the live run see it running until its evidence is
 * recorded, or refused): its status, output and measured times (or its failure, without any
 * secret), then its evidence, including the roles it left the target's servers in (also after a
 * failure: a promotion that failed later still promoted).
 */
export async function recordRunEnd(
  stores: OperationStores,
  run: RecoveryRun,
  result: {
    definition: OperationDefinition;
    prepared: unknown;
    outcome?: OperationOutcome;
    failure?: Error;
    signal: AbortSignal;
    secrets: string[];
    /** The target as acted on, and as configured. */
    target: DatabaseTarget;
    configured: DatabaseTarget;
  },
): Promise<{ finished: RecoveryRun; finishedAt: Date }> {
  const { definition, prepared, outcome, failure, secrets } = result;
  const finishedAt = new Date();
  const finished = endedRun(run, {
    outcome,
    failure,
    signal: result.signal,
    secrets,
    finishedAt,
    failureOutput: failure && definition.onFailure?.(prepared, failure),
  });
  await recordRunEvidence(stores, finished, secrets, {
    definition,
    prepared,
    outcome,
    failure,
    headBackup: headBackupOf(result.target),
    configured: result.configured,
    roles: definition.rolesAfter?.(prepared, finished.steps),
  });
  return { finished, finishedAt };
}

/** Every secret a run on a target may meet: the target's, and those of its failover settings. */
export function runSecrets(
  target: DatabaseTarget,
  failover?: ReadonlyMap<string, Pick<TargetFailoverSettings, 'secrets'>>,
): string[] {
  return [
    ...targetSecrets(target),
    ...(failover?.get(target.name)?.secrets ?? []),
  ];
}
