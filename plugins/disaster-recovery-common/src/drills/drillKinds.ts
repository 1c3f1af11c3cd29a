/**
 * The kinds of DR drill: each rehearses the recovery of a disaster scenario in a way that leaves
 * production alone (or, for the live switchover, only when someone asks for it).
 */

/** Every drill kind, in the order forms offer them. @public */
export const DRILL_KINDS = [
  'restore',
  'tenant-restore',
  'isolated-failover',
  'live-switchover',
] as const;

/**
 * A kind of drill:
 * - `restore`: restore the newest backup (or a point in time) into a scratch database, validate
 *   it against the source's statistics, measure, drop it;
 * - `tenant-restore`: restore one tenant's rows into a side schema, compare counts, drop it;
 * - `isolated-failover`: build a throwaway standby, promote it, run smoke queries, tear it down;
 * - `live-switchover`: a real switchover and switchback (opt-in, never scheduled).
 * @public
 */
export type DrillKind = (typeof DRILL_KINDS)[number];

/** What a drill kind is, for people and for the scheduler. @public */
export interface DrillKindInfo {
  kind: DrillKind;
  title: string;
  description: string;
  /** Whether the drill changes production (only the live switchover does). */
  touchesProduction: boolean;
  /** Whether the scheduler runs it when due (never for drills that touch production). */
  scheduled: boolean;
  /** Whether it needs a tenant entity (it restores one tenant's rows). */
  needsTenant: boolean;
}

/** The drill kinds, described. @public */
export const DRILL_KIND_INFO: Readonly<Record<DrillKind, DrillKindInfo>> = {
  restore: {
    kind: 'restore',
    title: 'Restore drill',
    description:
      'Restores the newest backup or a point in time into a scratch database, validates it against the source, measures RTO and RPO, and drops it.',
    touchesProduction: false,
    scheduled: true,
    needsTenant: false,
  },
  'tenant-restore': {
    kind: 'tenant-restore',
    title: 'Tenant restore drill',
    description:
      "Restores one tenant's rows into a side schema, compares the counts with the backup, measures RTO and RPO, and drops the schema.",
    touchesProduction: false,
    scheduled: true,
    needsTenant: true,
  },
  'isolated-failover': {
    kind: 'isolated-failover',
    title: 'Isolated test failover',
    description:
      'Builds a throwaway standby, lets it catch up, promotes it without fencing anything, runs smoke queries, measures RTO and data loss, and tears it down.',
    touchesProduction: false,
    scheduled: true,
    needsTenant: false,
  },
  'live-switchover': {
    kind: 'live-switchover',
    title: 'Live switchover drill',
    description:
      'A real switchover to the standby and back through the failover operations, for the annual full simulation. Opt-in: never scheduled.',
    touchesProduction: true,
    scheduled: false,
    needsTenant: false,
  },
};

/** Whether a value is one of {@link DRILL_KINDS}. @public */
export function isDrillKind(value: unknown): value is DrillKind {
  return (DRILL_KINDS as readonly unknown[]).includes(value);
}
