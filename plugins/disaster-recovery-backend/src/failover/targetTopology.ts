import { ConflictError } from '@backstage/errors';
import { DatabaseTarget } from '@dr-portal/backstage-plugin-disaster-recovery-node';
import {
  ConfiguredServer,
  TargetTopology,
  TopologyStore,
} from '../database/TopologyStore';

/** Which configured server is the primary and which streams from it. @public */
export interface TargetRoles {
  primaryServer: ConfiguredServer;
  standbyServer?: ConfiguredServer;
}

/** The roles of a target as configured: `primary` streams to `standby` (when there is one). @public */
export function configuredRoles(target: DatabaseTarget): TargetRoles {
  return target.standby
    ? { primaryServer: 'primary', standbyServer: 'standby' }
    : { primaryServer: 'primary' };
}

/** The other configured server. @public */
export function otherServer(server: ConfiguredServer): ConfiguredServer {
  return server === 'primary' ? 'standby' : 'primary';
}

/**
 * The target as its servers are now: `primary` is the server that is the primary (the
 * configured standby after a switchover or failover), `standby` the one streaming from it, or
 * none until the old primary is reprotected. Every operation and collector acts on this view.
 *
 * @public
 */
export function applyTopology(
  configured: DatabaseTarget,
  topology?: Pick<TargetTopology, 'primaryServer' | 'standbyServer'>,
): DatabaseTarget {
  const roles = topology ?? configuredRoles(configured);
  const servers = { primary: configured.primary, standby: configured.standby };
  const primary = servers[roles.primaryServer];
  if (!primary) {
    throw new ConflictError(
      `Target ${configured.name} has its configured ${roles.primaryServer} recorded as its primary, but no such server is configured`,
    );
  }
  return {
    ...configured,
    primary,
    standby: roles.standbyServer ? servers[roles.standbyServer] : undefined,
  };
}

/** The target as its servers are now, from the recorded topology (the configured roles when none is recorded). @public */
export async function currentTarget(
  topology: Pick<TopologyStore, 'getTopology'>,
  configured: DatabaseTarget,
): Promise<DatabaseTarget> {
  return applyTopology(configured, await topology.getTopology(configured.name));
}
