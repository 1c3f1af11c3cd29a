/*
 * P1: one page of the fleet posture (`GET /api/disaster-recovery/fleet`) with 5,000 tenants and
 * 1,000,000 backup rows in PostgreSQL, against the catalog's `GET /api/catalog/entities/by-query`
 * page of the same size, both served by the same backend in the same run.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/p1-fleet.ts [tenants] [backups]
 *
 * Starts a harness PostgreSQL 15 as the portal database, a real backend (catalog backend + the
 * disaster-recovery backend) on a free port, ingests the tenants and 50 databases through a
 * catalog entity provider, writes the backup rows, runs one real posture evaluation round over
 * every tenant, then measures p50/p95 latency of pages, interleaving the two APIs. Prints
 * figures and ratios; asserts nothing.
 */
import { createServer } from 'node:net';
import { createBackend } from '@backstage/backend-defaults';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  catalogProcessingExtensionPoint,
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { DR_ANNOTATIONS } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { pgConnectionConfig, startPlatform } from '@internal/platform-harness';
import knexFactory from 'knex';
import { notificationsMock } from '../plugins/disaster-recovery-backend/src/__testUtils__/notificationsMock';

const TENANTS = Number(process.argv[2] ?? 5_000);
const BACKUPS = Number(process.argv[3] ?? 1_000_000);
const DATABASES = 50;
const TEAMS = 20;
const PAGE = 50;
const SAMPLES = Number(process.env.P1_SAMPLES ?? 200);
const WARMUP = 20;
const DEEP = Math.floor(TENANTS * 0.8);

process.env.LOG_LEVEL = process.env.LOG_LEVEL ?? 'warn';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');

function entities(): Entity[] {
  const out: Entity[] = [];
  for (let d = 0; d < DATABASES; d++) {
    out.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: `db-${pad(d, 2)}`,
        annotations: { [DR_ANNOTATIONS.target]: `db-${pad(d, 2)}` },
      },
      spec: { type: 'database', owner: 'group:default/dba' },
    });
  }
  for (let t = 0; t < TENANTS; t++) {
    out.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: `tenant-${pad(t, 5)}`,
        title: `Tenant ${t}`,
        annotations: {
          [DR_ANNOTATIONS.tier]: t % 10 === 0 ? 'critical' : 'standard',
          [DR_ANNOTATIONS.dataClasses]: 'customer-pii,transactions',
          [DR_ANNOTATIONS.tenantId]: `t${t}`,
        },
      },
      spec: {
        type: 'tenant',
        owner: `group:default/team-${pad(t % TEAMS, 2)}`,
        dependsOn: [`resource:default/db-${pad(t % DATABASES, 2)}`],
      },
    });
  }
  return out;
}

class BenchTenantProvider implements EntityProvider {
  getProviderName() {
    return 'bench-tenants';
  }
  async connect(connection: EntityProviderConnection) {
    await connection.applyMutation({
      type: 'full',
      entities: entities().map(entity => ({
        entity: {
          ...entity,
          metadata: {
            ...entity.metadata,
            namespace: 'default',
            annotations: {
              ...entity.metadata.annotations,
              'backstage.io/managed-by-location': 'bench:p1',
              'backstage.io/managed-by-origin-location': 'bench:p1',
            },
          },
        },
        locationKey: 'bench:p1',
      })),
    });
  }
}

const benchTenantsModule = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'bench-tenants',
  register(env) {
    env.registerInit({
      deps: { catalog: catalogProcessingExtensionPoint },
      async init({ catalog }) {
        catalog.addEntityProvider(new BenchTenantProvider());
      },
    });
  },
});

function percentile(sorted: number[], p: number) {
  return sorted[
    Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
  ];
}

const returned = new Map<string, number>();

async function timeGet(url: string): Promise<number> {
  const start = process.hrtime.bigint();
  const res = await fetch(url);
  const body = await res.text();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (!res.ok) throw new Error(`${url}: ${res.status} ${body.slice(0, 300)}`);
  returned.set(url, JSON.parse(body).items.length);
  return ms;
}

async function main() {
  const platform = await startPlatform({
    standby: false,
    s3: false,
    pgbouncer: false,
    pgbackrest: false,
  });
  const port = await freePort();
  const base = `http://localhost:${port}`;
  const pg = pgConnectionConfig(platform.primary, 'postgres');
  const backend = createBackend();
  try {
    backend.add(
      mockServices.rootConfig.factory({
        data: {
          backend: {
            baseUrl: base,
            listen: { port, host: '127.0.0.1' },
            database: {
              client: 'pg',
              connection: {
                host: pg.host,
                port: pg.port,
                user: pg.user,
                password: pg.password,
              },
            },
          },
          catalog: {
            rules: [
              {
                allow: [
                  'Component',
                  'System',
                  'API',
                  'Resource',
                  'Location',
                  'Group',
                  'User',
                ],
              },
            ],
          },
          disasterRecovery: {
            // The recovery operations' monthly verification: not during the measurement.
            verification: {
              schedule: {
                frequency: { days: 30 },
                timeout: { hours: 1 },
                initialDelay: { hours: 12 },
              },
            },
            collectors: {
              s3Index: { enabled: false },
              pgbackrest: { enabled: false },
              replication: { enabled: false },
              posture: { enabled: false },
            },
          },
        },
      }),
    );
    backend.add(mockServices.auth.factory());
    backend.add(mockServices.httpAuth.factory());
    backend.add(notificationsMock().factory);
    backend.add(import('@backstage/plugin-catalog-backend'));
    backend.add(benchTenantsModule);
    backend.add(
      import('@dr-portal/backstage-plugin-disaster-recovery-backend'),
    );
    const t0 = Date.now();
    await backend.start();
    console.log(
      `P1: ${TENANTS} tenants, ${BACKUPS.toLocaleString(
        'en-US',
      )} backup rows, portal database PostgreSQL 15 (harness)`,
    );
    console.log(
      `backend started in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
    );

    // Wait until the catalog has processed and stitched every tenant.
    const t1 = Date.now();
    for (;;) {
      const res = await fetch(
        `${base}/api/catalog/entities/by-query?filter=kind=resource,spec.type=tenant&limit=1`,
      );
      const body = res.ok ? await res.json() : { totalItems: 0 };
      if (body.totalItems >= TENANTS) break;
      if (Date.now() - t1 > 20 * 60_000)
        throw new Error('catalog ingestion took over 20 minutes');
      await new Promise(r => setTimeout(r, 2000));
    }
    console.log(
      `catalog ingested ${TENANTS} tenants + ${DATABASES} databases in ${(
        (Date.now() - t1) /
        1000
      ).toFixed(1)} s (setup)`,
    );

    // Backup rows, written the way the indexer writes them (one target per database).
    const store = knexFactory({
      client: 'pg',
      connection: pgConnectionConfig(
        platform.primary,
        'backstage_plugin_disaster-recovery',
      ),
    });
    const t2 = Date.now();
    await store.raw(
      `INSERT INTO dr_backups (target, bucket, key, size_bytes, sha256, sse, storage_class, region, taken_at, last_modified, duration_seconds, indexed_at, seen_at)
       SELECT 'db-' || lpad((i % ?)::text, 2, '0'), 'bench',
              'db-' || lpad((i % ?)::text, 2, '0') || '/ecommerce/' || lpad(i::text, 8, '0') || '.dump',
              1000000 + i, md5(i::text) || md5((i + 1)::text), 'AES256', 'STANDARD', 'us-east-1',
              now() - ((? - i) / ?) * interval '15 minutes', now() - ((? - i) / ?) * interval '15 minutes',
              60, now(), now()
         FROM generate_series(0, ? - 1) AS i`,
      [DATABASES, DATABASES, BACKUPS, DATABASES, BACKUPS, DATABASES, BACKUPS],
    );
    await store('dr_index_cursors').insert(
      Array.from({ length: DATABASES }, (_, d) => ({
        target: `db-${pad(d, 2)}`,
        bucket: 'bench',
        prefix: `db-${pad(d, 2)}/ecommerce/`,
        last_key: null,
        updated_at: new Date(),
        last_full_scan_at: new Date(),
      })),
    );
    await store.raw('ANALYZE');
    const [{ c }] = await store('dr_backups').count({ c: '*' });
    console.log(
      `wrote ${Number(c).toLocaleString('en-US')} backup rows in ${(
        (Date.now() - t2) /
        1000
      ).toFixed(1)} s (setup)`,
    );

    // One real evaluation round: catalog paging, evidence per target, evaluate, snapshots.
    const t3 = Date.now();
    const evaluated = await fetch(`${base}/api/disaster-recovery/evaluate`, {
      method: 'POST',
    });
    if (!evaluated.ok)
      throw new Error(
        `evaluate: ${evaluated.status} ${await evaluated.text()}`,
      );
    const evalMs = Date.now() - t3;
    const [{ n }] = await store('dr_posture_snapshots').count({ n: '*' });
    console.log(
      `posture evaluation round: ${Number(n)} tenants in ${(
        evalMs / 1000
      ).toFixed(1)} s (${(evalMs / Number(n)).toFixed(2)} ms/tenant)`,
    );
    await store.destroy();

    // A check that fails for some tenants, for the failing-check filter.
    const firstPage = await (
      await fetch(`${base}/api/disaster-recovery/fleet?limit=1`)
    ).json();
    if (process.env.P1_DEBUG) {
      const one = await (
        await fetch(
          `${base}/api/disaster-recovery/entities/resource/default/tenant-00001/posture`,
        )
      ).json();
      console.log(
        JSON.stringify(
          one.checks.map((c: any) => [c.id, c.status, c.reason]).slice(0, 3),
        ),
      );
      console.log(JSON.stringify(firstPage.items[0]));
    }
    const failingCheck =
      firstPage.items[0]?.checks.find((c: any) => c.status === 'fail')?.id ??
      'rpo';

    const cases: Array<{ name: string; fleet: string; catalog: string }> = [
      {
        name: `first page (${PAGE})`,
        fleet: `/api/disaster-recovery/fleet?limit=${PAGE}&sort=overall`,
        catalog: `/api/catalog/entities/by-query?filter=kind=resource,spec.type=tenant&limit=${PAGE}&orderField=metadata.name,asc`,
      },
      {
        name: `deep page (offset ${DEEP})`,
        fleet: `/api/disaster-recovery/fleet?limit=${PAGE}&offset=${DEEP}&sort=entityRef`,
        catalog: `/api/catalog/entities/by-query?filter=kind=resource,spec.type=tenant&limit=${PAGE}&offset=${DEEP}&orderField=metadata.name,asc`,
      },
      {
        name: 'filtered (tier + owner)',
        fleet: `/api/disaster-recovery/fleet?limit=${PAGE}&tier=standard&owner=group:default/team-03`,
        catalog: `/api/catalog/entities/by-query?filter=kind=resource,spec.type=tenant,metadata.annotations.${DR_ANNOTATIONS.tier}=standard,spec.owner=group:default/team-03&limit=${PAGE}`,
      },
      {
        name: `failing ${failingCheck} + text`.slice(0, 29),
        fleet: `/api/disaster-recovery/fleet?limit=${PAGE}&failingCheck=${failingCheck}&q=tenant-01`,
        catalog: `/api/catalog/entities/by-query?filter=kind=resource,spec.type=tenant&fullTextFilterTerm=tenant-01&fullTextFilterFields=metadata.name&limit=${PAGE}`,
      },
    ];
    console.log('');
    console.log(
      `latency over ${SAMPLES} requests each, interleaved, after ${WARMUP} warm-up requests:`,
    );
    console.log(
      'case                          fleet p50   p95     catalog p50   p95     ratio p50  p95',
    );
    for (const c of cases) {
      for (let i = 0; i < WARMUP; i++) {
        await timeGet(base + c.fleet);
        await timeGet(base + c.catalog);
      }
      const fleet: number[] = [];
      const catalog: number[] = [];
      for (let i = 0; i < SAMPLES; i++) {
        fleet.push(await timeGet(base + c.fleet));
        catalog.push(await timeGet(base + c.catalog));
      }
      fleet.sort((a, b) => a - b);
      catalog.sort((a, b) => a - b);
      const f50 = percentile(fleet, 50);
      const f95 = percentile(fleet, 95);
      const c50 = percentile(catalog, 50);
      const c95 = percentile(catalog, 95);
      console.log(
        `${c.name.padEnd(30)}${f50.toFixed(1).padStart(7)} ms${f95
          .toFixed(1)
          .padStart(7)} ms  ${c50.toFixed(1).padStart(9)} ms${c95
          .toFixed(1)
          .padStart(7)} ms  ${(f50 / c50).toFixed(2).padStart(7)}x ${(f95 / c95)
          .toFixed(2)
          .padStart(5)}x   (items: ${returned.get(
          base + c.fleet,
        )} / ${returned.get(base + c.catalog)})`,
      );
    }
    const sample = await (await fetch(`${base}${cases[0].fleet}`)).json();
    console.log('');
    console.log(
      `fleet counts: ${JSON.stringify(sample.counts)}; page bytes: ${
        JSON.stringify(sample).length
      }`,
    );
  } finally {
    await backend.stop().catch(() => {});
    await platform.stop();
  }
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
