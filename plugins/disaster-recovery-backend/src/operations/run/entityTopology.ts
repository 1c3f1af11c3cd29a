import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  TargetTopologyResponse,
  TopologyServer,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import {
  DatabaseTarget,
  getTarget,
  PgConnection,
} from '@dr-portal/backstage-plugin-disaster-recovery-node';
import { ConfiguredServer } from '../../database/TopologyStore';
import { configuredRoles } from '../../failover/targetTopology';
import { OperationStores } from '../types';
import { resolveReadableEntity } from './permission';

function describeServer(
  configured: DatabaseTarget,
  server: ConfiguredServer,
): TopologyServer {
  const connection: PgConnection | undefined = configured[server];
  if (!connection) {
    throw new Error(
      `Target ${configured.name} records its configured ${server} in a role, but no such server is configured`,
    );
  }
  // host and port only: the connection's user and password stay in the backend
  return { configured: server, host: connection.host, port: connection.port };
}

/**
 * The current primary and standby of an entity's database target (the recorded topology, or
 * the configured roles while no run changed them), the run that changed them and the newest
 * replication observation. Needs the posture read permission on the entity.
 */
export async function getEntityTopology(
  deps: {
    catalog: CatalogService;
    permissions: PermissionsService;
    targets: ReadonlyMap<string, DatabaseTarget>;
    stores: Pick<OperationStores, 'topology' | 'observations' | 'runs'>;
  },
  entityRef: string,
  credentials: BackstageCredentials,
): Promise<TargetTopologyResponse> {
  const entity = await resolveReadableEntity(deps, entityRef, credentials);
  const configured = getTarget(deps.targets, entity.target);
  const [recorded, replication] = await Promise.all([
    deps.stores.topology.getTopology(configured.name),
    deps.stores.observations.getLatestReplicationObservation(configured.name),
  ]);
  const roles = recorded ?? configuredRoles(configured);
  const run = recorded?.runId
    ? await deps.stores.runs.getRecoveryRun(recorded.runId)
    : undefined;
  const standbyConfigured = !!configured.standby;
  return {
    target: configured.name,
    databaseRef: entity.databaseRef,
    primary: describeServer(configured, roles.primaryServer),
    standby: roles.standbyServer
      ? describeServer(configured, roles.standbyServer)
      : null,
    standbyConfigured,
    reprotectNeeded: standbyConfigured && !roles.standbyServer,
    ...(recorded
      ? {
          change: {
            at: recorded.changedAt,
            ...(recorded.runId ? { runId: recorded.runId } : {}),
            ...(run
              ? { operation: run.operation, initiatedBy: run.initiatedBy }
              : {}),
          },
        }
      : {}),
    ...(replication
      ? {
          replication: {
            observedAt: replication.observedAt,
            standbyConnected: replication.standbyConnected,
            ...(replication.replayLagSeconds !== undefined
              ? { replayLagSeconds: replication.replayLagSeconds }
              : {}),
            ...(replication.lagBytes !== undefined
              ? { lagBytes: replication.lagBytes }
              : {}),
          },
        }
      : {}),
  };
}
