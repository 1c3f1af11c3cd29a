import {
  DatabaseTarget,
  getTarget,
} from '@dr-portal/backstage-plugin-disaster-recovery-node';
import { applyTopology, configuredRoles } from '../../failover/targetTopology';
import { PrepareContext } from '../operationDefinition';
import { ResolvedEntity } from '../resolveEntity';
import { OperationStores } from '../types';

/**
 * What an operation is prepared with: the entity's target as its servers are now (a switchover
 * or failover swaps the roles; the recorded topology says how), the target as configured, the
 * parsed parameters, and the holder of the target's lock for a dry run's checks.
 */
export async function prepareContext<P>(
  deps: {
    stores: Pick<OperationStores, 'topology' | 'runs'>;
    targets: ReadonlyMap<string, DatabaseTarget>;
  },
  options: {
    entity: ResolvedEntity;
    parameters: P;
    now: Date;
    dryRun: boolean;
    /** The run being prepared: its id and who asked for it. */
    run?: { id: string; initiatedBy: string };
  },
): Promise<PrepareContext<P>> {
  const configured = getTarget(deps.targets, options.entity.target);
  const roles =
    (await deps.stores.topology.getTopology(configured.name)) ??
    configuredRoles(configured);
  const target = applyTopology(configured, roles);
  return {
    ...options,
    target,
    configured,
    roles,
    lockHolder: async () => {
      const holder = await deps.stores.runs.getLock(target.name);
      return holder && (holder.runId ?? holder.owner);
    },
  };
}
