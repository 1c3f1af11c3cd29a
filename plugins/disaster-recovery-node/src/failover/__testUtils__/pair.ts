import {
  Platform,
  PostgresNode,
  startPlatform,
} from '../../__testUtils__/platformHarness';
import { Client } from 'pg';
import { PgConnection } from '../../target/target';
import { PgBouncerSwitch } from '../pgBouncerSwitch';
import { reprotect, ReprotectResult } from '../reprotect';
import { SqlFencer } from '../sqlFencer';
import { PromotionOptions } from '../types';

/** The application role the tests write as (not a superuser, like a real application). */
export const APP_ROLE = 'app_writer';
const APP_PASSWORD = 'app-writer-secret-7f3a';

/** A harness primary + standby + PgBouncer whose roles the tests swap. */
export interface TestPair {
  platform: Platform;
  /** Current primary and standby (swapped by `promoted`). */
  primary: PostgresNode;
  standby: PostgresNode;
  /** Through PgBouncer, as the harness's application user. */
  bouncer: PgConnection;
  conn(node: PostgresNode): PgConnection;
  /** A switch over the harness's PgBouncer. */
  pgBouncerSwitch(): PgBouncerSwitch;
  app(node: PostgresNode): PgConnection;
  /** Options for a run from the current primary to the current standby. */
  runOptions(extra?: Partial<PromotionOptions>): PromotionOptions;
  /** Records that the standby was promoted. */
  promoted(): void;
  /** Makes the current standby (the old primary) stream from the current primary. */
  reprotect(): Promise<ReprotectResult>;
  query<T = any>(
    node: PostgresNode | PgConnection,
    sql: string,
    params?: unknown[],
  ): Promise<T[]>;
  secrets: string[];
  stop(): Promise<void>;
}

/** Starts primary + standby + PgBouncer (no object store) with an application role and table `writes`. */
export async function startTestPair(): Promise<TestPair> {
  const platform = await startPlatform({ s3: false, pgbackrest: false });
  const conn = (node: PostgresNode): PgConnection => ({
    host: node.host,
    port: node.port,
    user: node.user,
    password: node.password,
    database: node.database,
  });
  const query = async (
    node: PostgresNode | PgConnection,
    sql: string,
    params: unknown[] = [],
  ) => {
    const c = new Client(conn(node as PostgresNode));
    await c.connect();
    try {
      return (await c.query(sql, params)).rows;
    } finally {
      await c.end();
    }
  };
  const pb = platform.pgbouncer!;
  const pair: TestPair = {
    platform,
    primary: platform.primary,
    standby: platform.standby!,
    bouncer: {
      host: pb.host,
      port: pb.port,
      user: pb.user,
      password: pb.password,
      database: pb.database,
    },
    conn,
    pgBouncerSwitch: () =>
      new PgBouncerSwitch({
        host: pb.host,
        port: pb.port,
        adminUser: pb.adminUser,
        adminPassword: pb.adminPassword,
        database: pb.database,
        configFile: pb.configFile,
      }),
    app: node => ({ ...conn(node), user: APP_ROLE, password: APP_PASSWORD }),
    runOptions: extra => ({
      primary: conn(pair.primary),
      standby: conn(pair.standby),
      fencers: [new SqlFencer()],
      trafficSwitch: pair.pgBouncerSwitch(),
      probe: pair.bouncer,
      secrets: [pb.adminPassword],
      ...extra,
    }),
    promoted() {
      [pair.primary, pair.standby] = [pair.standby, pair.primary];
    },
    reprotect: () =>
      reprotect({
        server: conn(pair.standby),
        newPrimary: conn(pair.primary),
        slotName: 'dr_standby',
        pgBinDir: platform.pgBinDir,
        mode: {
          type: 'local',
          dataDir: pair.standby.dataDir,
          osUser: platform.osUser,
        },
      }),
    query,
    secrets: [platform.primary.password, pb.adminPassword, APP_PASSWORD],
    stop: () => platform.stop(),
  };
  await query(
    platform.primary,
    `CREATE ROLE ${APP_ROLE} LOGIN PASSWORD '${APP_PASSWORD}';
     CREATE TABLE writes (id bigserial PRIMARY KEY, client text NOT NULL, seq int NOT NULL,
       server_port int NOT NULL DEFAULT inet_server_port(), at timestamptz NOT NULL DEFAULT clock_timestamp());
     GRANT SELECT, INSERT ON writes TO ${APP_ROLE};
     GRANT USAGE ON SEQUENCE writes_id_seq TO ${APP_ROLE};`,
  );
  return pair;
}

/** Waits until `fn` is true, polling every 50 ms, or fails with `what`. */
export async function waitUntil(
  fn: () => Promise<boolean>,
  what: string,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise(r => setTimeout(r, 50));
  }
}
