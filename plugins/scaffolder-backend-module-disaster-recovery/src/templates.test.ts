import { TestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import fs from 'node:fs';
import {
  dryRunTemplate,
  loadYaml,
  runTemplateTask,
  ReceivedRequest,
  startTemplateBackend,
  TEMPLATES_DIR,
} from './__testUtils__/templateBackend';

const entities: Entity[] = [
  ...['verify-backup.yaml', 'restore-database.yaml'].map(file => ({
    ...loadYaml(file),
    metadata: { ...loadYaml(file).metadata, namespace: 'default' },
  })),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'alice', namespace: 'default' },
    spec: {},
  },
];

describe('example templates', () => {
  it('are listed by examples/templates/all.yaml and are valid v1beta3 templates using our actions', () => {
    const location = loadYaml('all.yaml');
    expect(location.kind).toBe('Location');
    const files = (location.spec.targets as string[]).map(t =>
      t.replace('./', ''),
    );
    expect(files).toEqual(
      expect.arrayContaining([
        'restore-database.yaml',
        'restore-tenant-data.yaml',
        'verify-backup.yaml',
        'discard-restored-copy.yaml',
        'switchover-database.yaml',
        'failover-database.yaml',
        'reprotect-failback.yaml',
      ]),
    );
    // Every template file of the folder is listed, and every listed one exists.
    expect(
      fs
        .readdirSync(TEMPLATES_DIR)
        .filter(f => f !== 'all.yaml')
        .sort(),
    ).toEqual([...files].sort());
    for (const file of files) {
      const template = loadYaml(file);
      expect(template.apiVersion).toBe('scaffolder.backstage.io/v1beta3');
      for (const step of template.spec.steps) {
        expect(step.action).toMatch(/^disaster-recovery:/);
      }
      // Every template ends with links (the recovery ones: to the run and to the entity).
      expect(template.spec.output.links.length).toBeGreaterThanOrEqual(1);
    }
  });

  describe('through the real scaffolder backend', () => {
    const received: ReceivedRequest[] = [];
    let backend: TestBackend;

    beforeAll(async () => {
      backend = await startTemplateBackend(received, entities);
    }, 60_000);

    afterAll(async () => {
      await backend?.stop();
    });

    beforeEach(() => {
      received.length = 0;
    });

    const dryRun = (file: string, values: Record<string, unknown>) =>
      dryRunTemplate(backend, file, values);

    it.each([
      [
        'verify-backup.yaml',
        {
          entityRef: 'resource:default/ecommerce-primary',
          mode: 'full',
          backupKey: 'newest',
        },
        { operation: 'verify', parameters: { mode: 'full' } },
      ],
      [
        'restore-database.yaml',
        {
          entityRef: 'resource:default/ecommerce-primary',
          source: 'dump',
          backupKey: 'newest',
          cutOver: false,
        },
        { operation: 'restore', parameters: { cutOver: false } },
      ],
      [
        'restore-database.yaml',
        {
          entityRef: 'resource:default/ecommerce-primary',
          source: 'point-in-time',
          targetTime: '2026-01-31T09:15:00.000Z',
          cutOver: false,
        },
        {
          operation: 'restore-pitr',
          parameters: {
            targetTime: '2026-01-31T09:15:00.000Z',
            cutOver: false,
          },
        },
      ],
      [
        'restore-database.yaml',
        {
          entityRef: 'resource:default/ecommerce-primary',
          incidentId: 'INC-2026-004',
          source: 'dump',
          backupKey: 'newest',
          cutOver: true,
        },
        { operation: 'restore', parameters: { cutOver: true } },
      ],
      [
        'restore-tenant-data.yaml',
        { entityRef: 'resource:default/tenant-00001', backupKey: 'newest' },
        { operation: 'restore-tenant', parameters: {} },
      ],
      [
        'drill-restore.yaml',
        {
          entityRef: 'resource:default/ecommerce-primary',
          scenario: 'database-corruption',
          backupKey: 'newest',
          participants: [],
          actionItems: [],
        },
        {
          operation: 'drill',
          parameters: { scenario: 'database-corruption', kind: 'restore' },
        },
      ],
      [
        'drill-isolated-failover.yaml',
        {
          entityRef: 'resource:default/ecommerce-primary',
          scenario: 'data-center-outage',
          participants: [],
          actionItems: ['Rehearse the DNS switch'],
        },
        {
          operation: 'drill',
          parameters: {
            scenario: 'data-center-outage',
            kind: 'isolated-failover',
            actionItems: ['Rehearse the DNS switch'],
          },
        },
      ],
      [
        'drill-pitr.yaml',
        {
          entityRef: 'resource:default/ecommerce-primary',
          scenario: 'database-corruption',
          participants: [],
          actionItems: [],
        },
        {
          operation: 'drill',
          parameters: {
            scenario: 'database-corruption',
            kind: 'restore',
            pointInTime: true,
          },
        },
      ],
      [
        'drill-live-switchover.yaml',
        {
          entityRef: 'resource:default/ecommerce-primary',
          scenario: 'natural-disaster',
          acknowledgeLiveSwitchover: true,
          participants: ['user:default/bob'],
          actionItems: [],
        },
        {
          operation: 'drill',
          parameters: {
            scenario: 'natural-disaster',
            kind: 'live-switchover',
            acknowledgeLiveSwitchover: true,
            participants: ['user:default/bob'],
          },
        },
      ],
      [
        'drill-tenant-restore.yaml',
        {
          entityRef: 'resource:default/tenant-00001',
          scenario: 'human-error',
          backupKey: 'newest',
          participants: ['user:default/bob'],
          actionItems: ['Review the runbook'],
        },
        {
          operation: 'drill',
          parameters: {
            scenario: 'human-error',
            kind: 'tenant-restore',
            participants: ['user:default/bob'],
            actionItems: ['Review the runbook'],
          },
        },
      ],
      [
        'discard-restored-copy.yaml',
        {
          entityRef: 'resource:default/ecommerce-primary',
          name: 'ecommerce_restore_20260101000000',
        },
        {
          operation: 'discard-copy',
          parameters: { name: 'ecommerce_restore_20260101000000' },
        },
      ],
    ])(
      '%s plans through the backend on behalf of the user (%j)',
      async (file, values, expected) => {
        const res = await dryRun(file, values);
        if (res.status !== 200) {
          throw new Error(
            `dry run answered ${res.status}: ${JSON.stringify(res.body)}`,
          );
        }
        expect(received).toEqual([
          {
            principal: 'user:default/alice',
            body: {
              operation: expected.operation,
              entityRef: values.entityRef,
              ...('incidentId' in values
                ? { incidentId: values.incidentId }
                : {}),
              parameters: expected.parameters,
              dryRun: true,
            },
          },
        ]);
        const log = (res.body.log as Array<{ body: { message: string } }>)
          .map(l => l.body.message)
          .join('\n');
        expect(log).toContain('would take these steps');
        expect(log).toContain(
          'It would NOT touch: the live database ecommerce',
        );
        expect(res.body.output.links[0].url).toMatch(
          'http://localhost:3000/disaster-recovery/runs/planned-1',
        );
      },
    );

    it('declare-incident.yaml checks the declaration in a dry run on behalf of the user', async () => {
      const res = await dryRun('declare-incident.yaml', {
        title: 'Checkout down',
        impact: 'No orders',
        impactLevel: 'critical',
        severity: '',
        tenants: ['resource:default/tenant-00001'],
        databases: [],
        drill: false,
        sendInitialCommunication: true,
      });
      if (res.status !== 200) {
        throw new Error(
          `dry run answered ${res.status}: ${JSON.stringify(res.body)}`,
        );
      }
      expect(received).toEqual([
        {
          principal: 'user:default/alice',
          body: {
            impactLevel: 'critical',
            tenants: 'resource:default/tenant-00001',
          },
        },
      ]);
      const log = (res.body.log as Array<{ body: { message: string } }>)
        .map(l => l.body.message)
        .join('\n');
      expect(log).toContain(
        'Dry run: would declare SEV-0 "Checkout down" affecting 1 tenant(s)',
      );
    });

    const runTask = (template: string, values: Record<string, unknown>) =>
      runTemplateTask(backend, template, values);

    it('runs the verify template as a real task to completion, with the evidence in its output', async () => {
      const task = await runTask('verify-backup', {
        entityRef: 'resource:default/ecommerce-primary',
        mode: 'full',
        backupKey: 'newest',
      });
      expect(task.status).toBe('completed');
      expect(received).toEqual([
        {
          principal: 'user:default/alice',
          body: {
            operation: 'verify',
            entityRef: 'resource:default/ecommerce-primary',
            parameters: { mode: 'full' },
            idempotencyKey: `scaffolder:${task.id}:verify`,
          },
        },
      ]);
      expect(task.log).toContain(
        'Started verify of resource:default/ecommerce-primary on target demo as run run-1',
      );
      expect(task.log).toContain(
        '[succeeded] Locate the backup (4s) - demo/x.dump',
      );
      expect(task.output.links[0].url).toMatch(
        'http://localhost:3000/disaster-recovery/runs/run-1',
      );
      expect(task.output.text[0].content).toContain('demo/ecommerce/x.dump');
      expect(task.output.text[0].content).toContain('c'.repeat(64));
    });

    it.each([
      [
        { source: 'point-in-time', targetTime: '2026-01-31T09:15:00.000Z' },
        'Restored into database `ecommerce` on a new server at port 40339 (cut over: false)',
      ],
      [
        { source: 'dump', backupKey: 'newest' },
        'Restored into database `ecommerce_restore_20260101000000` next to the live one (cut over: false)',
      ],
    ])(
      'runs the restore template as a real task (%j)',
      async (values, text) => {
        const task = await runTask('restore-database', {
          entityRef: 'resource:default/ecommerce-primary',
          cutOver: false,
          ...values,
        });
        expect(task.status).toBe('completed');
        expect(task.output.text[0].content).toContain(text);
      },
    );

    it('rejects a point-in-time restore without a time before calling the backend', async () => {
      const res = await dryRun('restore-database.yaml', {
        entityRef: 'resource:default/ecommerce-primary',
        source: 'point-in-time',
      });
      expect(res.status).toBe(400);
      expect(received).toEqual([]);
    });
  });
});
