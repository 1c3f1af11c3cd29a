import { Knex } from 'knex';
import {
  CHECK_STATUSES,
  CheckStatus,
  FleetPostureItem,
  emptyStatusCounts,
  FleetPostureQuery,
  statusRank,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import {
  isAndCriteria,
  isNotCriteria,
  isOrCriteria,
} from '@backstage/plugin-permission-node';
import { Row } from './batches';
import {
  compact,
  iso,
  isoOrUndefined,
  parseJson,
  stringOrUndefined,
} from './conversions';
import { FleetFilter, FleetPage, FleetPermissionFilter } from './PostureStore';
import { worstChecksOf } from './postureCauses';

/** Rank of an overall status for sorting: worst first (the shared status order). */
export const STATUS_RANK = Object.fromEntries(
  CHECK_STATUSES.map(status => [status, statusRank(status)]),
) as Record<CheckStatus, number>;

/** Default page size of the fleet. */
export const DEFAULT_FLEET_LIMIT = 50;

const FILTER_COLUMNS: Record<FleetFilter['field'], string> = {
  owner: 's.owner',
  tier: 's.tier',
  entityRef: 's.entity_ref',
};

const SORT_COLUMNS: Record<NonNullable<FleetPostureQuery['sort']>, string> = {
  entityRef: 's.entity_ref',
  title: 's.title',
  overall: 's.overall_rank',
  tier: 's.tier',
  nextBreachAt: 's.next_breach_at',
};

/** Zero counts for every status. */
export function emptyCounts(): Record<CheckStatus, number> {
  return emptyStatusCounts();
}

/** Adds permission conditions (allOf / anyOf / not of field filters) to a snapshot query. */
export function applyPermissionFilter(
  qb: Knex.QueryBuilder,
  criteria: FleetPermissionFilter,
): void {
  if (isAndCriteria(criteria)) {
    if (!criteria.allOf.length) return;
    qb.where(inner => {
      for (const c of criteria.allOf) {
        inner.andWhere(b => applyPermissionFilter(b, c));
      }
    });
  } else if (isOrCriteria(criteria)) {
    if (!criteria.anyOf.length) {
      qb.whereRaw('1 = 0');
      return;
    }
    qb.where(inner => {
      for (const c of criteria.anyOf) {
        inner.orWhere(b => applyPermissionFilter(b, c));
      }
    });
  } else if (isNotCriteria(criteria)) {
    qb.whereNot(b => applyPermissionFilter(b, criteria.not));
  } else if (!criteria.values.length) {
    // A rule with no values matches nothing.
    qb.whereRaw('1 = 0');
  } else {
    qb.whereIn(FILTER_COLUMNS[criteria.field], criteria.values);
  }
}

/**
 * Applies the filters of a fleet query to a query over `dr_posture_snapshots as s`. The overall
 * status filter is left out when `includeStatus` is false (the per-status counts are over the
 * fleet filtered by everything else). With `failingCheck`, the status filter (default `fail`)
 * applies to that check and not to the overall status.
 */
export function applyFleetFilters(
  db: Knex,
  qb: Knex.QueryBuilder,
  query: FleetPostureQuery,
  options: {
    includeStatus: boolean;
    permissionFilter?: FleetPermissionFilter;
    /** Only entities of these targets (`null`: entities without one). */
    targets?: Array<string | null>;
  },
): void {
  if (query.tier?.length) qb.whereIn('s.tier', query.tier);
  if (query.owner) qb.where('s.owner', query.owner);
  if (query.database) qb.where('s.database_ref', query.database);
  if (query.system) qb.where('s.system_ref', query.system);
  if (query.q) {
    const like = `%${query.q
      .toLocaleLowerCase('en-US')
      .replace(/[\\%_]/g, m => `\\${m}`)}%`;
    qb.where(b =>
      b
        .whereRaw(`LOWER(s.entity_ref) LIKE ? ESCAPE '\\'`, [like])
        .orWhereRaw(`LOWER(s.title) LIKE ? ESCAPE '\\'`, [like])
        .orWhereRaw(`LOWER(s.owner) LIKE ? ESCAPE '\\'`, [like]),
    );
  }
  if (query.cause) {
    qb.whereExists(
      db('dr_posture_checks as pc')
        .select(db.raw('1'))
        .whereRaw('pc.entity_ref = s.entity_ref')
        .where('pc.cause', query.cause),
    );
  }
  if (query.failingCheck) {
    const statuses = query.status?.length ? query.status : ['fail'];
    qb.whereExists(
      db('dr_posture_checks as c')
        .select(db.raw('1'))
        .whereRaw('c.entity_ref = s.entity_ref')
        .where('c.check_id', query.failingCheck)
        .whereIn('c.status', statuses),
    );
  } else if (options.includeStatus && query.status?.length) {
    qb.whereIn('s.overall', query.status);
  }
  if (options.targets) {
    const named = options.targets.filter((t): t is string => t !== null);
    const none = options.targets.includes(null);
    if (!named.length && !none) {
      qb.whereRaw('1 = 0');
    } else {
      qb.where(b => {
        if (named.length) b.whereIn('s.target', named);
        if (none) b.orWhereNull('s.target');
      });
    }
  }
  if (options.permissionFilter) {
    applyPermissionFilter(qb, options.permissionFilter);
  }
}

/** How many snapshots (entities) use each target, `null` for those without one. */
export async function countEntitiesByTarget(
  db: Knex,
  permissionFilter?: FleetPermissionFilter,
): Promise<Array<{ target: string | null; entities: number }>> {
  const q = db('dr_posture_snapshots as s')
    .select('s.target')
    .count({ count: '*' })
    .groupBy('s.target')
    .orderBy('s.target');
  if (permissionFilter) applyPermissionFilter(q, permissionFilter);
  return ((await q) as Row[]).map(r => ({
    target: stringOrUndefined(r.target) ?? null,
    entities: Number(r.count),
  }));
}

/** Adds the sort order of a fleet query (ties broken by entity ref, nulls last). */
export function applyFleetSort(
  qb: Knex.QueryBuilder,
  query: FleetPostureQuery,
): void {
  const order = query.order ?? 'asc';
  const sort = query.sort ?? 'overall';
  const column = SORT_COLUMNS[sort];
  // Nulls last on every engine (knex's own `nulls` option drops the column on SQLite).
  qb.orderByRaw(`CASE WHEN ${column} IS NULL THEN 1 ELSE 0 END`);
  qb.orderBy(column, order);
  if (sort !== 'entityRef') qb.orderBy('s.entity_ref', 'asc');
}

/** Turns `overall -> count` rows into counts for every status. */
export function countsFromRows(
  rows: Array<{ overall: string; count: unknown }>,
): Record<CheckStatus, number> {
  const counts = emptyCounts();
  for (const row of rows) {
    if ((CHECK_STATUSES as readonly string[]).includes(row.overall)) {
      counts[row.overall as CheckStatus] = Number(row.count);
    }
  }
  return counts;
}

/**
 * One page of the fleet from `dr_posture_snapshots`: filtered, sorted and paged on the database,
 * with the per-status counts (over every filter but the status) and the tiers the caller may see.
 */
export async function queryFleet(
  db: Knex,
  query: FleetPostureQuery,
  permissionFilter?: FleetPermissionFilter,
  targets?: Array<string | null>,
): Promise<FleetPage> {
  const page = db('dr_posture_snapshots as s').select(
    's.entity_ref',
    's.title',
    's.tier',
    's.owner',
    's.database_ref',
    's.overall',
    's.check_statuses',
    's.next_breach_at',
    's.evaluated_at',
  );
  applyFleetFilters(db, page, query, {
    includeStatus: true,
    permissionFilter,
    targets,
  });
  applyFleetSort(page, query);
  page.offset(query.offset ?? 0).limit(query.limit ?? DEFAULT_FLEET_LIMIT);

  const countQuery = db('dr_posture_snapshots as s')
    .select('s.overall')
    .count({ count: '*' })
    .groupBy('s.overall');
  applyFleetFilters(db, countQuery, query, {
    includeStatus: false,
    permissionFilter,
    targets,
  });

  // every tier the caller may see, whatever the other filters (the options of the tier filter)
  const tierQuery = db('dr_posture_snapshots as s')
    .distinct('s.tier')
    .orderBy('s.tier');
  applyFleetFilters(
    db,
    tierQuery,
    {},
    { includeStatus: false, permissionFilter },
  );

  // every owner the caller may see (the options of the owner filter)
  const ownerQuery = db('dr_posture_snapshots as s')
    .distinct('s.owner')
    .whereNotNull('s.owner')
    .orderBy('s.owner');
  applyFleetFilters(
    db,
    ownerQuery,
    {},
    { includeStatus: false, permissionFilter },
  );

  const [rows, countRows, tierRows, ownerRows] = await Promise.all([
    page,
    countQuery,
    tierQuery,
    ownerQuery,
  ]);
  const worst = await worstChecksOf(
    db,
    (rows as Row[]).map(r => r.entity_ref),
    permissionFilter,
  );
  const counts = countsFromRows(countRows as any);
  const statusFilter =
    !query.failingCheck && query.status?.length ? query.status : undefined;
  const totalItems = (Object.keys(counts) as CheckStatus[])
    .filter(s => !statusFilter || statusFilter.includes(s))
    .reduce((sum, s) => sum + counts[s], 0);
  return {
    items: rows.map((r: Row) =>
      compact<FleetPostureItem>({
        entityRef: r.entity_ref,
        title: r.title,
        tier: r.tier,
        owner: stringOrUndefined(r.owner),
        overall: r.overall,
        checks: parseJson(r.check_statuses, []),
        nextBreachAt: isoOrUndefined(r.next_breach_at),
        evaluatedAt: iso(r.evaluated_at),
        database: stringOrUndefined(r.database_ref),
        worstCheck: worst.get(r.entity_ref)?.worstCheck,
        platformFindings: worst.get(r.entity_ref)?.platform ?? 0,
      }),
    ),
    totalItems,
    counts,
    tiers: (tierRows as Array<{ tier: string | null }>)
      .map(r => r.tier)
      .filter((t): t is string => typeof t === 'string' && t !== ''),
    owners: (ownerRows as Array<{ owner: string | null }>)
      .map(r => r.owner)
      .filter((o): o is string => typeof o === 'string' && o !== ''),
  };
}
