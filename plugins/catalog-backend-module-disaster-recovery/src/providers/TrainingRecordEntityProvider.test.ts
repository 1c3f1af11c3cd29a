import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { DiscoveryService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  DR_TRAINING_COURSE_IDS,
  TrainingRecordItem,
  trainingRecordEntityV1alpha1Validator,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { DisasterRecoveryEntitiesProcessor } from '../processor/DisasterRecoveryEntitiesProcessor';
import { RecordingConnection } from './testConnection';
import {
  TrainingRecordEntityProvider,
  trainingRecordEntityName,
} from './TrainingRecordEntityProvider';

function stored(
  id: number,
  person: string,
  course: string,
  completed: string,
  extra: Partial<TrainingRecordItem> = {},
): TrainingRecordItem {
  return {
    id: String(id),
    person,
    course,
    completed,
    recordedBy: 'user:default/coach',
    recordedAt: '2026-11-30T10:00:00.000Z',
    ...extra,
  };
}

/**
 * The disaster-recovery backend's `GET /training-records` over real HTTP: pages by offset and
 * limit like the backend's store, and records each request's path and Authorization header.
 */
class FakeTrainingRecords {
  records: TrainingRecordItem[] = [];
  failWith?: number;
  readonly requests: Array<{ url: string; authorization?: string }> = [];
  private server?: Server;

  async start(): Promise<string> {
    this.server = createServer((req: IncomingMessage, res) => {
      const url = new URL(req.url!, 'http://localhost');
      this.requests.push({
        url: `${url.pathname}${url.search}`,
        authorization: req.headers.authorization,
      });
      res.setHeader('Content-Type', 'application/json');
      if (this.failWith) {
        res.statusCode = this.failWith;
        res.end(
          JSON.stringify({
            error: { name: 'Error', message: 'database is down' },
            request: { method: 'GET', url: url.pathname },
            response: { statusCode: this.failWith },
          }),
        );
        return;
      }
      if (url.pathname !== '/api/disaster-recovery/training-records') {
        res.statusCode = 404;
        res.end('{}');
        return;
      }
      const offset = Number(url.searchParams.get('offset') ?? 0);
      const limit = Number(url.searchParams.get('limit') ?? 100);
      res.end(
        JSON.stringify({
          items: this.records.slice(offset, offset + limit),
          totalItems: this.records.length,
          offset,
          limit,
        }),
      );
    });
    await new Promise<void>(resolve =>
      this.server!.listen(0, '127.0.0.1', resolve),
    );
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/api`;
  }

  async stop() {
    await new Promise(resolve => this.server?.close(resolve));
  }
}

describe('TrainingRecordEntityProvider', () => {
  const backend = new FakeTrainingRecords();
  let discovery: DiscoveryService;

  beforeAll(async () => {
    const base = await backend.start();
    discovery = {
      getBaseUrl: async pluginId => `${base}/${pluginId}`,
      getExternalBaseUrl: async pluginId => `${base}/${pluginId}`,
    };
  });

  afterAll(() => backend.stop());

  beforeEach(() => {
    backend.records = [];
    backend.failWith = undefined;
    backend.requests.length = 0;
  });

  const provider = (pageSize?: number) =>
    new TrainingRecordEntityProvider({
      discovery,
      auth: mockServices.auth({ pluginId: 'catalog' }),
      logger: mockServices.logger.mock(),
      pageSize,
      validation: { courseIds: [...DR_TRAINING_COURSE_IDS] },
    });

  it('emits every stored record as a valid TrainingRecord entity, as a full mutation', async () => {
    backend.records = [
      stored(1, 'user:default/new.hire', 'onboarding', '2026-11-30'),
      stored(
        2,
        'user:default/john.smith',
        'quarterly-dr-procedures',
        '2026-10-20',
        {
          expires: '2027-01-19',
          evidence: 'https://lms.example.com/certificates/42',
        },
      ),
      stored(3, 'user:emea/jane.doe', 'annual-simulation', '2026-04-15', {
        expires: '2027-04-15',
      }),
      stored(
        4,
        'user:default/john.smith',
        'cross-functional-drill',
        '2026-06-01',
        {
          expires: '2027-06-01',
        },
      ),
      stored(5, 'user:default/raj.patel', 'onboarding', '2025-01-10'),
    ];
    const connection = new RecordingConnection();
    const p = provider(2);
    await p.connect(connection);
    await expect(p.refresh()).resolves.toMatchObject({
      emitted: 5,
      skipped: 0,
    });

    // Read in pages, with the catalog's own service token for the disaster-recovery plugin.
    expect(backend.requests.map(r => r.url)).toEqual([
      '/api/disaster-recovery/training-records?offset=0&limit=2&order=asc',
      '/api/disaster-recovery/training-records?offset=2&limit=2&order=asc',
      '/api/disaster-recovery/training-records?offset=4&limit=2&order=asc',
    ]);
    const token = backend.requests[0].authorization!;
    expect(token).toMatch(/^Bearer /);
    expect(token).toContain('"sub":"plugin:catalog"');
    expect(token).toContain('"target":"disaster-recovery"');

    expect(connection.last()).toEqual({
      type: 'full',
      entities: [
        'trainingrecord:default/training-john.smith-cross-functional-drill-2026-06-01',
        'trainingrecord:default/training-john.smith-quarterly-dr-procedures-2026-10-20',
        'trainingrecord:default/training-new.hire-onboarding-2026-11-30',
        'trainingrecord:default/training-raj.patel-onboarding-2025-01-10',
        'trainingrecord:emea/training-jane.doe-annual-simulation-2026-04-15',
      ],
    });
    const john = connection.entities.get(
      'trainingrecord:default/training-john.smith-quarterly-dr-procedures-2026-10-20',
    )!;
    expect(john).toEqual({
      apiVersion: 'dr.platform.io/v1alpha1',
      kind: 'TrainingRecord',
      metadata: {
        name: 'training-john.smith-quarterly-dr-procedures-2026-10-20',
        namespace: 'default',
        title: 'quarterly-dr-procedures: john.smith (2026-10-20)',
        description:
          'Recorded in the portal by user:default/coach at 2026-11-30T10:00:00.000Z',
        annotations: {
          'backstage.io/managed-by-location':
            'disaster-recovery-training:training-records/2',
          'backstage.io/managed-by-origin-location':
            'disaster-recovery-training:training-records/2',
        },
      },
      spec: {
        person: 'user:default/john.smith',
        course: 'quarterly-dr-procedures',
        completed: '2026-10-20',
        expires: '2027-01-19',
        evidence: 'https://lms.example.com/certificates/42',
      },
    });
    // A completion that never expires has no expiry date.
    expect(
      connection.entities.get(
        'trainingrecord:default/training-new.hire-onboarding-2026-11-30',
      )!.spec,
    ).not.toHaveProperty('expires');

    // Every entity passes the TrainingRecord validator and the module's processor, which
    // relates it to its person.
    const processor = new DisasterRecoveryEntitiesProcessor({
      courseIds: [...DR_TRAINING_COURSE_IDS],
    });
    for (const entity of connection.entities.values()) {
      await expect(
        trainingRecordEntityV1alpha1Validator.check(entity),
      ).resolves.toBe(true);
      await expect(processor.validateEntityKind(entity)).resolves.toBe(true);
    }
  });

  it('keeps the catalog as it is when the backend cannot be read', async () => {
    backend.records = [stored(1, 'user:default/a', 'onboarding', '2026-11-30')];
    const connection = new RecordingConnection();
    const p = provider();
    await p.connect(connection);
    await p.refresh();
    backend.failWith = 503;
    await expect(p.refresh()).rejects.toThrow(
      'disaster-recovery backend answered GET /training-records with 503: database is down',
    );
    expect(connection.mutations).toHaveLength(1);
    expect(connection.entities.size).toBe(1);
  });

  it('leaves out a record that cannot be a valid entity, and emits the rest', async () => {
    backend.records = [
      stored(1, 'user:default/a', 'fire-drill', '2026-11-30'),
      stored(2, 'user:default/b', 'onboarding', '2026-11-30', {
        evidence: 'ftp://example.com/x',
      }),
      stored(3, 'user:default/c', 'onboarding', '2026-11-30'),
    ];
    const logger = mockServices.logger.mock();
    const p = new TrainingRecordEntityProvider({
      discovery,
      auth: mockServices.auth({ pluginId: 'catalog' }),
      logger,
      validation: { courseIds: [...DR_TRAINING_COURSE_IDS] },
    });
    const connection = new RecordingConnection();
    await p.connect(connection);
    await expect(p.refresh()).resolves.toMatchObject({
      emitted: 1,
      skipped: 2,
    });
    expect([...connection.entities.keys()]).toEqual([
      'trainingrecord:default/training-c-onboarding-2026-11-30',
    ]);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /record 1 .* is not emitted: TypeError: \/spec\/course must be a course id of the policy/,
      ),
    );
  });

  it('removes an entity whose record is gone (full mutation)', async () => {
    backend.records = [
      stored(1, 'user:default/a', 'onboarding', '2026-11-30'),
      stored(2, 'user:default/b', 'onboarding', '2026-11-30'),
    ];
    const connection = new RecordingConnection();
    const p = provider();
    await p.connect(connection);
    await p.refresh();
    backend.records = [backend.records[1]];
    await p.refresh();
    expect([...connection.entities.keys()]).toEqual([
      'trainingrecord:default/training-b-onboarding-2026-11-30',
    ]);
  });

  it('gives long or odd person names a valid, distinct entity name', async () => {
    const long = 'a'.repeat(60);
    const names = [
      trainingRecordEntityName({
        person: `user:default/${long}`,
        course: 'quarterly-dr-procedures',
        completed: '2026-10-20',
      }),
      trainingRecordEntityName({
        person: `user:default/${long}`,
        course: 'quarterly-dr-procedures',
        completed: '2026-10-21',
      }),
      trainingRecordEntityName({
        person: 'user:default/o_brien..x',
        course: 'onboarding',
        completed: '2026-10-20',
      }),
    ];
    for (const name of names) {
      expect(name.length).toBeLessThanOrEqual(63);
      expect(name).toMatch(/^([a-zA-Z0-9]+[-_.])*[a-zA-Z0-9]+$/);
    }
    expect(new Set(names).size).toBe(3);
    expect(names[2]).toMatch(
      /^training-o_brien-x-onboarding-2026-10-20-[0-9a-f]{8}$/,
    );
  });

  it('is scheduled from config as a global task', async () => {
    const scheduler = mockServices.scheduler.mock();
    TrainingRecordEntityProvider.fromConfig(
      new ConfigReader({
        catalog: {
          providers: {
            disasterRecoveryTraining: {
              schedule: { frequency: { minutes: 5 }, timeout: { minutes: 1 } },
            },
          },
        },
      }),
      {
        discovery,
        auth: mockServices.auth(),
        logger: mockServices.logger.mock(),
        scheduler,
      },
    );
    expect(scheduler.createScheduledTaskRunner).toHaveBeenCalledWith(
      expect.objectContaining({
        scope: 'global',
        frequency: { minutes: 5 },
      }),
    );
  });
});
