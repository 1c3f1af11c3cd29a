import {
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { Client } from 'pg';
import { createS3Client } from './objectStore';
import { pgConnectionConfig, STANDBY_SLOT } from './postgres';
import { isAlive, isPortOpen, waitFor } from './processes';
import { startPlatform } from './startPlatform';
import { processesMentioning, queryBouncerAdmin } from './testUtils';
import { Platform, PostgresNode } from './types';

jest.setTimeout(120_000);

let platform: Platform;
let startMs: number;

async function query<T = any>(
  node: { host: string; port: number; user: string; password: string },
  database: string,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new Client({
    host: node.host,
    port: node.port,
    user: node.user,
    password: node.password,
    database,
  });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

const sha256 = (data: Uint8Array) =>
  createHash('sha256').update(data).digest('hex');

beforeAll(async () => {
  const started = Date.now();
  platform = await startPlatform();
  startMs = Date.now() - started;
  // eslint-disable-next-line no-console
  console.log(`startPlatform() with everything took ${startMs} ms`);
});

afterAll(async () => {
  await platform?.stop();
});

describe('startPlatform', () => {
  it('starts everything on 127.0.0.1 with the documented shape', () => {
    expect(platform.primary).toMatchObject({
      host: '127.0.0.1',
      user: 'postgres',
      database: 'ecommerce',
    });
    expect(platform.standby?.port).not.toBe(platform.primary.port);
    expect(platform.s3?.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(platform.s3?.tlsEndpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(platform.pgbouncer?.database).toBe('ecommerce');
    expect(platform.pgbackrest?.stanza).toBe('demo');
    expect(platform.osUser).toBe(
      process.getuid?.() === 0 ? 'postgres' : platform.osUser,
    );
    // Plain data: serialisable without functions, as the CLI writes it.
    expect(JSON.parse(JSON.stringify(platform)).primary.port).toBe(
      platform.primary.port,
    );
  });

  it('requires the password over TCP and listens on loopback only', async () => {
    const [{ listen_addresses }] = await query(
      platform.primary,
      'postgres',
      'show listen_addresses',
    );
    expect(listen_addresses).toBe('127.0.0.1');
    await expect(
      query({ ...platform.primary, password: 'wrong' }, 'postgres', 'select 1'),
    ).rejects.toThrow(/password authentication failed/);
  });

  it('replicates a row written on the primary to the standby', async () => {
    const standby = platform.standby as PostgresNode;
    const [{ in_recovery }] = await query(
      standby,
      'postgres',
      'select pg_is_in_recovery() as in_recovery',
    );
    expect(in_recovery).toBe(true);
    const marker = randomBytes(8).toString('hex');
    await query(
      platform.primary,
      'ecommerce',
      'create table if not exists harness_probe (marker text primary key)',
    );
    await query(
      platform.primary,
      'ecommerce',
      'insert into harness_probe (marker) values ($1)',
      [marker],
    );
    await waitFor(
      async () =>
        (
          await query(
            standby,
            'ecommerce',
            'select 1 from harness_probe where marker = $1',
            [marker],
          ).catch(() => [])
        ).length === 1,
      15_000,
      'the row did not reach the standby within 15s',
    );
    const slots = await query(
      platform.primary,
      'postgres',
      'select slot_name, active from pg_replication_slots',
    );
    expect(slots).toEqual([{ slot_name: STANDBY_SLOT, active: true }]);
  });

  it('stops and restarts the standby, which catches up again', async () => {
    const standby = platform.standby as PostgresNode;
    await platform.stopStandby();
    expect(await isPortOpen(standby.port)).toBe(false);
    const marker = randomBytes(8).toString('hex');
    await query(
      platform.primary,
      'ecommerce',
      'insert into harness_probe (marker) values ($1)',
      [marker],
    );
    await platform.startStandby();
    await waitFor(
      async () =>
        (
          await query(
            standby,
            'ecommerce',
            'select 1 from harness_probe where marker = $1',
            [marker],
          ).catch(() => [])
        ).length === 1,
      15_000,
      'the restarted standby did not catch up within 15s',
    );
  });

  it('stores and reads back an object over HTTP and over TLS', async () => {
    const s3 = platform.s3!;
    for (const tls of [false, true]) {
      const client = createS3Client(s3, { tls });
      const key = `probe/${tls ? 'tls' : 'http'}/${randomBytes(4).toString(
        'hex',
      )}.txt`;
      const body = `hello over ${tls ? 'https' : 'http'}`;
      await client.send(
        new PutObjectCommand({ Bucket: s3.bucket, Key: key, Body: body }),
      );
      const got = await client.send(
        new GetObjectCommand({ Bucket: s3.bucket, Key: key }),
      );
      expect(await got.Body!.transformToString()).toBe(body);
      client.destroy();
    }
  });

  it('accepts a multipart upload larger than 11 MiB', async () => {
    const s3 = platform.s3!;
    const client = createS3Client(s3);
    const data = randomBytes(12 * 1024 * 1024 + 123);
    const key = 'probe/large.bin';
    await new Upload({
      client,
      params: { Bucket: s3.bucket, Key: key, Body: data },
      partSize: 5 * 1024 * 1024,
      queueSize: 2,
    }).done();
    const head = await client.send(
      new HeadObjectCommand({ Bucket: s3.bucket, Key: key }),
    );
    expect(head.ContentLength).toBe(data.length);
    const got = await client.send(
      new GetObjectCommand({ Bucket: s3.bucket, Key: key }),
    );
    const bytes = await got.Body!.transformToByteArray();
    expect(sha256(bytes)).toBe(sha256(data));
    client.destroy();
  });

  it('routes PgBouncer traffic to the primary, and its admin console answers', async () => {
    const bouncer = platform.pgbouncer!;
    const [{ port }] = await query(
      bouncer,
      bouncer.database,
      'select inet_server_port() as port',
    );
    expect(port).toBe(platform.primary.port);

    const marker = randomBytes(8).toString('hex');
    await query(
      bouncer,
      bouncer.database,
      'create table if not exists bouncer_probe (marker text primary key)',
    );
    await query(
      bouncer,
      bouncer.database,
      'insert into bouncer_probe (marker) values ($1)',
      [marker],
    );
    const onPrimary = await query(
      platform.primary,
      'ecommerce',
      'select marker from bouncer_probe where marker = $1',
      [marker],
    );
    expect(onPrimary).toEqual([{ marker }]);

    const databases = await queryBouncerAdmin(bouncer, 'SHOW DATABASES');
    expect(databases.find(r => r.name === 'ecommerce')).toMatchObject({
      host: '127.0.0.1',
      port: platform.primary.port,
    });
    await expect(
      query({ ...bouncer, password: 'wrong' }, bouncer.database, 'select 1'),
    ).rejects.toThrow(/authentication failed/);
  });

  it('has pgBackRest configured: check passes and info parses', async () => {
    const setup = platform.pgbackrest!;
    expect(setup.command.join(' ')).not.toContain(platform.s3!.secretAccessKey);
    const mode = statSync(setup.configFile).mode & 0o777;
    expect(mode).toBe(0o600);

    const [cmd, ...args] = setup.command;
    const run = (extra: string[]) =>
      spawnSync(cmd, [...args, `--stanza=${setup.stanza}`, ...extra], {
        encoding: 'utf8',
        cwd: platform.baseDir,
        timeout: 60_000,
      });
    const check = run(['check']);
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);

    const info = run(['info', '--output=json']);
    expect(info.status).toBe(0);
    const parsed = JSON.parse(info.stdout);
    expect(parsed[0].name).toBe('demo');
    // 2 = "no valid backups": the harness creates the stanza but takes no backup.
    expect(parsed[0].status).toMatchObject({
      code: 2,
      message: 'no valid backups',
    });
    expect(parsed[0].archive[0].max).toMatch(/^[0-9A-F]{24}$/);

    const [{ archive_command }] = await query(
      platform.primary,
      'postgres',
      'show archive_command',
    );
    expect(archive_command).toContain('archive-push');
  });

  it('stops everything it started, closes the ports and removes its directory', async () => {
    const processes = platform.processes();
    const names = processes.map(p => p.name).join(', ');
    expect(processes.length).toBeGreaterThanOrEqual(5);
    expect(names).toMatch(/pgbouncer/);
    expect(names).toMatch(/s3-server/);
    expect(names).toMatch(/watchdog/);
    expect(processes.every(p => isAlive(p.pid))).toBe(true);
    const ports = [
      platform.primary.port,
      platform.standby!.port,
      platform.pgbouncer!.port,
      Number(new URL(platform.s3!.endpoint).port),
      Number(new URL(platform.s3!.tlsEndpoint).port),
    ];

    await platform.stop();

    await waitFor(
      () => processes.every(p => !isAlive(p.pid)),
      5_000,
      'processes still alive after stop()',
    );
    for (const port of ports) {
      expect(await isPortOpen(port)).toBe(false);
    }
    expect(existsSync(platform.baseDir)).toBe(false);
    expect(processesMentioning(platform.baseDir)).toEqual([]);
    // A second stop() is harmless.
    await platform.stop();
  });
});

describe('pgConnectionConfig', () => {
  it('gives a pg client config for a node and database', () => {
    const node: PostgresNode = {
      host: '127.0.0.1',
      port: 5999,
      user: 'postgres',
      password: 'p',
      database: 'ecommerce',
      dataDir: '/x',
      socketDir: '/y',
    };
    expect(pgConnectionConfig(node)).toMatchObject({
      host: '127.0.0.1',
      port: 5999,
      database: 'ecommerce',
    });
    expect(pgConnectionConfig(node, 'postgres').database).toBe('postgres');
  });
});
