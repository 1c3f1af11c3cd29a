import { http, HttpResponse } from 'msw';
import { mockApis } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import {
  type BackupItem,
  type CheckStatus,
  type ComplianceMatrixResponse,
  DisasterRecoveryClient,
  type DrMetricsResponse,
  type FleetPostureItem,
  type PlatformFindingsResponse,
  type PostureHistoryResponse,
  type StoredPostureResponse,
  type PostureResult,
  type RecoveryRun,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { disasterRecoveryApiRef } from '../api';

/** Test-only helpers: a realistic fleet and msw handlers that page, filter and sort it as the backend does. */

export const BASE = 'http://localhost:7007/api/disaster-recovery';

const HOUR = 3_600_000;

/** The API pair for `renderInTestApp({ apis })`: the real client over msw. */
export function clientApi() {
  const client = new DisasterRecoveryClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://localhost:7007' }),
    fetchApi: { fetch: (input, init) => fetch(input, init) },
  });
  return [disasterRecoveryApiRef, client] as const;
}

/** Routes the entity links resolve against. */
export const mountedRoutes = {
  '/catalog/:namespace/:kind/:name': entityRouteRef,
};

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

function count(items: FleetPostureItem[]): Record<CheckStatus, number> {
  const c = { pass: 0, warn: 0, fail: 0, unknown: 0 };
  items.forEach(i => c[i.overall]++);
  return c;
}

const RANK: Record<CheckStatus, number> = {
  fail: 0,
  unknown: 1,
  warn: 2,
  pass: 3,
};

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
  const items = fleet.filter(
    i =>
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
      ? String(RANK[i.overall])
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
      counts: count(queryFleet(fleet, p, { includeStatus: false })),
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

export const complianceResponse: ComplianceMatrixResponse = {
  dataClasses: [
    {
      id: 'customer-pii',
      title: 'Customer PII',
      classification: 'confidential',
      frequency: 'PT1H',
      retention: 'P7Y',
    },
    {
      id: 'logs',
      title: 'Application logs',
      classification: 'internal',
      frequency: 'P1D',
      retention: 'P90D',
    },
  ],
  rows: [
    {
      dataClass: 'customer-pii',
      frequency: { pass: 900, warn: 20, fail: 17, unknown: 100 },
      retention: { pass: 1037, warn: 0, fail: 0, unknown: 0 },
    },
    {
      dataClass: 'logs',
      frequency: { pass: 0, warn: 0, fail: 0, unknown: 1037 },
      retention: { pass: 0, warn: 0, fail: 0, unknown: 1037 },
    },
  ],
};

export const metricsResponse: DrMetricsResponse = {
  mttrSeconds: 3 * 3600 + 25 * 60,
  mtbfSeconds: null,
  backupSuccessRate: 0.987,
  testCompletionRate: null,
  documentationCurrency: 0.75,
  windowDays: 90,
};

export function historyResponse(now = Date.now()): PostureHistoryResponse {
  return {
    points: Array.from({ length: 7 }, (_, d) => ({
      at: new Date(now - (6 - d) * 24 * HOUR).toISOString(),
      counts: { pass: 600 + d, warn: 200, unknown: 130 - d, fail: 107 },
    })),
  };
}

/** A tenant's posture with one check of each status (the unknown one has no evidence). */
export function tenantPosture(now = Date.now()): PostureResult {
  return {
    entityRef: 'resource:default/tenant-acme',
    evaluatedAt: new Date(now - 30_000).toISOString(),
    overall: 'fail',
    objectives: {
      tier: 'standard',
      rto: 'PT4H',
      rpo: 'PT15M',
      mtd: 'PT8H',
      availability: 99.9,
    },
    checks: [
      {
        id: 'rpo',
        title: 'Recovery point objective',
        status: 'warn',
        reason:
          'The newest good backup is 12m old, 80 % of the 15m RPO; it breaches in 3m unless a newer recovery point arrives.',
        target: '15m',
        measured: '12m',
        breachAt: new Date(now + 3 * 60_000 + 10_000).toISOString(),
        evidence: [{ kind: 'backup', id: 'b-1' }],
      },
      {
        id: 'replica-lag',
        title: 'Standby replica lag',
        status: 'pass',
        reason: 'The standby replays 2s behind the primary.',
        target: '15m',
        measured: '2s',
        evidence: [],
      },
      {
        id: 'verified-restore',
        title: 'Last verified restore',
        status: 'unknown',
        reason: 'No verification has been recorded for this database.',
        target: 'every 1 month',
        evidence: [],
      },
      {
        id: 'drill:database-corruption',
        title: 'Drill: Database corruption',
        status: 'fail',
        reason: 'The last drill achieved an RTO of 5h, beyond the 4h target.',
        target: 'RTO 4h, RPO 15m, every 3 months',
        measured: 'RTO 5h, data loss 1m',
        evidence: [{ kind: 'drill', id: 'run-1' }],
      },
    ],
    nextBreachAt: new Date(now + 3 * 60_000 + 10_000).toISOString(),
  };
}

export function makeBackups(n: number, now = Date.now()): BackupItem[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `b-${i + 1}`,
    target: 'orders-primary',
    bucket: 'dr-backups',
    key: `orders/2025/orders-${String(n - i).padStart(4, '0')}.dump`,
    sizeBytes: 1_500_000_000 + i,
    sha256: 'ab'.repeat(32),
    serverSideEncryption: 'aws:kms',
    takenAt: new Date(now - (i + 1) * HOUR).toISOString(),
    lastModified: new Date(now - (i + 1) * HOUR).toISOString(),
    durationSeconds: 95,
    verification: [
      {
        status: 'pass' as const,
        verifiedAt: new Date(now - 1800_000).toISOString(),
        mode: 'full' as const,
      },
      {
        status: 'fail' as const,
        verifiedAt: new Date(now - 2 * HOUR).toISOString(),
        mode: 'quick' as const,
      },
    ][i],
  }));
}

export function recoveryRuns(now = Date.now()): RecoveryRun[] {
  const t = (ms: number) => new Date(now - ms).toISOString();
  return [
    {
      id: 'run-1',
      operation: 'drill',
      entityRef: 'resource:default/tenant-acme',
      target: 'orders-primary',
      initiatedBy: 'user:default/oncall',
      status: 'succeeded',
      dryRun: false,
      scenario: 'database-corruption',
      startedAt: t(48 * HOUR),
      finishedAt: t(43 * HOUR),
      achievedRtoSeconds: 5 * 3600,
      dataLossSeconds: 60,
      steps: [
        {
          id: 'restore',
          title: 'Restore newest verified dump into a new database',
          status: 'succeeded',
          startedAt: t(48 * HOUR),
          finishedAt: t(48 * HOUR - 754_000),
        },
        {
          id: 'verify',
          title: 'Verify row counts per tenant',
          status: 'succeeded',
          startedAt: t(48 * HOUR - 754_000),
          finishedAt: t(48 * HOUR - 800_000),
        },
      ],
    },
  ];
}
