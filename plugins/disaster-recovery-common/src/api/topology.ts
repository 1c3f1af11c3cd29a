/**
 * One of a database target's two configured servers (`disasterRecovery.targets.<name>.primary`
 * or `.standby`) in its current role.
 *
 * @public
 */
export interface TopologyServer {
  /** Which configured server it is: after a switchover the configured `standby` is the primary. */
  configured: 'primary' | 'standby';
  /** The server's host as configured. */
  host: string;
  /** The server's port as configured. */
  port: number;
}

/**
 * Response of `GET /entities/:kind/:namespace/:name/topology`: the current primary and standby
 * of the entity's database target, and the run that last changed them.
 *
 * @public
 */
export interface TargetTopologyResponse {
  /** Target name (`dr.platform.io/target` of the database). */
  target: string;
  /** The database Resource whose target this is. */
  databaseRef: string;
  /** The server that takes writes now. */
  primary: TopologyServer;
  /**
   * The server streaming from the primary; null when none does (after a switchover or
   * failover, until the old primary is reprotected, or when no standby is configured).
   */
  standby: TopologyServer | null;
  /** Whether the target has a standby configured at all. */
  standbyConfigured: boolean;
  /** Whether a reprotect is needed: a standby is configured but none streams from the primary. */
  reprotectNeeded: boolean;
  /** The run that last changed the roles; absent while the configured roles apply. */
  change?: {
    /** When the roles changed (ISO 8601). */
    at: string;
    runId?: string;
    /** The run's operation (switchover, failover, reprotect), when the run is recorded. */
    operation?: string;
    /** Who started the run. */
    initiatedBy?: string;
  };
  /** The newest replication observation of the target (collector or run). */
  replication?: {
    observedAt: string;
    standbyConnected: boolean;
    replayLagSeconds?: number;
    lagBytes?: number;
  };
}
