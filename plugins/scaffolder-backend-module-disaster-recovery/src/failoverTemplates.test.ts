import { TestBackend } from '@backstage/backend-test-utils';
import {
  dryRunTemplate,
  ReceivedRequest,
  startTemplateBackend,
} from './__testUtils__/templateBackend';

describe('failover templates through the real scaffolder backend', () => {
  const received: ReceivedRequest[] = [];
  let backend: TestBackend;

  beforeAll(async () => {
    backend = await startTemplateBackend(received, [
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'User',
        metadata: { name: 'alice', namespace: 'default' },
        spec: {},
      },
    ]);
  }, 60_000);

  afterAll(async () => {
    await backend?.stop();
  });

  beforeEach(() => {
    received.length = 0;
  });

  const dryRun = (file: string, values: Record<string, unknown>) =>
    dryRunTemplate(backend, file, values);

  const DB = 'resource:default/ecommerce-primary';
  it.each([
    [
      'switchover-database.yaml',
      { entityRef: DB },
      [
        { operation: 'switchover', parameters: {} },
        { operation: 'switchover', parameters: {} },
      ],
    ],
    [
      'failover-database.yaml',
      {
        entityRef: DB,
        acceptRisks: ['old-primary-unreachable'],
        incidentStartedAt: '2026-01-31T09:15:00.000Z',
      },
      [
        {
          operation: 'failover',
          parameters: { acceptRisks: ['old-primary-unreachable'] },
        },
        {
          operation: 'failover',
          parameters: {
            acceptRisks: ['old-primary-unreachable'],
            incidentStartedAt: '2026-01-31T09:15:00.000Z',
          },
        },
      ],
    ],
    [
      'failover-database.yaml',
      { entityRef: DB, incidentId: 'INC-2026-005' },
      [
        { operation: 'failover', parameters: {} },
        { operation: 'failover', parameters: {}, incidentId: 'INC-2026-005' },
      ],
    ],
    [
      'switchover-database.yaml',
      { entityRef: DB, incidentId: 'INC-2026-005' },
      [
        { operation: 'switchover', parameters: {} },
        {
          operation: 'switchover',
          parameters: {},
          incidentId: 'INC-2026-005',
        },
      ],
    ],
    [
      'failover-database.yaml',
      { entityRef: DB },
      [
        { operation: 'failover', parameters: {} },
        { operation: 'failover', parameters: {} },
      ],
    ],
    [
      'reprotect-failback.yaml',
      { entityRef: DB, failBack: true, allowBasebackup: false },
      [
        { operation: 'reprotect', parameters: { allowBasebackup: false } },
        { operation: 'switchover', parameters: {} },
        { operation: 'reprotect', parameters: { allowBasebackup: false } },
      ],
    ],
    [
      'reprotect-failback.yaml',
      { entityRef: DB, failBack: false, allowBasebackup: true },
      [{ operation: 'reprotect', parameters: { allowBasebackup: true } }],
    ],
  ])(
    '%s plans every step through the backend (%j), starting nothing',
    async (file, values, expected) => {
      const res = await dryRun(file, values);
      if (res.status !== 200) {
        throw new Error(
          `dry run answered ${res.status}: ${JSON.stringify(res.body)}`,
        );
      }
      expect(received).toEqual(
        expected.map(e => ({
          principal: 'user:default/alice',
          body: { ...e, entityRef: DB, dryRun: true },
        })),
      );
      expect(res.body.output.links[0].url).toMatch(
        'http://localhost:3000/disaster-recovery/runs/planned-1',
      );
    },
  );

  it('rejects an incident id that is not INC-YYYY-NNN before calling the backend', async () => {
    const res = await dryRun('failover-database.yaml', {
      entityRef: DB,
      incidentId: 'INC-26-5',
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toMatch(/incidentId/);
    expect(received).toEqual([]);
  });

  it('rejects a failover with an unknown risk before calling the backend', async () => {
    const res = await dryRun('failover-database.yaml', {
      entityRef: DB,
      acceptRisks: ['two-primaries'],
    });
    expect(res.status).toBe(400);
    expect(received).toEqual([]);
  });
});
