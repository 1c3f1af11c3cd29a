import { Knex } from 'knex';
import { iso, stringOrUndefined } from './conversions';
import {
  ConfiguredServer,
  TargetTopology,
  TopologyStore,
} from './TopologyStore';

function server(value: unknown): ConfiguredServer | undefined {
  return value === 'primary' || value === 'standby' ? value : undefined;
}

/**
 * The knex implementation of the topology store: table `dr_target_topology`, one row per
 * target whose roles a run changed.
 *
 * @public
 */
export class DatabaseTopologyStore implements TopologyStore {
  /** A store over the plugin database's client; the persistence context has migrated it. */
  static create(options: { knex: Knex }): DatabaseTopologyStore {
    return new DatabaseTopologyStore(options.knex);
  }

  private constructor(private readonly db: Knex) {}

  async getTopology(target: string): Promise<TargetTopology | undefined> {
    const row = await this.db('dr_target_topology')
      .where('target', target)
      .first();
    return row ? this.toTopology(row) : undefined;
  }

  async setTopology(topology: TargetTopology): Promise<void> {
    await this.db('dr_target_topology')
      .insert({
        target: topology.target,
        primary_server: topology.primaryServer,
        standby_server: topology.standbyServer ?? null,
        changed_at: new Date(topology.changedAt),
        run_id: topology.runId ?? null,
      })
      .onConflict('target')
      .merge();
  }

  private toTopology(row: Record<string, unknown>): TargetTopology {
    const primaryServer = server(row.primary_server);
    if (!primaryServer) {
      throw new TypeError(
        `dr_target_topology: invalid primary_server ${String(
          row.primary_server,
        )} for target ${String(row.target)}`,
      );
    }
    const standbyServer = server(row.standby_server);
    const runId = stringOrUndefined(row.run_id);
    return {
      target: String(row.target),
      primaryServer,
      ...(standbyServer ? { standbyServer } : {}),
      changedAt: iso(row.changed_at),
      ...(runId ? { runId } : {}),
    };
  }
}
