import { RecoveryRun } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { DatabaseTarget } from '@dr-portal/backstage-plugin-disaster-recovery-node';
import { replicationSource } from '../../collectors/collectorTargets';
import { observeReplication } from '../../collectors/replicationCollector';
import { applyTopology, TargetRoles } from '../../failover/targetTopology';
import { OperationStores } from '../types';

/** The roles a run left a target's servers in. */
export interface TopologyChange {
  /** The target as configured. */
  configured: DatabaseTarget;
  roles?: TargetRoles;
}

/**
 * Records the roles a run left the target's servers in, and observes replication in that
 * topology at once, so that the posture shows "no standby" right after a promotion and the
 * streaming standby right after a reprotect, without waiting for the collector. The run's
 * output names the new primary and standby.
 */
export async function recordTopologyChange(
  stores: Pick<OperationStores, 'topology' | 'observations'>,
  run: RecoveryRun,
  change: Required<TopologyChange>,
): Promise<void> {
  const { configured, roles } = change;
  await stores.topology.setTopology({
    target: configured.name,
    ...roles,
    changedAt: new Date().toISOString(),
    runId: run.id,
  });
  const now = applyTopology(configured, roles);
  const observation = await observeReplication(replicationSource(now));
  await stores.observations.insertReplicationObservation(observation);
  run.output = {
    ...run.output,
    topology: {
      primaryServer: roles.primaryServer,
      standbyServer: roles.standbyServer ?? null,
      standbyStreaming: observation.standbyConnected,
    },
  };
}
