import {
  CheckResult,
  CheckStatus,
  FleetPostureItem,
  FleetPostureQuery,
  PlatformFindingsQuery,
  PlatformFindingsResponse,
  PostureHistoryPoint,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { PermissionCriteria } from '@backstage/plugin-permission-common';
import { CheckStatuses } from '../posture/transitions';

/** The latest posture of one entity, as the evaluator writes it. @public */
export interface PostureSnapshot {
  entityRef: string;
  title: string;
  tier: string;
  owner?: string;
  target?: string;
  /** The database entity whose evidence the posture used (entity ref). */
  database?: string;
  /** The system the entity is part of (entity ref). */
  system?: string;
  overall: CheckStatus;
  checks: CheckResult[];
  nextBreachAt?: string;
  evaluatedAt: string;
}

/** What the store keeps of a previous snapshot to detect transitions. @public */
export interface PreviousPosture {
  overall: CheckStatus;
  checks: CheckStatuses;
}

/** A field of a posture snapshot that permission conditions can filter on. @public */
export type FleetFilterField = 'owner' | 'tier' | 'entityRef';

/** One permission condition translated to a store filter. @public */
export interface FleetFilter {
  field: FleetFilterField;
  values: string[];
}

/** Permission conditions over posture snapshots (allOf / anyOf / not of field filters). @public */
export type FleetPermissionFilter = PermissionCriteria<FleetFilter>;

/** One page of the fleet with the counts of every status. @public */
export interface FleetPage {
  items: FleetPostureItem[];
  totalItems: number;
  counts: Record<CheckStatus, number>;
  /** Every tier the permission filter lets through, whatever the query's filters. */
  tiers: string[];
  /** Every owner the permission filter lets through, whatever the query's filters. */
  owners: string[];
}

/**
 * Posture snapshots of every evaluated entity, their history of status changes and the fleet's
 * history: written by the evaluation round, read by the fleet, entity and history APIs.
 *
 * @public
 */
export interface PostureStore {
  /** The previous posture of the given entities (for transition detection). */
  getPreviousPostures(
    entityRefs: string[],
  ): Promise<Map<string, PreviousPosture>>;
  /** The tier of each of the given entities that has a snapshot. */
  getEntityTiers(entityRefs: string[]): Promise<Map<string, string>>;
  /** Writes snapshots (replacing earlier ones) and a history row for each that changed. */
  savePostureSnapshots(snapshots: PostureSnapshot[]): Promise<void>;
  /** Removes snapshots not re-evaluated since `before` (entities gone from the catalog). */
  deleteStaleSnapshots(before: Date): Promise<number>;
  /** The latest snapshot of one entity. */
  getPostureSnapshot(entityRef: string): Promise<PostureSnapshot | undefined>;
  /**
   * One page of the fleet, filtered, sorted and counted on the database; with `targets`, only
   * the entities of those targets (`null`: entities without one).
   */
  queryFleet(
    query: FleetPostureQuery,
    permissionFilter?: FleetPermissionFilter,
    targets?: Array<string | null>,
  ): Promise<FleetPage>;
  /** How many entities (snapshots) use each target, `null` for those without one. */
  countEntitiesByTarget(
    permissionFilter?: FleetPermissionFilter,
  ): Promise<Array<{ target: string | null; entities: number }>>;
  /** Causes shared by many entities (platform findings), paged, with the entities they affect. */
  queryPlatformFindings(
    query: PlatformFindingsQuery,
    permissionFilter?: FleetPermissionFilter,
  ): Promise<PlatformFindingsResponse>;
  /** Entities per status of each check whose id starts with one of the prefixes. */
  countCheckStatuses(
    checkIdPrefixes: string[],
    permissionFilter?: FleetPermissionFilter,
  ): Promise<Map<string, Record<CheckStatus, number>>>;
  /** Records the fleet's counts of one evaluation round. */
  recordFleetHistory(
    at: Date,
    counts: Record<CheckStatus, number>,
  ): Promise<void>;
  /** The fleet's counts per round since a moment, oldest first. */
  getFleetHistory(options: {
    since: Date;
    limit?: number;
  }): Promise<PostureHistoryPoint[]>;
  /** One entity's status changes since a moment (and its state at the start), oldest first. */
  getEntityHistory(options: {
    entityRef: string;
    since: Date;
    limit?: number;
  }): Promise<PostureHistoryPoint[]>;
}
