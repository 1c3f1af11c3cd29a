import { RecoveryWindowResponse } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import request from 'supertest';
import { ALICE, DB_REF, TENANT_REF } from './__testUtils__/operationsSuite';
import {
  OperationsTestBackend,
  startOperationsBackend,
} from './__testUtils__/operationsTestBackend';

// A target without pgBackRest: the route reads the backup index only, no server is reached.
// The PITR window of a real stanza is tested in operationsPitr.test.ts.
const target = {
  primary: {
    host: 'db-a.internal',
    port: 5432,
    user: 'dr',
    password: 'pw-window-secret',
    database: 'ecommerce',
  },
  s3: { bucket: 'window-bucket', region: 'us-east-1', prefix: 'dumps' },
};

const windowPath = (ref: string) =>
  `/api/disaster-recovery/entities/${ref.replace(':', '/')}/recovery-window`;

describe('GET /entities/:kind/:namespace/:name/recovery-window', () => {
  let ctx: OperationsTestBackend;

  beforeAll(async () => {
    ctx = await startOperationsBackend({ prefix: 'dumps', target });
  });

  afterAll(async () => {
    await ctx?.backend.stop();
  });

  afterEach(() => ctx.setDecision(() => true));

  const get = (ref: string) =>
    request(ctx.server).get(windowPath(ref)).set('Authorization', ALICE);

  it('says why there is no PITR window, and gives the dump times newest first with the oldest', async () => {
    const empty = await get(DB_REF);
    expect(empty.status).toBe(200);
    expect(empty.body).toMatchObject({
      target: 'ecommerce',
      databaseRef: DB_REF,
      pitr: {
        available: false,
        reason:
          'Target ecommerce has no pgBackRest stanza: point-in-time restore is not available for it',
      },
      dumps: [],
      totalDumps: 0,
    });
    expect(empty.body.oldestDumpAt).toBeUndefined();

    // 25 dumps, one an hour: the window lists the newest 20 and names the oldest.
    const start = Date.parse('2026-12-01T00:00:00.000Z');
    await ctx.stores.backups.upsertBackups(
      Array.from({ length: 25 }, (_, i) => ({
        target: 'ecommerce',
        bucket: 'window-bucket',
        key: `dumps/ecommerce-${String(i).padStart(2, '0')}.dump`,
        sizeBytes: 1000 + i,
        takenAt: new Date(start + i * 3_600_000),
        lastModified: new Date(start + i * 3_600_000 + 60_000),
      })),
    );
    const res = await get(TENANT_REF);
    expect(res.status).toBe(200);
    const body: RecoveryWindowResponse = res.body;
    expect(body.databaseRef).toBe(DB_REF);
    expect(body.totalDumps).toBe(25);
    expect(body.dumps).toHaveLength(20);
    expect(body.dumps[0]).toEqual({
      key: 'dumps/ecommerce-24.dump',
      takenAt: '2026-12-02T00:00:00.000Z',
    });
    expect(body.dumps[19].key).toBe('dumps/ecommerce-05.dump');
    expect(body.oldestDumpAt).toBe('2026-12-01T00:00:00.000Z');
    expect(JSON.stringify(body)).not.toContain('pw-window-secret');
  });

  it('needs the posture read permission on the entity', async () => {
    ctx.setDecision(p => p !== 'disaster-recovery.posture.read');
    const res = await get(DB_REF);
    expect(res.status).toBe(403);
    expect(res.body.dumps).toBeUndefined();
  });

  it('answers 404 for an unknown entity and 400 for one without a database target', async () => {
    expect((await get('resource:default/no-such-db')).status).toBe(404);
    const component = await get('component:default/storefront');
    expect(component.status).toBe(400);
    expect(component.body.error.message).toMatch(
      /database or tenant Resources/,
    );
  });
});
