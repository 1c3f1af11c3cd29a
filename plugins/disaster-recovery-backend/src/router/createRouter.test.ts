import {
  mockErrorHandler,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { PermissionsService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  CheckStatus,
  defaultPolicy,
  DR_ANNOTATIONS,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import express from 'express';
import request from 'supertest';
import { registerPostureActions } from '../actions/registerActions';
import { initializePersistenceContext } from '../database/persistenceContext';
import { disasterRecoveryConditions } from '../permissions/conditions';
import { PostureAccess } from '../permissions/postureAccess';
import { cachedCatalogEvidence } from '../service/context';
import { DisasterRecoveryService } from '../service/DisasterRecoveryService';
import { createRouter } from './createRouter';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const STATUSES: CheckStatus[] = ['fail', 'unknown', 'warn', 'pass'];

function tenant(n: number): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: `tenant-${n}`,
      namespace: 'default',
      annotations: { [DR_ANNOTATIONS.tier]: n % 2 ? 'critical' : 'standard' },
    },
    spec: {
      type: 'tenant',
      owner: n % 2 ? 'group:default/a' : 'group:default/b',
    },
  };
}

describe('createRouter', () => {
  let permissions: PermissionsService;
  let decision: any;
  let app: express.Express;
  let service: DisasterRecoveryService;
  const auditor = mockServices.auditor.mock();
  const auditEvent = { success: jest.fn(), fail: jest.fn() };
  const triggerEvaluation = jest.fn(async () => {});

  beforeAll(async () => {
    const knex = await databases.init('SQLITE_3');
    const stores = await initializePersistenceContext(
      mockServices.database({ knex }),
    );
    await stores.postures.savePostureSnapshots(
      Array.from({ length: 12 }, (_, n) => ({
        entityRef: `resource:default/tenant-${n}`,
        title: `Tenant ${n}`,
        tier: n % 2 ? 'critical' : 'standard',
        owner: n % 2 ? 'group:default/a' : 'group:default/b',
        database: n < 6 ? 'resource:default/db-a' : 'resource:default/db-b',
        system: n % 3 === 0 ? 'system:default/shop' : undefined,
        overall: STATUSES[n % 4],
        checks: [
          {
            id: 'rpo',
            title: 'RPO',
            status: STATUSES[n % 4],
            reason: 'r',
            evidence: [],
          },
        ],
        evaluatedAt: '2026-01-01T00:00:00.000Z',
      })),
    );
    permissions = {
      authorize: jest.fn(async (requests: unknown[]) =>
        requests.map(() => ({ result: AuthorizeResult.DENY })),
      ),
      authorizeConditional: jest.fn(async (requests: unknown[]) =>
        requests.map(() => decision),
      ),
    } as unknown as PermissionsService;
    const catalog = catalogServiceMock({
      entities: Array.from({ length: 12 }, (_, n) => tenant(n)),
    });
    const auth = mockServices.auth();
    const logger = mockServices.logger.mock();
    service = new DisasterRecoveryService({
      stores,
      catalog,
      auth,
      access: new PostureAccess(permissions, logger),
      policy: defaultPolicy,
      logger,
      catalogEvidence: cachedCatalogEvidence({
        catalog,
        auth,
        policy: defaultPolicy,
      }),
      now: () => new Date('2026-01-02T00:00:00.000Z'),
    });
    auditor.createEvent.mockResolvedValue(auditEvent);
    app = express();
    app.use(
      await createRouter({
        httpAuth: mockServices.httpAuth(),
        auditor,
        service,
        triggerEvaluation,
      }),
    );
    app.use(mockErrorHandler());
  });

  beforeEach(() => {
    decision = { result: AuthorizeResult.ALLOW };
    jest.clearAllMocks();
    auditor.createEvent.mockResolvedValue(auditEvent);
  });

  it('pages and filters the fleet on the server', async () => {
    const res = await request(app).get(
      '/fleet?limit=2&offset=1&sort=entityRef&order=asc&status=fail,warn&tier=standard',
    );
    expect(res.status).toBe(200);
    // standard = even n; fail = n%4==0 (0,4,8), warn = n%4==2 (2,6,10)
    expect(res.body.totalItems).toBe(6);
    expect(res.body.counts).toEqual({ fail: 3, warn: 3, unknown: 0, pass: 0 });
    expect(res.body.items.map((i: any) => i.entityRef)).toEqual([
      'resource:default/tenant-10',
      'resource:default/tenant-2',
    ]);
    const repeated = await request(app).get('/fleet?status=fail&status=warn');
    expect(repeated.body.totalItems).toBe(6);
  });

  it.each([
    ['limit=0', /limit/],
    ['limit=501', /limit/],
    ['offset=-1', /offset/],
    ['limit=abc', /limit/],
    ['sort=owner', /sort/],
    ['order=up', /order/],
    ['status=green', /status/],
    ['failingCheck=no-such-check', /unknown check 'no-such-check'/],
    ['color=red', /color|Unrecognized/i],
    ['drill=human-error&drillStatus=late', /drillStatus/],
    ['drill=meteor', /unknown scenario 'meteor'/],
  ])(
    'answers a bad fleet query (%s) with 400 InputError',
    async (query, message) => {
      const res = await request(app).get(`/fleet?${query}`);
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toMatch(message);
    },
  );

  it('shows a shared cause once as a platform finding, and lists its tenants', async () => {
    const res = await request(app).get('/findings?limit=10');
    expect(res.status).toBe(200);
    // rpo fails for reason 'r' on 0, 4, 8; unknown on 1, 5, 9; warn on 2, 6, 10
    expect(
      res.body.items.map((f: any) => [f.checkId, f.status, f.entityCount]),
    ).toEqual([
      ['rpo', 'fail', 3],
      ['rpo', 'unknown', 3],
      ['rpo', 'warn', 3],
    ]);
    expect(res.body.affectedEntities).toBe(9);
    const tenants = await request(app).get(
      `/fleet?cause=${res.body.items[0].cause}&sort=entityRef`,
    );
    expect(tenants.body.items.map((i: any) => i.entityRef)).toEqual([
      'resource:default/tenant-0',
      'resource:default/tenant-4',
      'resource:default/tenant-8',
    ]);
    expect((await request(app).get('/fleet?cause=nope')).status).toBe(400);
    expect((await request(app).get('/findings?minEntities=0')).status).toBe(
      400,
    );

    const stored = await request(app).get(
      '/entities/resource/default/tenant-4/posture/stored',
    );
    expect(stored.status).toBe(200);
    expect(stored.body).toMatchObject({
      entityRef: 'resource:default/tenant-4',
      overall: 'fail',
      evaluatedAt: '2026-01-01T00:00:00.000Z',
    });
    expect(stored.body.checks[0].reason).toBe('r');
    const never = await request(app).get(
      '/entities/resource/default/tenant-99/posture/stored',
    );
    expect(never.status).toBe(404);
  });

  it("pages a database's tenants and a system's, and refuses a bad ref naming the parameter", async () => {
    const ofDb = await request(app).get('/fleet?database=db-a&sort=entityRef');
    expect(ofDb.status).toBe(200);
    expect(ofDb.body.items.map((i: any) => i.entityRef)).toEqual(
      [0, 1, 2, 3, 4, 5].map(n => `resource:default/tenant-${n}`),
    );
    const ofSystem = await request(app).get(
      '/fleet?system=System:default/shop&sort=entityRef',
    );
    expect(ofSystem.body.items.map((i: any) => i.entityRef)).toEqual(
      [0, 3, 6, 9].map(n => `resource:default/tenant-${n}`).sort(),
    );
    for (const param of ['database', 'system']) {
      const bad = await request(app).get(`/fleet?${param}=default/../x`);
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(new RegExp(`^Invalid ${param}: `));
    }
  });

  it('validates the other queries too', async () => {
    for (const path of [
      '/entities/resource/default/tenant-1/backups?limit=100000',
      '/history?days=0',
      '/metrics?windowDays=-3',
      '/runs?limit=x',
      '/compliance?x=1',
    ]) {
      const res = await request(app).get(path);
      expect({ path, status: res.status, name: res.body.error?.name }).toEqual({
        path,
        status: 400,
        name: 'InputError',
      });
    }
  });

  it("limits the fleet to what a policy's conditions allow", async () => {
    decision = {
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'disaster-recovery',
      resourceType: 'catalog-entity',
      conditions: disasterRecoveryConditions.isEntityOwner({
        claims: ['group:default/a'],
      }),
    };
    const res = await request(app).get('/fleet?limit=100');
    expect(res.status).toBe(200);
    expect(res.body.totalItems).toBe(6);
    expect(
      res.body.items.every((i: any) => i.owner === 'group:default/a'),
    ).toBe(true);
    // the drill calendar counts the same six (no target: never drilled)
    const calendar = await request(app).get('/drills/calendar');
    expect(calendar.body.totalEntities).toBe(6);
    expect(calendar.body.scenarios[0].counts.never).toBe(6);

    // Per entity: allowed for an owned tenant, 403 for another team's.
    const own = await request(app).get(
      '/entities/resource/default/tenant-1/backups',
    );
    expect(own.status).toBe(200);
    const other = await request(app).get(
      '/entities/resource/default/tenant-2/posture',
    );
    expect(other.status).toBe(403);
    expect(other.body.error.name).toBe('NotAllowedError');
  });

  it('hides everything when denied, and 404s unknown entities', async () => {
    decision = { result: AuthorizeResult.DENY };
    const res = await request(app).get('/fleet');
    expect(res.body).toEqual({
      items: [],
      totalItems: 0,
      counts: { pass: 0, warn: 0, fail: 0, unknown: 0 },
      tiers: [],
      owners: [],
    });
    expect((await request(app).get('/findings')).body).toEqual({
      items: [],
      totalItems: 0,
      affectedEntities: 0,
    });
    expect((await request(app).get('/history')).status).toBe(403);
    expect((await request(app).get('/drills/calendar')).body).toMatchObject({
      totalEntities: 0,
    });
    decision = { result: AuthorizeResult.ALLOW };
    const missing = await request(app).get(
      '/entities/resource/default/nope/posture',
    );
    expect(missing.status).toBe(404);
  });

  it('evaluates on request only for callers who may read the whole fleet, and audits it', async () => {
    const ok = await request(app).post('/evaluate');
    expect(ok.status).toBe(202);
    expect(triggerEvaluation).toHaveBeenCalledTimes(1);
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({ eventId: 'posture-evaluate' }),
    );
    expect(auditEvent.success).toHaveBeenCalled();

    decision = { result: AuthorizeResult.DENY };
    const denied = await request(app).post('/evaluate');
    expect(denied.status).toBe(403);
    expect(triggerEvaluation).toHaveBeenCalledTimes(1);
    expect(auditEvent.fail).toHaveBeenCalled();
  });

  it('serves the same operations as read-only actions', async () => {
    const actions = actionsRegistryServiceMock();
    registerPostureActions(actions, service);
    const listed = await actions.list();
    expect(listed.actions.map(a => a.name).sort()).toEqual([
      'get-entity-posture',
      'get-fleet-summary',
      'list-backups',
    ]);
    for (const action of listed.actions) {
      expect(action.attributes).toEqual({
        readOnly: true,
        destructive: false,
        idempotent: true,
      });
    }
    const summary = await actions.invoke({
      id: 'test:get-fleet-summary',
      input: { tier: ['critical'], limit: 2 },
    });
    expect(summary.output).toMatchObject({
      totalItems: 6,
      counts: { fail: 0, unknown: 3, warn: 0, pass: 3 },
      worst: [
        { entityRef: 'resource:default/tenant-1', overall: 'unknown' },
        { entityRef: 'resource:default/tenant-5', overall: 'unknown' },
      ],
    });
    const backups = await actions.invoke({
      id: 'test:list-backups',
      input: { entityRef: 'resource:default/tenant-1' },
    });
    expect(backups.output).toEqual({ items: [], totalItems: 0 });
  });
});
