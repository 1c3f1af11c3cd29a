import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  DrPolicy,
  RecoveryRun,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import {
  createS3Client,
  Platform,
  pgConnectionConfig,
  seedDemoData,
  startPlatform,
} from '../../__testUtils__/platformHarness';
import { Client } from 'pg';
import request from 'supertest';
import {
  OperationsTestBackend,
  startOperationsBackend,
} from './operationsTestBackend';

/** Object-store prefix of the suites' backups. */
export const PREFIX = 'ops-test';
/** The database entity of the suites. */
export const DB_REF = 'resource:default/ecommerce-db';
/** A tenant entity in that database. */
export const TENANT_REF = 'resource:default/tenant-00001';
/** Authorization header of a user allowed everything (unless a test says otherwise). */
export const ALICE = mockCredentials.user.header('user:default/alice');
/** Authorization header of a second user. */
export const BOB = mockCredentials.user.header('user:default/bob');

/** A started platform and operations backend, and what the suites ask of them. */
export interface OperationsSuite {
  readonly platform: Platform;
  readonly s3: S3Client;
  readonly ctx: OperationsTestBackend;
  /** Keys under the suites' prefix, sorted. */
  listKeys(): Promise<string[]>;
  /** Runs SQL on the platform's primary (its database, or the one named). */
  sql<T = any>(text: string, database?: string): Promise<T[]>;
  /** Names of the primary's databases. */
  databases(): Promise<string[]>;
  /** POSTs an operation request. */
  post(body: unknown, auth?: string): Promise<request.Response>;
  /** Polls a run until it is no longer running. */
  waitForEnd(id: string, auth?: string): Promise<RecoveryRun>;
  /** Everything a test must leave unchanged when it is refused before any side effect. */
  sideEffectState(): Promise<unknown>;
  /** Takes a backup through the routes and returns its object key. */
  takeBackup(): Promise<string>;
  /** Every recorded run and audit event as one text, to scan for secrets. */
  recordedText(): Promise<string>;
}

/**
 * Registers the hooks of an operations suite: a PostgreSQL primary with demo data and an object
 * store, an operations backend over them (before all), permissions reset after each test, and
 * everything stopped after all.
 */
export function setUpOperationsSuite(
  options: { policy?: DrPolicy; drillWorkDirectory?: string } = {},
): OperationsSuite {
  const state: {
    platform?: Platform;
    s3?: S3Client;
    ctx?: OperationsTestBackend;
  } = {};

  beforeAll(async () => {
    state.platform = await startPlatform({
      standby: false,
      pgbouncer: false,
      pgbackrest: false,
    });
    await seedDemoData(state.platform.primary, {
      tenants: 30,
      ordersPerTenant: 500,
    });
    state.s3 = createS3Client(state.platform.s3!);
    state.ctx = await startOperationsBackend({
      platform: state.platform,
      prefix: PREFIX,
      policy: options.policy,
      drillWorkDirectory: options.drillWorkDirectory,
    });
  });

  afterAll(async () => {
    await state.ctx?.backend.stop();
    state.s3?.destroy();
    await state.platform?.stop();
  });

  afterEach(() => state.ctx?.setDecision(() => true));

  const suite: OperationsSuite = {
    get platform() {
      return state.platform!;
    },
    get s3() {
      return state.s3!;
    },
    get ctx() {
      return state.ctx!;
    },
    async listKeys() {
      const out = await suite.s3.send(
        new ListObjectsV2Command({
          Bucket: suite.platform.s3!.bucket,
          Prefix: `${PREFIX}/`,
        }),
      );
      return (out.Contents ?? []).map(o => o.Key!).sort();
    },
    async sql<T = any>(text: string, database?: string): Promise<T[]> {
      const client = new Client({
        ...pgConnectionConfig(suite.platform.primary),
        ...(database ? { database } : {}),
      });
      await client.connect();
      try {
        return (await client.query(text)).rows;
      } finally {
        await client.end();
      }
    },
    async databases() {
      const rows = await suite.sql<{ datname: string }>(
        `select datname from pg_database where not datistemplate order by 1`,
      );
      return rows.map(r => r.datname);
    },
    post(body, auth = ALICE) {
      return request(suite.ctx.server)
        .post('/api/disaster-recovery/operations')
        .set('Authorization', auth)
        .send(body as object);
    },
    async waitForEnd(id, auth = ALICE) {
      for (let i = 0; i < 600; i++) {
        const res = await request(suite.ctx.server)
          .get(`/api/disaster-recovery/runs/${id}`)
          .set('Authorization', auth);
        expect(res.status).toBe(200);
        if (res.body.status !== 'running') {
          return res.body;
        }
        await new Promise(r => setTimeout(r, 100));
      }
      throw new Error(`run ${id} did not end`);
    },
    async sideEffectState() {
      const { runs } = suite.ctx.stores;
      return {
        keys: await suite.listKeys(),
        databases: await suite.databases(),
        lock: await runs.getLock('ecommerce'),
        runs: (await runs.listRecoveryRuns({ target: 'ecommerce' })).totalItems,
      };
    },
    async takeBackup() {
      const started = await suite.post({
        operation: 'backup',
        entityRef: TENANT_REF,
      });
      expect(started.status).toBe(202);
      const backup = await suite.waitForEnd(started.body.run.id);
      expect(backup.status).toBe('succeeded');
      return backup.output!.key as string;
    },
    async recordedText() {
      const { items } = await suite.ctx.stores.runs.listRecoveryRuns({
        target: 'ecommerce',
        limit: 100,
      });
      return JSON.stringify({ items, audit: suite.ctx.audit });
    },
  };
  return suite;
}
