import { Knex } from 'knex';
import {
  CheckStatus,
  FleetPostureQuery,
  PlatformFindingsQuery,
  PlatformFindingsResponse,
  PostureHistoryPoint,
  summarizeStatuses,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import {
  checkStatuses,
  CheckStatuses,
  postureChanged,
} from '../posture/transitions';
import { chunks, INSERT_CHUNK, Row } from './batches';
import {
  compact,
  dateOrNull,
  iso,
  isoOrUndefined,
  parseJson,
  stringOrUndefined,
} from './conversions';
import {
  applyPermissionFilter,
  countEntitiesByTarget,
  emptyCounts,
  queryFleet,
  STATUS_RANK,
} from './fleetQuery';
import { causeOf, queryPlatformFindings } from './postureCauses';
import {
  FleetPage,
  FleetPermissionFilter,
  PostureSnapshot,
  PostureStore,
  PreviousPosture,
} from './PostureStore';

/**
 * The knex implementation of the posture store: tables `dr_posture_snapshots`,
 * `dr_posture_checks` (one row per check, for counting), `dr_posture_history` (status changes)
 * and `dr_fleet_history`.
 *
 * @public
 */
export class DatabasePostureStore implements PostureStore {
  /** A store over the plugin database's client; the persistence context has migrated it. */
  static create(options: { knex: Knex }): DatabasePostureStore {
    return new DatabasePostureStore(options.knex);
  }

  private constructor(private readonly db: Knex) {}

  async getPreviousPostures(
    entityRefs: string[],
  ): Promise<Map<string, PreviousPosture>> {
    const result = new Map<string, PreviousPosture>();
    for (const chunk of chunks(entityRefs, INSERT_CHUNK)) {
      const rows = await this.db('dr_posture_snapshots')
        .select('entity_ref', 'overall', 'check_statuses')
        .whereIn('entity_ref', chunk);
      for (const row of rows) {
        result.set(row.entity_ref, {
          overall: row.overall,
          checks: parseJson(row.check_statuses, []),
        });
      }
    }
    return result;
  }

  async getEntityTiers(entityRefs: string[]): Promise<Map<string, string>> {
    const result = new Map<string, string>();
    for (const chunk of chunks(entityRefs, INSERT_CHUNK)) {
      const rows = await this.db('dr_posture_snapshots')
        .select('entity_ref', 'tier')
        .whereIn('entity_ref', chunk);
      for (const row of rows) result.set(row.entity_ref, row.tier);
    }
    return result;
  }

  async savePostureSnapshots(snapshots: PostureSnapshot[]): Promise<void> {
    for (const chunk of chunks(snapshots, 200)) {
      await this.db.transaction(async tx => {
        const refs = chunk.map(s => s.entityRef);
        const previous = new Map<string, CheckStatuses>();
        const rows = await tx('dr_posture_snapshots')
          .select('entity_ref', 'check_statuses')
          .whereIn('entity_ref', refs);
        for (const row of rows) {
          previous.set(row.entity_ref, parseJson(row.check_statuses, []));
        }
        await tx('dr_posture_snapshots')
          .insert(
            chunk.map(s => ({
              entity_ref: s.entityRef,
              title: s.title,
              tier: s.tier,
              owner: s.owner ?? null,
              target: s.target ?? null,
              database_ref: s.database ?? null,
              system_ref: s.system ?? null,
              overall: s.overall,
              overall_rank: STATUS_RANK[s.overall],
              checks: JSON.stringify(s.checks),
              check_statuses: JSON.stringify(checkStatuses(s.checks)),
              next_breach_at: dateOrNull(s.nextBreachAt),
              evaluated_at: new Date(s.evaluatedAt),
            })),
          )
          .onConflict('entity_ref')
          .merge();
        await tx('dr_posture_checks').whereIn('entity_ref', refs).delete();
        const checkRows = chunk.flatMap(s =>
          s.checks.map(c => ({
            entity_ref: s.entityRef,
            check_id: c.id,
            status: c.status,
            title: c.title,
            reason: c.reason,
            cause: causeOf(c),
          })),
        );
        for (const part of chunks(checkRows, INSERT_CHUNK)) {
          await tx('dr_posture_checks').insert(part);
        }
        const changed = chunk.filter(s =>
          postureChanged(previous.get(s.entityRef), s.checks),
        );
        for (const part of chunks(changed, INSERT_CHUNK)) {
          await tx('dr_posture_history').insert(
            part.map(s => ({
              entity_ref: s.entityRef,
              overall: s.overall,
              checks: JSON.stringify(checkStatuses(s.checks)),
              evaluated_at: new Date(s.evaluatedAt),
            })),
          );
        }
      });
    }
  }

  async deleteStaleSnapshots(before: Date): Promise<number> {
    let deleted = 0;
    await this.db.transaction(async tx => {
      const stale = tx('dr_posture_snapshots')
        .select('entity_ref')
        .where('evaluated_at', '<', before);
      await tx('dr_posture_checks').whereIn('entity_ref', stale).delete();
      deleted = await tx('dr_posture_snapshots')
        .where('evaluated_at', '<', before)
        .delete();
    });
    return deleted;
  }

  async getPostureSnapshot(
    entityRef: string,
  ): Promise<PostureSnapshot | undefined> {
    const row = await this.db('dr_posture_snapshots')
      .where('entity_ref', entityRef)
      .first();
    if (!row) return undefined;
    return compact<PostureSnapshot>({
      entityRef: row.entity_ref,
      title: row.title,
      tier: row.tier,
      owner: stringOrUndefined(row.owner),
      target: stringOrUndefined(row.target),
      database: stringOrUndefined(row.database_ref),
      system: stringOrUndefined(row.system_ref),
      overall: row.overall,
      checks: parseJson(row.checks, []),
      nextBreachAt: isoOrUndefined(row.next_breach_at),
      evaluatedAt: iso(row.evaluated_at),
    });
  }

  async queryFleet(
    query: FleetPostureQuery,
    permissionFilter?: FleetPermissionFilter,
    targets?: Array<string | null>,
  ): Promise<FleetPage> {
    return queryFleet(this.db, query, permissionFilter, targets);
  }

  async countEntitiesByTarget(
    permissionFilter?: FleetPermissionFilter,
  ): Promise<Array<{ target: string | null; entities: number }>> {
    return countEntitiesByTarget(this.db, permissionFilter);
  }

  async queryPlatformFindings(
    query: PlatformFindingsQuery,
    permissionFilter?: FleetPermissionFilter,
  ): Promise<PlatformFindingsResponse> {
    return queryPlatformFindings(this.db, query, permissionFilter);
  }

  async countCheckStatuses(
    checkIdPrefixes: string[],
    permissionFilter?: FleetPermissionFilter,
  ): Promise<Map<string, Record<CheckStatus, number>>> {
    const result = new Map<string, Record<CheckStatus, number>>();
    if (!checkIdPrefixes.length) return result;
    const q = this.db('dr_posture_checks as c')
      .join('dr_posture_snapshots as s', 's.entity_ref', 'c.entity_ref')
      .select('c.check_id', 'c.status')
      .count({ count: '*' })
      .where(b => {
        for (const prefix of checkIdPrefixes) {
          b.orWhere('c.check_id', 'like', `${prefix}%`);
        }
      })
      .groupBy('c.check_id', 'c.status');
    if (permissionFilter) applyPermissionFilter(q, permissionFilter);
    for (const row of (await q) as Row[]) {
      const counts = result.get(row.check_id) ?? emptyCounts();
      counts[row.status as CheckStatus] = Number(row.count);
      result.set(row.check_id, counts);
    }
    return result;
  }

  async recordFleetHistory(
    at: Date,
    counts: Record<CheckStatus, number>,
  ): Promise<void> {
    await this.db('dr_fleet_history').insert({ evaluated_at: at, ...counts });
  }

  async getFleetHistory(options: {
    since: Date;
    limit?: number;
  }): Promise<PostureHistoryPoint[]> {
    const rows = await this.db('dr_fleet_history')
      .where('evaluated_at', '>=', options.since)
      .orderBy('evaluated_at', 'desc')
      .limit(options.limit ?? 500);
    return rows.reverse().map(r => ({
      at: iso(r.evaluated_at),
      counts: {
        pass: Number(r.pass),
        warn: Number(r.warn),
        fail: Number(r.fail),
        unknown: Number(r.unknown),
      },
    }));
  }

  async getEntityHistory(options: {
    entityRef: string;
    since: Date;
    limit?: number;
  }): Promise<PostureHistoryPoint[]> {
    const q = this.db('dr_posture_history')
      .where('entity_ref', options.entityRef)
      .orderBy('evaluated_at', 'desc')
      .limit(options.limit ?? 500);
    const rows = await q.clone().where('evaluated_at', '>=', options.since);
    // The state at the start of the window is the last change before it.
    const before = await q
      .clone()
      .where('evaluated_at', '<', options.since)
      .first();
    const all = before ? [...rows, before] : rows;
    return all.reverse().map(r => ({
      at: iso(r.evaluated_at),
      counts: summarizeStatuses(parseJson<CheckStatuses>(r.checks, [])),
    }));
  }
}
