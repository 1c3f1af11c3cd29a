import { OperationAbortedError } from '../operation/errors';
import { OperationFrameOptions, runOperation } from '../operation/runOperation';
import { OperationStep } from '../operation/types';
import { readPitrWindow } from '../pitr/pgBackRestInfo';
import { restorePointInTime } from '../pitr/pitr';
import { withPg } from '../postgres/pgTools';
import { collectTableStats } from '../postgres/tableStats';
import { VerificationCheck } from '../verify/checks';
import { compareWithStats } from '../verify/sanityChecks';
import {
  assertDrillArtefactNames,
  DrillArtefact,
  DrillArtefactNames,
} from './drillArtefacts';
import { endDrill, stepCollector } from './drillEpilogue';
import { portIsFree } from './drillServers';
import {
  FailoverDrillSourcePoint,
  readSourcePoint,
} from './failoverDrillSource';
import { drillValidation, DrillValidation } from './restoreDrill';

/** Input of {@link runPitrDrill}. @public */
export interface PitrDrillOptions extends OperationFrameOptions {
  /** Names planned with `drillArtefactNames(target, at, { pitrServer: true })`. */
  names: DrillArtefactNames;
  /** Tenant column of the per-tenant counts (default `tenant_id`). */
  tenantColumn?: string;
  /** Longest wait for the WAL of the drill's moment to be archived (default 5 minutes). */
  archiveTimeoutMs?: number;
}

/** Result of {@link runPitrDrill}. @public */
export interface PitrDrillResult {
  kind: 'restore';
  target: string;
  /** The moment recovered to, with the primary's counts then. */
  source: FailoverDrillSourcePoint;
  /** The restored server (stopped and removed by the drill). */
  server: { port: number; directory: string };
  /** Where recovery stopped, as PostgreSQL logged it. */
  recoveryStop?: string;
  /** When the restored copy was validated (ISO 8601): the end of recovery. */
  recoveredAt: string;
  checks: VerificationCheck[];
  validation: DrillValidation;
  removed: DrillArtefact[];
  steps: OperationStep[];
}

/**
 * A restore drill to a point in time: the primary's row counts and a moment are read at one
 * instant, a commit after that moment is written (so that recovery has a record to stop at; it
 * changes no data) and its WAL is switched out and waited for in the archive; then the same
 * `restorePointInTime` as real PITR restores recovers the stanza to that moment into a new server
 * directory `dr-pitr-drill-<target>-<ts>-<hex>` under the stanza's `restoreBaseDir`, and the
 * restored database's counts per table and per tenant are compared with the primary's. The server
 * is stopped and its directory removed, also when the drill fails or is aborted; a drill that dies
 * leaves only a directory named as a drill artefact, which `removeDrillArtefacts` removes.
 * @public
 */
export async function runPitrDrill(
  options: PitrDrillOptions,
): Promise<PitrDrillResult> {
  const collected = stepCollector(options.onStep);
  const frame = { ...options, onStep: collected.onStep };
  return runOperation('point-in-time restore drill', frame, async ctx => {
    const { target } = ctx;
    const { names } = options;
    assertDrillArtefactNames(target, names);
    const root = names.serverDir!;
    const artefacts: DrillArtefact[] = [
      {
        kind: 'server',
        name: root.split('/').pop()!,
        in: root.slice(0, root.lastIndexOf('/')),
      },
    ];
    const tenantColumn = options.tenantColumn ?? 'tenant_id';
    let result: Omit<PitrDrillResult, 'removed' | 'steps'> | undefined;
    let port = 0;
    let failure: unknown;
    try {
      const source = await ctx.steps.run(
        'source',
        "Read the primary's row counts and the moment to recover to",
        async set => {
          // A moment can be recovered to only from a second after the oldest backup's stop
          // (the window's start): right after a backup, wait until that second has passed.
          const window = await readPitrWindow(target, { signal: ctx.signal });
          const opensIn = Date.parse(window.earliest) - Date.now();
          if (opensIn > 0) {
            await new Promise(r => setTimeout(r, opensIn + 100));
          }
          if (ctx.signal?.aborted) throw new OperationAbortedError();
          const s = await readSourcePoint(
            target.primary,
            tenantColumn,
            `point-in-time restore drill ${artefacts[0].name}`,
            ctx.signal,
          );
          if (Date.parse(s.point.at) < Date.parse(window.earliest)) {
            throw new Error(
              `the primary's clock reads ${s.point.at}, before the PITR window opens at ${window.earliest}`,
            );
          }
          set(
            `${s.point.tables} tables, ${s.point.rows} rows at ${s.point.at}`,
          );
          return s;
        },
      );
      await ctx.steps.run(
        'archive',
        'Mark the moment with a commit and wait until its WAL is archived',
        async set => {
          await withPg(target.primary, {}, async c => {
            await c.query('SELECT txid_current()');
            await c.query('SELECT pg_switch_wal()');
          });
          const deadline = Date.now() + (options.archiveTimeoutMs ?? 300_000);
          for (;;) {
            const w = await readPitrWindow(target, { signal: ctx.signal });
            if (w.latest > source.point.at) {
              set(`archived up to ${w.latest}`);
              return;
            }
            if (Date.now() > deadline) {
              throw new Error(
                `the WAL after ${source.point.at} was not archived in time (archive up to ${w.latest})`,
              );
            }
            if (ctx.signal?.aborted) throw new OperationAbortedError();
            await new Promise(r => setTimeout(r, 500));
          }
        },
      );
      const restored = await restorePointInTime({
        target,
        targetTime: source.point.at,
        directory: root,
        signal: ctx.signal,
        logger: ctx.logger,
        onStep: collected.onStep,
      });
      port = restored.server.port;
      const checks = await ctx.steps.run(
        'compare',
        "Compare the restored database's row counts with the primary's at that moment",
        async set => {
          const found = await withPg(
            { ...target.primary, host: restored.server.host, port },
            {},
            c => collectTableStats(c, { tenantColumn }),
          );
          const byName = new Map(found.map(t => [`${t.schema}.${t.name}`, t]));
          const missing = source.stats.tables.filter(
            t => !byName.has(`${t.schema}.${t.name}`),
          );
          const all: VerificationCheck[] = [
            {
              id: 'tables',
              status: missing.length ? 'fail' : 'pass',
              detail: missing.length
                ? `missing: ${missing.map(t => t.name).join(', ')}`
                : `${source.stats.tables.length} tables of the primary exist`,
            },
            ...compareWithStats(
              source.stats,
              byName,
              tenantColumn,
              `on the primary at ${source.point.at}`,
            ).map(c =>
              c.status === 'fail' && !source.point.consistent
                ? { ...c, status: 'warn' as const }
                : c,
            ),
          ];
          set(all.map(c => `${c.id}:${c.status}`).join(', '));
          return all;
        },
      );
      result = {
        kind: 'restore',
        target: target.name,
        source: source.point,
        server: { port, directory: root },
        recoveryStop: restored.recoveryStop,
        recoveredAt: collected.steps.find(
          s => s.id === 'compare' && s.status === 'succeeded',
        )!.finishedAt!,
        checks,
        validation: {
          ...drillValidation('restore', checks),
          target:
            "every table of the primary present, row counts per table and per tenant equal to the primary's at the moment recovered to",
        },
      };
    } catch (error) {
      failure = error;
    }
    const removed = await endDrill(ctx, {
      artefacts,
      title: 'Stop the restored server and remove its directory',
      failure,
      alsoCheck: async () => {
        if (port && !(await portIsFree(port))) {
          throw new Error(`port ${port} is still in use`);
        }
      },
      describe: () => `stopped the server on port ${port}, removed ${root}`,
    });
    return { ...result!, removed, steps: collected.steps };
  });
}
