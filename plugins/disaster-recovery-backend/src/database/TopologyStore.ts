/** One of a target's two configured servers (`disasterRecovery.targets.<name>.primary` / `.standby`). @public */
export type ConfiguredServer = 'primary' | 'standby';

/**
 * The current roles of a target's configured servers: which one is the primary, and which one
 * streams from it (none after a failover, until the old primary is reprotected).
 *
 * @public
 */
export interface TargetTopology {
  target: string;
  primaryServer: ConfiguredServer;
  /** Absent when no standby streams from the primary. */
  standbyServer?: ConfiguredServer;
  /** When a run last changed the roles (ISO 8601). */
  changedAt: string;
  /** The run that changed them. */
  runId?: string;
}

/**
 * The current primary/standby roles per target, written by switchover, failover and reprotect
 * runs, read by the operations and the replication collector. A target without a record has
 * its configured roles.
 *
 * @public
 */
export interface TopologyStore {
  /** The recorded roles of a target, or undefined when the configured roles apply. */
  getTopology(target: string): Promise<TargetTopology | undefined>;
  /** Records the roles of a target (replaces the previous record). */
  setTopology(topology: TargetTopology): Promise<void>;
}
