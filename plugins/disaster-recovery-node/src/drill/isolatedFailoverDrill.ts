import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isAbortError } from '../operation/errors';
import { OperationFrameOptions, runOperation } from '../operation/runOperation';
import { OperationStep } from '../operation/types';
import { MAINTENANCE_DATABASE } from '../postgres/databases';
import { withPg } from '../postgres/pgTools';
import { collectTableStats } from '../postgres/tableStats';
import {
  createServerDirectories,
  freePort,
  RestoredServer,
  restoredServerPaths,
  runServerProgram,
  serverLogTail,
  startServer,
} from '../pitr/restoredServer';
import { PgConnection, targetDatabaseName } from '../target/target';
import { VerificationCheck } from '../verify/checks';
import { compareWithStats } from '../verify/sanityChecks';
import {
  artefactsOf,
  assertDrillArtefactNames,
  DrillArtefact,
  DrillArtefactNames,
  drillArtefactNames,
  isolatedFailoverOf,
} from './drillArtefacts';
import { endDrill, stepCollector } from './drillEpilogue';
import { freePortIn, portIsFree } from './drillServers';
import {
  FailoverDrillSourcePoint,
  readSourcePoint,
} from './failoverDrillSource';
import { drillValidation, DrillValidation } from './restoreDrill';
import { answersWrites, copySettings, waitForPause } from './throwawayCopy';

/** Input of {@link runIsolatedFailoverDrill}. @public */
export interface IsolatedFailoverDrillOptions extends OperationFrameOptions {
  /** Clock for the artefact names. */
  now?: () => Date;
  /** Names planned beforehand with `drillArtefactNames(target, at, { server: true })`. */
  names?: DrillArtefactNames;
  /** Receives the names before anything is created. */
  onNames?: (names: DrillArtefactNames) => void;
  /** Port for the throwaway server (default: the first free one of the target's range, else any free one). */
  port?: number;
  /** Tenant column of the per-tenant counts (default `tenant_id`). */
  tenantColumn?: string;
}

/** The data-loss window a failover at the promotion would have had. @public */
export interface FailoverDrillDataLoss {
  /** WAL the primary had written past the copy's position when it was promoted, bytes. */
  lsnGapBytes: number;
  /** Write transactions that began on the primary after the copy's position (not on the copy). */
  transactionsAfter: number;
  /** From the copy's position to the promotion when writes came after it, else 0 (ms). */
  windowMs: number;
}

/** Result of {@link runIsolatedFailoverDrill}. @public */
export interface IsolatedFailoverDrillResult {
  /** Always `isolated-failover`. */
  kind: 'isolated-failover';
  /** Name of the target drilled. */
  target: string;
  /** The throwaway server: its port and directory (removed). */
  server: { host: string; port: number; directory: string };
  /** The primary's position and counts the copy was judged against. */
  source: FailoverDrillSourcePoint;
  /** When the copy was promoted and answered a write on a new session (ISO 8601): the end of recovery. */
  recoveredAt: string;
  /** The data-loss window a failover at the promotion would have had. */
  dataLoss: FailoverDrillDataLoss;
  /** Timeline of the promoted copy. */
  timeline?: number;
  /** `tables`, `row-counts` and `tenant-row-counts` of the promoted copy against the source. */
  checks: VerificationCheck[];
  /** The checks judged: passed when every comparison passed. */
  validation: DrillValidation;
  /** What the drill named (its server directory). */
  artefacts: DrillArtefact[];
  /** What its clean-up found and removed. */
  removed: DrillArtefact[];
  /** Every step with its timing. */
  steps: OperationStep[];
}

/**
 * An isolated test failover drill: a throwaway copy of the target's primary (`pg_basebackup` into
 * a new directory `dr-failover-drill-<target>-<ts>-<hex>` under the target's
 * `isolatedFailover.scratchDirectory`) is started on a free port as the servers' OS user, replays
 * up to the position at which the primary's row counts were read, and is promoted without fencing
 * anything (`pg_promote(wait => true)`); a write on a new session shows it answers, and its row
 * counts per table and per tenant are compared with the primary's. The achieved RTO runs from the
 * drill's start to that answer; the data-loss window is what the primary wrote after the copy's
 * position by the promotion. Then the server is stopped and its directory removed, also when the
 * drill fails or is aborted; a drill that dies leaves only a directory named as a drill artefact,
 * which `removeDrillArtefacts` stops and removes. The copy never archives, never holds a slot or
 * feedback on the primary, and listens on 127.0.0.1 only.
 * @public
 */
export async function runIsolatedFailoverDrill(
  options: IsolatedFailoverDrillOptions,
): Promise<IsolatedFailoverDrillResult> {
  const collected = stepCollector(options.onStep);
  const frame = { ...options, onStep: collected.onStep };
  return runOperation('isolated failover drill', frame, async ctx => {
    const { target } = ctx;
    const settings = isolatedFailoverOf(target);
    const at = (options.now ?? (() => new Date()))();
    const names =
      options.names ?? drillArtefactNames(target, at, { server: true });
    assertDrillArtefactNames(target, names);
    if (!names.serverDir) {
      throw new Error(
        'The names of an isolated failover drill need a serverDir',
      );
    }
    options.onNames?.(names);
    const artefacts = artefactsOf(names).filter(a => a.kind === 'server');
    const root = names.serverDir;
    const tenantColumn = options.tenantColumn ?? 'tenant_id';
    const primary = target.primary;
    const server: RestoredServer = {
      ...restoredServerPaths(root),
      host: '127.0.0.1',
      port: 0,
      osUser: settings.osUser,
      pgBinDir: target.pgBinDir,
    };
    const copy = (): PgConnection => ({
      host: server.host,
      port: server.port,
      user: primary.user,
      password: primary.password,
      database: targetDatabaseName(target),
    });
    let result:
      | Omit<IsolatedFailoverDrillResult, 'removed' | 'steps'>
      | undefined;
    let failure: unknown;
    try {
      await ctx.steps.run(
        'prepare',
        'Create the throwaway server directory and pick a port',
        async set => {
          await mkdir(settings.scratchDirectory, { recursive: true });
          await mkdir(root, { mode: 0o700 });
          await createServerDirectories(root, server, ctx.signal);
          server.port =
            options.port ??
            (settings.ports
              ? await freePortIn(settings.ports)
              : await freePort());
          set(`${root}, port ${server.port}`);
        },
      );
      await ctx.steps.run(
        'basebackup',
        'Copy the primary with pg_basebackup (WAL streamed, no slot)',
        async set => {
          await runServerProgram(
            server,
            'pg_basebackup',
            [
              `--host=${primary.host}`,
              `--port=${primary.port}`,
              `--username=${primary.user}`,
              `--pgdata=${server.dataDir}`,
              '--wal-method=stream',
              '--checkpoint=fast',
              '--write-recovery-conf',
              '--no-sync',
              '--no-password',
            ],
            {
              signal: ctx.signal,
              secrets: ctx.secrets,
              logger: ctx.logger,
              env: {
                PGPASSWORD: primary.password,
                PGAPPNAME: path.basename(root),
              },
            },
          );
          set(`from ${primary.host}:${primary.port} into ${server.dataDir}`);
        },
      );
      const source = await ctx.steps.run(
        'source',
        "Read the primary's row counts and WAL position",
        async set => {
          const s = await readSourcePoint(
            primary,
            tenantColumn,
            `isolated failover drill ${path.basename(root)}`,
            ctx.signal,
          );
          set(
            `${s.point.tables} tables, ${s.point.rows} rows at ${s.point.lsn}${
              s.point.consistent
                ? ''
                : ' (writes committed while the counts were read)'
            }`,
          );
          return s;
        },
      );
      await ctx.steps.run(
        'configure',
        "Configure the copy: own port, no archiving, replay up to the primary's position",
        async set => {
          await appendFile(
            path.join(server.dataDir, 'postgresql.auto.conf'),
            copySettings(server, source.point.lsn),
          );
          // loopback password sessions of the drill first, whatever the primary's rules say
          const hba = path.join(server.dataDir, 'pg_hba.conf');
          const rules = await readFile(hba, 'utf8');
          await writeFile(
            hba,
            `host all ${primary.user} 127.0.0.1/32 md5\n${rules}`,
          );
          set(`port ${server.port}, recovery_target_lsn ${source.point.lsn}`);
        },
      );
      await ctx.steps.run(
        'start',
        `Start the copy on 127.0.0.1:${server.port}`,
        async () => startServer(ctx, server, 120_000),
      );
      const replayed = await ctx.steps.run(
        'catch-up',
        "Let the copy catch up to the primary's position",
        async set => {
          const lsn = await waitForPause(
            ctx,
            server,
            copy(),
            settings.catchUpTimeoutMs ?? 600_000,
          );
          set(`replayed up to ${lsn} (primary at ${source.point.lsn})`);
          return lsn;
        },
      );
      const promoted = await ctx.steps.run(
        'promote',
        'Promote the copy (pg_promote, nothing fenced) and wait until it answers',
        async set => {
          await withPg(copy(), { database: MAINTENANCE_DATABASE }, async c => {
            const { rows } = await c.query(
              'SELECT pg_promote(wait => true, wait_seconds => 60) AS ok',
            );
            if (!rows[0].ok)
              throw new Error('pg_promote did not finish in 60 s');
          });
          const promotedAt = new Date();
          const gap = await withPg(primary, {}, async c => {
            const { rows } = await c.query(
              `SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), $1::pg_lsn)::bigint::text AS gap,
                      pg_snapshot_xmax(pg_current_snapshot())::text AS xmax`,
              [replayed],
            );
            return {
              lsnGapBytes: Number(rows[0].gap),
              transactionsAfter: Number(BigInt(rows[0].xmax) - source.nextXid),
            };
          });
          const timeline = await answersWrites(copy());
          const dataLoss: FailoverDrillDataLoss = {
            ...gap,
            windowMs:
              gap.transactionsAfter > 0
                ? Math.max(
                    0,
                    promotedAt.getTime() - Date.parse(source.point.at),
                  )
                : 0,
          };
          set(
            `timeline ${timeline}; the primary was ${dataLoss.lsnGapBytes} bytes of WAL and ${dataLoss.transactionsAfter} write transactions ahead`,
          );
          return { timeline, dataLoss };
        },
      );
      const recoveredAt = collected.steps.find(
        s => s.id === 'promote' && s.status === 'succeeded',
      )!.finishedAt!;
      const checks = await ctx.steps.run(
        'smoke',
        "Compare the copy's row counts per table and per tenant with the primary's",
        async set => {
          const found = await withPg(copy(), {}, c =>
            collectTableStats(c, { tenantColumn }),
          );
          const byName = new Map(found.map(t => [`${t.schema}.${t.name}`, t]));
          const missing = source.stats.tables.filter(
            t => !byName.has(`${t.schema}.${t.name}`),
          );
          const compared = compareWithStats(
            source.stats,
            byName,
            tenantColumn,
            `on the primary at ${source.point.lsn}`,
          ).map(c =>
            // counts read while writes committed cannot be compared exactly
            c.status === 'fail' && !source.point.consistent
              ? { ...c, status: 'warn' as const }
              : c,
          );
          const all: VerificationCheck[] = [
            missing.length
              ? {
                  id: 'tables',
                  status: 'fail',
                  detail: `missing on the copy: ${missing
                    .map(t => `${t.schema}.${t.name}`)
                    .join(', ')}`,
                }
              : {
                  id: 'tables',
                  status: 'pass',
                  detail: `${source.stats.tables.length} tables of the primary exist`,
                },
            ...compared,
          ];
          set(all.map(c => `${c.id}:${c.status}`).join(', '));
          return all;
        },
      );
      result = {
        kind: 'isolated-failover',
        target: target.name,
        server: { host: server.host, port: server.port, directory: root },
        source: source.point,
        recoveredAt,
        dataLoss: promoted.dataLoss,
        timeline: promoted.timeline,
        checks,
        validation: drillValidation('isolated-failover', checks),
        artefacts,
      };
    } catch (error) {
      failure = error;
      if (!isAbortError(error) && server.port) {
        const tail = await serverLogTail(server, ctx.secrets);
        if (tail) ctx.logger.warn(`Throwaway server log: ${tail}`);
      }
    }
    const removed = await endDrill(ctx, {
      artefacts,
      title: 'Stop the copy and remove its directory',
      failure,
      alsoCheck: async () => {
        if (server.port && !(await portIsFree(server.port))) {
          throw new Error(`port ${server.port} is still in use`);
        }
      },
      describe: () =>
        `stopped the server on port ${server.port}, removed ${root}`,
    });
    return { ...result!, removed, steps: collected.steps };
  });
}
