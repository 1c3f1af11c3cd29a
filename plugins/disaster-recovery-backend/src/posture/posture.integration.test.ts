import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  DR_ANNOTATIONS,
  defaultPolicy,
  PostureResult,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import {
  createBackup,
  DatabaseTarget,
} from '@dr-portal/backstage-plugin-disaster-recovery-node';
import { Platform, startPlatform } from '../__testUtils__/platformHarness';
import express from 'express';
import { Client } from 'pg';
import request from 'supertest';
import { collectPgBackRestInfo } from '../collectors/pgbackrestCollector';
import { collectReplication } from '../collectors/replicationCollector';
import { indexBackups } from '../collectors/s3BackupIndexer';
import {
  backupIndexSource,
  pgbackrestSource,
  replicationSource,
} from '../collectors/collectorTargets';
import {
  initializePersistenceContext,
  PersistenceContext,
} from '../database/persistenceContext';
import { PostureAccess } from '../permissions/postureAccess';
import { createRouter } from '../router/createRouter';
import { cachedCatalogEvidence } from '../service/context';
import { DisasterRecoveryService } from '../service/DisasterRecoveryService';
import { notificationsMock } from '../__testUtils__/notificationsMock';
import { CatalogEvidence } from './catalogEvidence';
import { evaluateFleet } from './evaluateFleet';

jest.setTimeout(180_000);

const execFileAsync = promisify(execFile);
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

function database(name: string, target: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      namespace: 'default',
      annotations: { [DR_ANNOTATIONS.target]: target },
    },
    spec: { type: 'database', owner: 'group:default/dba' },
  };
}

function tenant(name: string, dbName: string, owner: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      namespace: 'default',
      title: `Tenant ${name}`,
      annotations: {
        [DR_ANNOTATIONS.tier]: 'standard',
        [DR_ANNOTATIONS.dataClasses]: 'customer-pii,transactions',
        [DR_ANNOTATIONS.tenantId]: name,
      },
    },
    spec: {
      type: 'tenant',
      owner,
      dependsOn: [`resource:default/${dbName}`],
    },
  };
}

describe('posture from real evidence (PostgreSQL primary + standby, object store, pgBackRest)', () => {
  let platform: Platform;
  let app: express.Express;
  let stores: PersistenceContext;
  let shop: DatabaseTarget;
  let main: DatabaseTarget;
  const notifications = notificationsMock();
  const catalog = catalogServiceMock({
    entities: [
      database('shop-db', 'shop'),
      database('main-db', 'main'),
      database('ghost-db', 'ghost'),
      tenant('tenant-rpo', 'shop-db', 'group:default/team-shop'),
      tenant('tenant-lag', 'main-db', 'group:default/team-main'),
      tenant('tenant-ghost', 'ghost-db', 'group:default/team-ghost'),
    ],
  });
  const policy = defaultPolicy;
  const logger = mockServices.logger.mock();

  async function evaluateNow() {
    return evaluateFleet({
      stores,
      catalog,
      credentials: mockCredentials.service(),
      policy,
      catalogEvidence: await CatalogEvidence.load({
        catalog,
        credentials: mockCredentials.service(),
        policy,
        now: new Date(),
      }),
      notifications: notifications.service,
      logger,
    });
  }

  async function posture(name: string): Promise<PostureResult> {
    const res = await request(app).get(
      `/entities/resource/default/${name}/posture`,
    );
    expect(res.status).toBe(200);
    return res.body;
  }

  const readPgBackRest = () =>
    collectPgBackRestInfo(pgbackrestSource(main)!, stores.observations);
  const readReplication = () =>
    collectReplication(replicationSource(main), stores.observations);

  const check = (p: PostureResult, id: string) =>
    p.checks.find(c => c.id === id)!;

  beforeAll(async () => {
    platform = await startPlatform({ pgbouncer: false });
    const connection = (node: Platform['primary']) => ({
      host: node.host,
      port: node.port,
      user: node.user,
      password: node.password,
      database: node.database,
    });
    const s3 = {
      endpoint: platform.s3!.endpoint,
      region: platform.s3!.region,
      bucket: platform.s3!.bucket,
      accessKeyId: platform.s3!.accessKeyId,
      secretAccessKey: platform.s3!.secretAccessKey,
      forcePathStyle: true,
    };
    // `shop` has only logical dumps: its RPO depends on them alone.
    shop = {
      name: 'shop',
      primary: connection(platform.primary),
      pgBinDir: platform.pgBinDir,
      s3: { ...s3, prefix: 'shop' },
    };
    main = {
      name: 'main',
      primary: connection(platform.primary),
      standby: connection(platform.standby!),
      pgBinDir: platform.pgBinDir,
      s3: { ...s3, prefix: 'main' },
      pgbackrest: {
        stanza: platform.pgbackrest!.stanza,
        command: platform.pgbackrest!.command,
      },
    };

    const knex = await databases.init('SQLITE_3');
    stores = await initializePersistenceContext(
      mockServices.database({ knex }),
    );
    const auth = mockServices.auth();
    const service = new DisasterRecoveryService({
      stores,
      catalog,
      auth,
      access: new PostureAccess(mockServices.permissions(), logger),
      policy,
      logger,
      catalogEvidence: cachedCatalogEvidence({
        catalog,
        auth,
        policy,
        ttlMs: 0,
      }),
      now: () => new Date(),
    });
    app = express();
    app.use(
      await createRouter({
        httpAuth: mockServices.httpAuth(),
        auditor: mockServices.auditor.mock(),
        service,
        triggerEvaluation: async () => {
          await evaluateNow();
        },
      }),
    );
    app.use(mockErrorHandler());
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it('a tenant nothing has been collected about is unknown, never pass', async () => {
    const p = await posture('tenant-ghost');
    expect(p.overall).toBe('unknown');
    // Availability is measured from the incident log, which was read and names no incident of
    // this tenant: it passes with the whole budget. Every check of the target's evidence is unknown.
    expect(p.checks.filter(c => c.status === 'pass').map(c => c.id)).toEqual([
      'availability',
    ]);
    for (const id of ['rpo', 'replica-lag', 'verified-restore']) {
      expect(check(p, id).status).toBe('unknown');
    }
  });

  it('a backup written to the object store turns RPO from fail to pass', async () => {
    // A dump taken two hours ago (the standard tier's RPO is 15 minutes).
    const old = await createBackup({
      target: shop,
      now: new Date(Date.now() - 2 * 3600_000),
      collectStats: false,
    });
    await indexBackups(backupIndexSource(shop), stores.backups);
    await evaluateNow();

    const failing = await request(app).get('/fleet?failingCheck=rpo');
    expect(failing.status).toBe(200);
    expect(failing.body.items.map((i: any) => i.entityRef)).toContain(
      'resource:default/tenant-rpo',
    );
    const before = await posture('tenant-rpo');
    expect(check(before, 'rpo')).toMatchObject({
      status: 'fail',
      evidence: [expect.objectContaining({ kind: 'backup' })],
    });

    const fresh = await createBackup({ target: shop, collectStats: false });
    const indexed = await indexBackups(backupIndexSource(shop), stores.backups);
    expect(indexed).toMatchObject({ indexed: 1, fullRescan: false });
    await evaluateNow();

    const after = await posture('tenant-rpo');
    expect(check(after, 'rpo').status).toBe('pass');
    const stillFailing = await request(app).get('/fleet?failingCheck=rpo');
    expect(stillFailing.body.items.map((i: any) => i.entityRef)).not.toContain(
      'resource:default/tenant-rpo',
    );

    const backups = await request(app).get(
      '/entities/resource/default/tenant-rpo/backups?limit=10',
    );
    expect(backups.status).toBe(200);
    expect(backups.body.totalItems).toBe(2);
    expect(backups.body.items.map((b: any) => b.key)).toEqual([
      fresh.key,
      old.key,
    ]);
    expect(backups.body.items[0].sha256).toMatch(/^[0-9a-f]{64}$/);

    const history = await request(app).get(
      '/entities/resource/default/tenant-rpo/history?days=1',
    );
    expect(history.status).toBe(200);
    expect(history.body.points.length).toBeGreaterThanOrEqual(2);
  });

  it('reads pgBackRest info into a PITR window and WAL archive evidence', async () => {
    const [cmd, ...args] = main.pgbackrest!.command;
    await execFileAsync(cmd, [
      ...args,
      `--stanza=${main.pgbackrest!.stanza}`,
      '--type=full',
      'backup',
    ]);
    const snapshot = await readPgBackRest();
    expect(snapshot.statusCode).toBe(0);
    expect(snapshot.backups.length).toBeGreaterThanOrEqual(1);
    expect(snapshot.backups[0].type).toBe('full');
    expect(snapshot.lastArchivedAt).toBeDefined();
    expect(Date.parse(snapshot.pitrEnd!)).toBeGreaterThanOrEqual(
      Date.parse(snapshot.pitrStart!),
    );

    const p = await posture('tenant-lag');
    expect(check(p, 'rpo').evidence).toContainEqual(
      expect.objectContaining({ kind: 'wal-archive' }),
    );
  });

  it('measures RPO as exposure: nothing on an idle archived primary, growing with unarchived writes', async () => {
    const sql = async (text: string) => {
      const client = new Client(main.primary);
      await client.connect();
      try {
        return (await client.query(text)).rows;
      } finally {
        await client.end();
      }
    };
    // Archive everything written so far: switch to a new segment and wait until the archiver has
    // pushed the one it closed.
    let idle: Awaited<ReturnType<typeof collectPgBackRestInfo>> | undefined;
    for (let attempt = 0; attempt < 60; attempt++) {
      const [{ closed }] = await sql(
        'SELECT pg_walfile_name(pg_switch_wal()) AS closed',
      );
      for (let wait = 0; wait < 50; wait++) {
        const [{ last }] = await sql(
          'SELECT last_archived_wal AS last FROM pg_stat_archiver',
        );
        if (last !== null && last >= closed) break;
        await new Promise(r => setTimeout(r, 100));
      }
      idle = await readPgBackRest();
      if (idle.walExposure && !idle.walExposure.unarchivedSince) break;
    }
    expect(idle?.walExposure).toMatchObject({
      currentLsn: idle?.walExposure?.archivedLsn,
    });
    expect(idle?.walExposure?.unarchivedSince).toBeUndefined();
    // The tenant's newest dump is old news here: the archive covers every change.
    const atRest = check(await posture('tenant-lag'), 'rpo');
    expect(atRest).toMatchObject({
      status: 'pass',
      measured: 'nothing exposed',
    });
    expect(atRest.reason).toMatch(/Covered by the WAL archive/);

    await sql(
      "CREATE TABLE IF NOT EXISTS rpo_probe (id serial, note text); INSERT INTO rpo_probe (note) VALUES ('unarchived')",
    );
    const written = await readPgBackRest();
    expect(written.walExposure?.unarchivedSince).toBeDefined();
    expect(written.walExposure!.currentLsn).not.toBe(
      written.walExposure!.archivedLsn,
    );
    await new Promise(r => setTimeout(r, 1100));
    // The exposure keeps its start while the archive does not move, so it grows.
    const later = await readPgBackRest();
    expect(later.walExposure?.unarchivedSince).toBe(
      written.walExposure?.unarchivedSince,
    );
    const exposed = check(await posture('tenant-lag'), 'rpo');
    expect(exposed.measured).not.toBe('nothing exposed');
    expect(exposed.reason).toMatch(/not archived yet/);
    expect(exposed.breachAt).toBeDefined();
  });

  it('a stopped standby turns replica lag to fail, and tells the owner once', async () => {
    const up = await readReplication();
    expect(up.standbyConnected).toBe(true);
    await evaluateNow();
    expect(check(await posture('tenant-lag'), 'replica-lag').status).toBe(
      'pass',
    );

    await platform.stopStandby();
    const down = await readReplication();
    expect(down).toMatchObject({ standbyConnected: false });
    expect(down.detail?.standbyError).toBeDefined();
    expect(JSON.stringify(down)).not.toContain(main.primary.password!);

    expect(check(await posture('tenant-lag'), 'replica-lag')).toMatchObject({
      status: 'fail',
      measured: 'no standby',
    });

    notifications.sent.length = 0;
    await evaluateNow();
    const toOwner = notifications.sent.filter(n =>
      JSON.stringify(n.recipients).includes('group:default/team-main'),
    );
    expect(toOwner).toHaveLength(1);
    expect(toOwner[0].payload.title).toMatch(/Standby replica lag/);
    // No transition on the next round: no second notification.
    notifications.sent.length = 0;
    await evaluateNow();
    expect(
      notifications.sent.filter(n =>
        JSON.stringify(n.recipients).includes('group:default/team-main'),
      ),
    ).toHaveLength(0);

    const fleet = await request(app).get(
      '/fleet?failingCheck=replica-lag&owner=group:default/team-main',
    );
    expect(fleet.body.items.map((i: any) => i.entityRef)).toEqual([
      'resource:default/tenant-lag',
    ]);
    await platform.startStandby();
  });
});
