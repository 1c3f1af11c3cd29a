import {
  RecoveryRun,
  TargetTopologyResponse,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import request from 'supertest';
import { ALICE, DB_REF, TENANT_REF } from './__testUtils__/operationsSuite';
import {
  OperationsTestBackend,
  startOperationsBackend,
} from './__testUtils__/operationsTestBackend';

// The route reads configuration and the plugin's stores only: no server of the target is reached.
const target = {
  primary: {
    host: 'db-a.internal',
    port: 5432,
    user: 'dr',
    password: 'pw-topology-secret',
    database: 'ecommerce',
  },
  standby: {
    host: 'db-b.internal',
    port: 5433,
    user: 'dr',
    password: 'pw-topology-secret',
    database: 'ecommerce',
  },
  s3: { bucket: 'unused-bucket', region: 'us-east-1', prefix: 'unused' },
};

const topologyPath = (ref: string) =>
  `/api/disaster-recovery/entities/${ref.replace(':', '/')}/topology`;

describe('GET /entities/:kind/:namespace/:name/topology', () => {
  let ctx: OperationsTestBackend;

  beforeAll(async () => {
    ctx = await startOperationsBackend({ prefix: 'unused', target });
  });

  afterAll(async () => {
    await ctx?.backend.stop();
  });

  afterEach(() => ctx.setDecision(() => true));

  const get = (ref: string) =>
    request(ctx.server).get(topologyPath(ref)).set('Authorization', ALICE);

  it('gives the configured roles while no run changed them, for the database and its tenants', async () => {
    const res = await get(DB_REF);
    expect(res.status).toBe(200);
    const body: TargetTopologyResponse = res.body;
    expect(body).toEqual({
      target: 'ecommerce',
      databaseRef: DB_REF,
      primary: { configured: 'primary', host: 'db-a.internal', port: 5432 },
      standby: { configured: 'standby', host: 'db-b.internal', port: 5433 },
      standbyConfigured: true,
      reprotectNeeded: false,
    });
    const tenant = await get(TENANT_REF);
    expect(tenant.status).toBe(200);
    expect(tenant.body).toEqual(body);
  });

  it('gives the recorded roles after a failover, the run that changed them and that a reprotect is needed', async () => {
    const run: RecoveryRun = {
      id: 'run-failover-1',
      operation: 'failover',
      entityRef: DB_REF,
      databaseRef: DB_REF,
      target: 'ecommerce',
      initiatedBy: 'user:default/oncall',
      status: 'succeeded',
      dryRun: false,
      startedAt: '2026-12-03T10:00:00.000Z',
      finishedAt: '2026-12-03T10:00:04.000Z',
      steps: [],
    };
    await ctx.stores.runs.saveRecoveryRun(run);
    await ctx.stores.topology.setTopology({
      target: 'ecommerce',
      primaryServer: 'standby',
      changedAt: '2026-12-03T10:00:03.000Z',
      runId: run.id,
    });
    await ctx.stores.observations.insertReplicationObservation({
      target: 'ecommerce',
      observedAt: '2026-12-03T10:00:03.500Z',
      standbyConnected: false,
    });

    const res = await get(TENANT_REF);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      target: 'ecommerce',
      databaseRef: DB_REF,
      primary: { configured: 'standby', host: 'db-b.internal', port: 5433 },
      standby: null,
      standbyConfigured: true,
      reprotectNeeded: true,
      change: {
        at: '2026-12-03T10:00:03.000Z',
        runId: 'run-failover-1',
        operation: 'failover',
        initiatedBy: 'user:default/oncall',
      },
      replication: {
        observedAt: '2026-12-03T10:00:03.500Z',
        standbyConnected: false,
      },
    });
    expect(JSON.stringify(res.body)).not.toContain('pw-topology-secret');

    await ctx.stores.topology.setTopology({
      target: 'ecommerce',
      primaryServer: 'standby',
      standbyServer: 'primary',
      changedAt: '2026-12-03T10:05:00.000Z',
      runId: 'run-reprotect-unrecorded',
    });
    const reprotected = await get(DB_REF);
    expect(reprotected.body).toMatchObject({
      primary: { configured: 'standby' },
      standby: { configured: 'primary', host: 'db-a.internal', port: 5432 },
      reprotectNeeded: false,
      change: { runId: 'run-reprotect-unrecorded' },
    });
    expect(reprotected.body.change.operation).toBeUndefined();
  });

  it('needs the posture read permission on the entity', async () => {
    ctx.setDecision(p => p !== 'disaster-recovery.posture.read');
    const res = await get(DB_REF);
    expect(res.status).toBe(403);
    expect(res.body.primary).toBeUndefined();
  });

  it('answers 404 for an unknown entity and 400 for one without a database target', async () => {
    const unknown = await get('resource:default/no-such-db');
    expect(unknown.status).toBe(404);
    const component = await get('component:default/storefront');
    expect(component.status).toBe(400);
    expect(component.body.error.message).toMatch(
      /database or tenant Resources/,
    );
  });
});
