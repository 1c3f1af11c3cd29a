import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { openSync, closeSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { cleanEnv, mkdirOwned, writeOwned } from './files';
import { cmdlineContains, Lifecycle } from './lifecycle';
import {
  asUser,
  freePort,
  isAlive,
  isPortOpen,
  logTail,
  RunAs,
  sleep,
  terminate,
} from './processes';
import { PgBouncerEndpoint, PostgresNode } from './types';

/** Name of PgBouncer's admin console user. */
export const PGBOUNCER_ADMIN_USER = 'pgbouncer_admin';

/** A running PgBouncer. */
export interface PgBouncerProcess {
  endpoint: PgBouncerEndpoint;
  pid(): number | undefined;
  stop(): Promise<void>;
}

function iniFile(
  endpoint: PgBouncerEndpoint,
  primary: PostgresNode,
  dir: string,
): string {
  return [
    '; written by @internal/platform-harness',
    '[databases]',
    `${endpoint.database} = host=${primary.host} port=${primary.port} dbname=${primary.database}`,
    '',
    '[pgbouncer]',
    `listen_addr = 127.0.0.1`,
    `listen_port = ${endpoint.port}`,
    `unix_socket_dir = ${dir}`,
    `auth_type = scram-sha-256`,
    `auth_file = ${endpoint.authFile}`,
    `admin_users = ${endpoint.adminUser}`,
    `stats_users = ${endpoint.adminUser}`,
    `pool_mode = transaction`,
    `max_client_conn = 500`,
    `default_pool_size = 20`,
    `server_login_retry = 1`,
    `server_connect_timeout = 5`,
    `ignore_startup_parameters = extra_float_digits,options`,
    `logfile = ${path.join(dir, 'pgbouncer.log')}`,
    `pidfile = ${endpoint.pidFile}`,
    '',
  ].join('\n');
}

function quoteUserlist(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}

function readPid(pidFile: string): number | undefined {
  try {
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Starts PgBouncer (as the platform's OS user) routing database `ecommerce` to the primary,
 * with SCRAM authentication from an auth_file and an admin console user.
 */
export async function startPgBouncer(options: {
  dir: string;
  primary: PostgresNode;
  runAs: RunAs;
  lifecycle: Lifecycle;
  binary: string;
}): Promise<PgBouncerProcess> {
  const { dir, primary, runAs, lifecycle } = options;
  mkdirOwned(dir, runAs);
  const endpoint: PgBouncerEndpoint = {
    host: '127.0.0.1',
    port: 0,
    database: primary.database,
    user: primary.user,
    password: primary.password,
    adminUser: PGBOUNCER_ADMIN_USER,
    adminPassword: randomBytes(18).toString('hex'),
    configFile: path.join(dir, 'pgbouncer.ini'),
    authFile: path.join(dir, 'userlist.txt'),
    pidFile: path.join(dir, 'pgbouncer.pid'),
  };
  writeOwned(
    endpoint.authFile!,
    `${quoteUserlist(endpoint.user)} ${quoteUserlist(endpoint.password)}\n` +
      `${quoteUserlist(endpoint.adminUser)} ${quoteUserlist(
        endpoint.adminPassword,
      )}\n`,
    runAs,
  );

  for (let attempt = 1; ; attempt++) {
    endpoint.port = await freePort();
    writeOwned(endpoint.configFile, iniFile(endpoint, primary, dir), runAs);
    const stdio = openSync(path.join(dir, 'pgbouncer.stdio.log'), 'a');
    const argv = asUser(runAs, [options.binary, endpoint.configFile]);
    const child = spawn(argv[0], argv.slice(1), {
      cwd: dir,
      env: cleanEnv(),
      stdio: ['ignore', stdio, stdio],
    });
    closeSync(stdio);
    child.on('error', () => {});
    child.unref();
    lifecycle.addPid('pgbouncer (runuser)', child.pid!, options.binary);

    let exited = false;
    child.once('exit', () => {
      exited = true;
    });
    const deadline = Date.now() + 15_000;
    let pid: number | undefined;
    while (!exited && Date.now() < deadline) {
      pid ??= readPid(endpoint.pidFile!);
      if (pid && cmdlineContains(pid, 'pgbouncer')) {
        lifecycle.addPid('pgbouncer', pid, 'pgbouncer');
        if (await isPortOpen(endpoint.port)) break;
      }
      await sleep(50);
    }
    if (!exited && pid && (await isPortOpen(endpoint.port))) {
      const childPid = child.pid!;
      const bouncerPid = pid;
      return {
        endpoint,
        pid: () => bouncerPid,
        async stop() {
          // PgBouncer 1.18: SIGTERM is an immediate shutdown.
          await terminate(bouncerPid, 'SIGTERM', 3000);
          await terminate(childPid, 'SIGTERM', 1000);
          lifecycle.removePid(bouncerPid);
          lifecycle.removePid(childPid);
        },
      };
    }
    if (pid && isAlive(pid)) await terminate(pid, 'SIGTERM', 2000);
    await terminate(child.pid!, 'SIGTERM', 1000);
    if (pid) lifecycle.removePid(pid);
    lifecycle.removePid(child.pid!);
    const log = logTail(path.join(dir, 'pgbouncer.log'), 15);
    if (attempt >= 3 || !/address already in use|bind/i.test(log)) {
      throw new Error(`PgBouncer did not start:\n${log}`);
    }
  }
}
