import { Client } from 'pg';
import {
  pgConnectionConfig,
  Platform,
  PostgresNode,
} from '../../__testUtils__/platformHarness';

function connection(node: PostgresNode) {
  const { host, port, user, password, database } = node;
  return { host, port, user, password, database };
}

/** Target `ecommerce` over the harness pair, with a SQL fence, PgBouncer and local reprotect. */
export function failoverTarget(platform: Platform) {
  const pb = platform.pgbouncer!;
  return {
    primary: connection(platform.primary),
    standby: connection(platform.standby!),
    pgBinDir: platform.pgBinDir,
    // no backup runs in this suite: the object store is never reached
    s3: { bucket: 'unused-bucket', region: 'us-east-1', prefix: 'unused' },
    failover: {
      fencers: [{ type: 'sql' }],
      switch: {
        type: 'pgbouncer',
        host: pb.host,
        port: pb.port,
        adminUser: pb.adminUser,
        adminPassword: pb.adminPassword,
        database: pb.database,
        configFile: pb.configFile,
      },
      probe: {
        host: pb.host,
        port: pb.port,
        user: pb.user,
        password: pb.password,
        database: pb.database,
      },
      rpoSeconds: 900,
      reprotect: {
        type: 'local',
        dataDirs: {
          primary: platform.primary.dataDir,
          standby: platform.standby!.dataDir,
        },
        osUser: platform.osUser,
      },
    },
  };
}

/** Port of the server a write through PgBouncer lands on. */
export async function writeThroughBouncer(platform: Platform): Promise<number> {
  const pb = platform.pgbouncer!;
  const client = new Client({
    host: pb.host,
    port: pb.port,
    user: pb.user,
    password: pb.password,
    database: pb.database,
  });
  await client.connect();
  try {
    await client.query(
      'create table if not exists failover_probe (at timestamptz default now())',
    );
    await client.query('insert into failover_probe default values');
    const { rows } = await client.query('select inet_server_port() as port');
    return rows[0].port;
  } finally {
    await client.end();
  }
}

/** Whether a server is in recovery (a standby). */
export async function inRecovery(node: PostgresNode): Promise<boolean> {
  const client = new Client(pgConnectionConfig(node));
  await client.connect();
  try {
    const { rows } = await client.query('select pg_is_in_recovery() as r');
    return rows[0].r;
  } finally {
    await client.end();
  }
}
