import { createHash } from 'node:crypto';
import { Knex } from 'knex';
import {
  CheckStatus,
  FleetWorstCheck,
  PLATFORM_FINDING_MIN_ENTITIES,
  PlatformFinding,
  PlatformFindingsQuery,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { FleetPermissionFilter } from './PostureStore';
import { applyPermissionFilter, STATUS_RANK } from './fleetQuery';

/** Default page size of the platform findings. */
const DEFAULT_FINDINGS_LIMIT = 20;
/** Bound variables per `IN (...)` list. */
const IN_CHUNK = 500;

/**
 * The cause key of a check result: equal for every entity whose check has the same id, status
 * and reason, so a shared cause (one region, one overdue runbook review, one vendor) is one key.
 */
export function causeOf(check: {
  id: string;
  status: string;
  reason: string;
}): string {
  return createHash('sha256')
    .update(`${check.id}\n${check.status}\n${check.reason}`)
    .digest('hex')
    .slice(0, 32);
}

/** `CASE` expression ranking `c.status` worst first (fail, unknown, warn, pass). */
function statusRankSql(column: string): string {
  return `CASE ${column} ${Object.entries(STATUS_RANK)
    .map(([s, r]) => `WHEN '${s}' THEN ${r}`)
    .join(' ')} ELSE 1 END`;
}

/** Checks that do not pass and carry a cause, joined to their snapshots (for permissions). */
function notPassingChecks(
  db: Knex,
  permissionFilter?: FleetPermissionFilter,
): Knex.QueryBuilder {
  const q = db('dr_posture_checks as c')
    .join('dr_posture_snapshots as s', 's.entity_ref', 'c.entity_ref')
    .whereNot('c.status', 'pass')
    .whereNotNull('c.cause');
  if (permissionFilter) applyPermissionFilter(q, permissionFilter);
  return q;
}

/**
 * Platform findings: causes shared by at least `minEntities` entities the caller may read, worst
 * status first, then the widest, paged on the database; with the number of entities any of them
 * affects.
 */
export async function queryPlatformFindings(
  db: Knex,
  query: PlatformFindingsQuery,
  permissionFilter?: FleetPermissionFilter,
): Promise<{
  items: PlatformFinding[];
  totalItems: number;
  affectedEntities: number;
}> {
  const min = query.minEntities ?? PLATFORM_FINDING_MIN_ENTITIES;
  const groups = () =>
    notPassingChecks(db, permissionFilter)
      .select('c.cause')
      .groupBy('c.cause')
      .havingRaw('COUNT(*) >= ?', [min]);

  const page = notPassingChecks(db, permissionFilter)
    .select('c.cause', 'c.check_id', 'c.status')
    .max({ title: 'c.title', reason: 'c.reason' })
    .count({ entities: '*' })
    .groupBy('c.cause', 'c.check_id', 'c.status')
    .havingRaw('COUNT(*) >= ?', [min])
    .orderByRaw(statusRankSql('c.status'))
    .orderBy('entities', 'desc')
    .orderBy('c.check_id', 'asc')
    .orderBy('c.cause', 'asc')
    .offset(query.offset ?? 0)
    .limit(query.limit ?? DEFAULT_FINDINGS_LIMIT);
  const total = db.from(groups().as('g')).count({ count: '*' }).first();
  const affected = notPassingChecks(db, permissionFilter)
    .countDistinct({ count: 'c.entity_ref' })
    .whereIn('c.cause', groups())
    .first();

  const [rows, totalRow, affectedRow] = await Promise.all([
    page,
    total,
    affected,
  ]);
  return {
    items: (rows as Array<Record<string, any>>).map(r => ({
      cause: r.cause,
      checkId: r.check_id,
      title: r.title ?? r.check_id,
      status: r.status as CheckStatus,
      reason: r.reason ?? '',
      entityCount: Number(r.entities),
    })),
    totalItems: Number((totalRow as any)?.count ?? 0),
    affectedEntities: Number((affectedRow as any)?.count ?? 0),
  };
}

/**
 * The worst not-passing check of each entity, preferring one particular to it over a platform
 * finding, and how many of its not-passing checks are platform findings (causes shared by at
 * least `minEntities` entities the caller may read).
 */
export async function worstChecksOf(
  db: Knex,
  entityRefs: string[],
  permissionFilter?: FleetPermissionFilter,
  minEntities = PLATFORM_FINDING_MIN_ENTITIES,
): Promise<Map<string, { worstCheck?: FleetWorstCheck; platform: number }>> {
  const result = new Map<
    string,
    { worstCheck?: FleetWorstCheck; platform: number }
  >();
  if (!entityRefs.length) return result;
  const checks: Array<Record<string, any>> = [];
  for (let i = 0; i < entityRefs.length; i += IN_CHUNK) {
    checks.push(
      ...(await db('dr_posture_checks as c')
        .select('c.entity_ref', 'c.check_id', 'c.title', 'c.status')
        .select('c.reason', 'c.cause')
        .whereIn('c.entity_ref', entityRefs.slice(i, i + IN_CHUNK))
        .whereNot('c.status', 'pass')),
    );
  }
  const causes = [
    ...new Set(checks.map(c => c.cause).filter((c): c is string => !!c)),
  ];
  const shared = new Map<string, number>();
  for (let i = 0; i < causes.length; i += IN_CHUNK) {
    const rows = await notPassingChecks(db, permissionFilter)
      .select('c.cause')
      .count({ count: '*' })
      .whereIn('c.cause', causes.slice(i, i + IN_CHUNK))
      .groupBy('c.cause');
    for (const r of rows as Array<Record<string, any>>) {
      shared.set(r.cause, Number(r.count));
    }
  }
  const byEntity = new Map<string, FleetWorstCheck[]>();
  for (const c of checks) {
    const list = byEntity.get(c.entity_ref) ?? [];
    list.push({
      id: c.check_id,
      title: c.title ?? c.check_id,
      status: c.status as CheckStatus,
      reason: c.reason ?? '',
      platform: (shared.get(c.cause) ?? 0) >= minEntities,
    });
    byEntity.set(c.entity_ref, list);
  }
  for (const [ref, list] of byEntity) {
    // worst first; an entity's own check is shown before a platform finding it shares
    list.sort(
      (a, b) =>
        Number(a.platform) - Number(b.platform) ||
        STATUS_RANK[a.status] - STATUS_RANK[b.status] ||
        a.id.localeCompare(b.id),
    );
    result.set(ref, {
      worstCheck: list[0],
      platform: list.filter(c => c.platform).length,
    });
  }
  return result;
}
