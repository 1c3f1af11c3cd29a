import { http, HttpResponse } from 'msw';
import {
  statusRank,
  summarizeStatuses,
  type CheckStatus,
  type FleetDrillCalendarResponse,
  type FleetPostureItem,
  type PlatformFindingsResponse,
  type StoredPostureResponse,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { FLEET_PAGE_SIZE } from '../components/FleetPage/FleetTable';
import {
  BASE,
  complianceResponse,
  historyResponse,
  HOUR,
  metricsResponse,
} from './fixtures';

/** Test-only: a realistic fleet and msw handlers that page, filter and sort it as the backend does. */

const STATUS_CYCLE: CheckStatus[] = [
  'pass',
  'pass',
  'pass',
  'pass',
  'pass',
  'pass',
  'warn',
  'warn',
  'unknown',
  'fail',
];

/** The cause key of the fixture's platform finding: every failing tenant's verification fails the same way. */
export const SHARED_CAUSE = 'a'.repeat(32);
/** Its reason. */
export const SHARED_REASON =
  'The newest dump of orders-db failed its restore test.';

/**
 * A fleet of `n` tenants: 60 % pass, 20 % warn, 10 % unknown, 10 % fail; every third is critical;
 * owners team-0..team-6; all on orders-db. Failing tenants share one platform finding
 * ({@link SHARED_CAUSE}) and have their own failing rpo check.
 */
export function makeFleet(n: number, now = Date.now()): FleetPostureItem[] {
  return Array.from({ length: n }, (_, i) => {
    const overall = STATUS_CYCLE[i % STATUS_CYCLE.length];
    const id = String(i + 1).padStart(4, '0');
    return {
      entityRef: `resource:default/tenant-${id}`,
      title: `Tenant ${id}`,
      tier: i % 3 === 0 ? 'critical' : 'standard',
      owner: `group:default/team-${i % 7}`,
      overall,
      checks: [
        { id: 'rpo', status: overall },
        { id: 'replica-lag', status: 'pass' },
        {
          id: 'verified-restore',
          status: overall === 'fail' ? 'fail' : 'pass',
        },
      ],
      // failing tenants breach further checks too
      nextBreachAt: new Date(now + (1 + (i % 48)) * HOUR).toISOString(),
      evaluatedAt: new Date(now - 60_000).toISOString(),
      database: 'resource:default/orders-db',
      worstCheck:
        overall === 'pass'
          ? undefined
          : {
              id: 'rpo',
              title: 'Recovery point objective',
              status: overall,
              reason: `Tenant ${id}: newest backup too old.`,
              platform: false,
            },
      platformFindings: overall === 'fail' ? 1 : 0,
    };
  });
}

/**
 * Filters and sorts a fleet as the backend does: default sort is the overall status, worst first;
 * empty values sort last; ties by entity ref.
 */
export function queryFleet(
  fleet: FleetPostureItem[],
  p: URLSearchParams,
  options: { includeStatus: boolean } = { includeStatus: true },
): FleetPostureItem[] {
  const statuses = options.includeStatus ? p.getAll('status') : [];
  const tiers = p.getAll('tier');
  const q = p.get('q')?.toLocaleLowerCase('en-US');
  const owner = p.get('owner');
  const cause = p.get('cause');
  // the drill filter: the first 37 are overdue for the drill (see drillCalendarResponse)
  const drill = p.get('drill');
  const items = fleet.filter(
    (i, n) =>
      (!drill || n < 37) &&
      (!statuses.length || statuses.includes(i.overall)) &&
      (!tiers.length || tiers.includes(i.tier)) &&
      (!owner || i.owner === owner) &&
      (!cause || (cause === SHARED_CAUSE && i.overall === 'fail')) &&
      (!q ||
        `${i.entityRef} ${i.title} ${i.owner}`
          .toLocaleLowerCase('en-US')
          .includes(q)),
  );
  const sort = (p.get('sort') ?? 'overall') as keyof FleetPostureItem;
  const dir = p.get('order') === 'desc' ? -1 : 1;
  const key = (i: FleetPostureItem) =>
    sort === 'overall'
      ? String(statusRank(i.overall))
      : (i[sort] as string | undefined);
  return [...items].sort((a, b) => {
    const av = key(a);
    const bv = key(b);
    if (av === undefined || bv === undefined) {
      return (av === undefined ? 1 : 0) - (bv === undefined ? 1 : 0);
    }
    return av.localeCompare(bv) * dir || a.entityRef.localeCompare(b.entityRef);
  });
}

/**
 * msw handler for `GET /fleet` over `fleet`, recording every request URL in `requests`. As in the
 * backend, `counts` are over the fleet filtered by everything but the status filter.
 */
export function fleetHandler(
  fleet: FleetPostureItem[],
  requests: URL[],
  /** Tiers the server reports beyond those of the fleet's items. */
  extraTiers: string[] = [],
) {
  return http.get(`${BASE}/fleet`, ({ request }) => {
    const url = new URL(request.url);
    requests.push(url);
    const p = url.searchParams;
    const limit = Number(p.get('limit') ?? 50);
    const offset = Number(p.get('offset') ?? 0);
    if (limit > 500) {
      return HttpResponse.json(
        { error: { name: 'InputError', message: 'limit too large' } },
        { status: 400 },
      );
    }
    const items = queryFleet(fleet, p);
    return HttpResponse.json({
      items: items.slice(offset, offset + limit),
      totalItems: items.length,
      counts: summarizeStatuses(queryFleet(fleet, p, { includeStatus: false })),
      tiers: [...new Set([...fleet.map(i => i.tier), ...extraTiers])].sort(),
      owners: [...new Set(fleet.map(i => i.owner!))].sort(),
    });
  });
}

/** msw handler for `GET /findings`: the fleet's one platform finding, affecting its failing tenants. */
export function findingsHandler(fleet: FleetPostureItem[], requests: URL[]) {
  return http.get(`${BASE}/findings`, ({ request }) => {
    requests.push(new URL(request.url));
    const failing = fleet.filter(i => i.overall === 'fail').length;
    const body: PlatformFindingsResponse = {
      items: failing
        ? [
            {
              cause: SHARED_CAUSE,
              checkId: 'verified-restore',
              title: 'Last verified restore',
              status: 'fail',
              reason: SHARED_REASON,
              entityCount: failing,
            },
          ]
        : [],
      totalItems: failing ? 1 : 0,
      affectedEntities: failing,
    };
    return HttpResponse.json(body);
  });
}

/** msw handler for `GET /entities/.../posture/stored` over `fleet`, recording requests. */
export function storedPostureHandler(
  fleet: FleetPostureItem[],
  requests: URL[],
) {
  return http.get(
    `${BASE}/entities/:kind/:namespace/:name/posture/stored`,
    ({ request, params }) => {
      requests.push(new URL(request.url));
      const ref = `${params.kind}:${params.namespace}/${params.name}`;
      const item = fleet.find(i => i.entityRef === ref);
      if (!item) {
        return HttpResponse.json(
          { error: { name: 'NotFoundError', message: `${ref} not evaluated` } },
          { status: 404 },
        );
      }
      const body: StoredPostureResponse = {
        entityRef: item.entityRef,
        overall: item.overall,
        evaluatedAt: item.evaluatedAt,
        nextBreachAt: item.nextBreachAt,
        checks: item.checks.map(c => ({
          id: c.id,
          title: `Check ${c.id}`,
          status: c.status,
          reason: `${c.id} of ${item.title} is ${c.status}`,
          evidence: [],
        })),
      };
      return HttpResponse.json(body);
    },
  );
}

/** The DR test calendar over a fleet of 1,037: two scenarios. */
export const drillCalendarResponse: FleetDrillCalendarResponse = {
  at: '2026-06-30T00:00:00.000Z',
  totalEntities: 1037,
  scenarios: [
    {
      scenario: 'database-corruption',
      title: 'Database corruption',
      kind: 'restore',
      cadence: 'quarterly',
      scheduled: true,
      counts: { overdue: 37, due: 100, never: 0, current: 900 },
      lastSucceeded: 990,
      lastFailed: 47,
      lastDrillAt: '2026-06-29T00:00:00.000Z',
    },
    {
      scenario: 'cyber-attack',
      title: 'Cyber attack',
      kind: 'live-switchover',
      cadence: 'annual',
      scheduled: false,
      counts: { overdue: 0, due: 0, never: 1037, current: 0 },
      lastSucceeded: 0,
      lastFailed: 0,
    },
  ],
};

/**
 * Every handler the fleet page calls, over `fleet`: fleet pages and findings recorded in
 * `requests`, stored evaluations (read when a row expands) in `storedRequests`.
 */
export function fleetPageHandlers(
  fleet: FleetPostureItem[],
  requests: URL[],
  storedRequests: URL[],
) {
  return [
    fleetHandler(fleet, requests),
    findingsHandler(fleet, requests),
    storedPostureHandler(fleet, storedRequests),
    http.get(`${BASE}/metrics`, () => HttpResponse.json(metricsResponse)),
    http.get(`${BASE}/compliance`, () => HttpResponse.json(complianceResponse)),
    http.get(`${BASE}/history`, () => HttpResponse.json(historyResponse())),
    http.get(`${BASE}/drills/calendar`, ({ request }) => {
      requests.push(new URL(request.url));
      return HttpResponse.json(drillCalendarResponse);
    }),
  ];
}

/** The requests the paged fleet table made (the summary lists ask for 1 or 10 rows). */
export function tableRequests(requests: URL[]): URL[] {
  return requests.filter(
    u =>
      u.pathname.endsWith('/fleet') &&
      u.searchParams.get('limit') === String(FLEET_PAGE_SIZE),
  );
}
