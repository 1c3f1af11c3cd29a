import { mockApis } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import {
  type BackupItem,
  type ComplianceMatrixResponse,
  DisasterRecoveryClient,
  type DrMetricsResponse,
  type PostureHistoryResponse,
  type PostureResult,
  type RecoveryRun,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { disasterRecoveryApiRef } from '../api';
import { rootRouteRef } from '../routes';

/** Test-only helpers: the client over msw, and realistic answers of the backend (the fleet is in `fleet.ts`). */

export const BASE = 'http://localhost:7007/api/disaster-recovery';

/** One hour in milliseconds. */
export const HOUR = 3_600_000;

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
  '/disaster-recovery': rootRouteRef,
};

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
      operation: 'restore',
      entityRef: 'resource:default/tenant-acme',
      target: 'orders-primary',
      initiatedBy: 'user:default/oncall',
      purpose: 'recovery',
      status: 'succeeded',
      dryRun: false,
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

/**
 * Stops only the clock at `now` (timers keep running) for the tests of a `describe`: relative
 * times such as "breaches in 3 minutes" must not depend on how long a loaded machine takes to
 * render.
 */
export function stopTheClock(now: Date) {
  beforeAll(() => {
    jest.useFakeTimers({
      now,
      doNotFake: [
        'hrtime',
        'nextTick',
        'performance',
        'queueMicrotask',
        'requestAnimationFrame',
        'cancelAnimationFrame',
        'requestIdleCallback',
        'cancelIdleCallback',
        'setImmediate',
        'clearImmediate',
        'setInterval',
        'clearInterval',
        'setTimeout',
        'clearTimeout',
      ],
    });
  });
  afterAll(() => jest.useRealTimers());
}
