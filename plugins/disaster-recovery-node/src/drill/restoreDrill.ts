import { InputError } from '@backstage/errors';
import { OperationFrameOptions, runOperation } from '../operation/runOperation';
import { OperationStep } from '../operation/types';
import { restoreDatabase } from '../restore/restoreDatabase';
import { restoreTenant } from '../restore/restoreTenant';
import { VerificationCheck } from '../verify/checks';
import {
  artefactsOf,
  assertDrillArtefactNames,
  createDrillWorkDir,
  DrillArtefact,
  DrillArtefactNames,
  drillArtefactNames,
} from './drillArtefacts';
import { endDrill, stepCollector } from './drillEpilogue';

/** Input of {@link runRestoreDrill}. @public */
export interface RestoreDrillOptions extends OperationFrameOptions {
  /** `restore`: the whole database into a scratch database; `tenant-restore`: one tenant into a side schema. */
  kind: 'restore' | 'tenant-restore';
  /** Backup to restore; default the newest by time. */
  key?: string;
  /** Tenant whose rows a tenant restore drill restores. */
  tenantId?: string;
  /** Key of the target's previous verified backup (the expected shape's fallback). */
  previousVerifiedKey?: string;
  /** Directory the drill's work directory is made in (default the OS temp dir). */
  workBase?: string;
  /** Clock for the artefact names. */
  now?: () => Date;
  /** Receives the names before anything is created (e.g. for the run's record). */
  onNames?: (names: DrillArtefactNames) => void;
  /** Names planned beforehand with {@link drillArtefactNames} (default: named at the start). */
  names?: DrillArtefactNames;
}

/** How the recovered data compared with the source. @public */
export interface DrillValidation {
  /** What it was compared with. */
  target: string;
  passed: boolean;
  detail: string;
}

/** Result of {@link runRestoreDrill}. @public */
export interface RestoreDrillResult {
  kind: 'restore' | 'tenant-restore';
  target: string;
  key: string;
  sha256: string;
  /** When the restored backup was taken. */
  restorePoint: string;
  tenantId?: string;
  checks: VerificationCheck[];
  validation: DrillValidation;
  /** When the data was restored and validated: the end of the last recovery step. */
  recoveredAt: string;
  /** The artefacts the drill named, each removed by the clean-up. */
  artefacts: DrillArtefact[];
  /** The artefacts the clean-up found and removed. */
  removed: DrillArtefact[];
  steps: OperationStep[];
}

/**
 * The checks that compare the restored data with the source's statistics, per drill kind, and the
 * outcomes each may have in a passing drill (`skipped`: the database has no tenant column).
 */
const VALIDATION_CHECKS: Record<
  ValidatedDrillKind,
  Array<[string, string[]]>
> = {
  restore: [
    ['tables', ['pass']],
    ['row-counts', ['pass']],
    ['tenant-row-counts', ['pass', 'skipped']],
  ],
  'isolated-failover': [
    ['tables', ['pass']],
    ['row-counts', ['pass']],
    ['tenant-row-counts', ['pass', 'skipped']],
  ],
  'tenant-restore': [
    ['tenant-rows', ['pass']],
    ['tenant-stats', ['pass']],
  ],
  'live-switchover': [
    ['promoted-write', ['pass']],
    ['no-data-loss', ['pass']],
  ],
};

/** The drill kinds whose recovered data is validated against the source. @public */
export type ValidatedDrillKind =
  | RestoreDrillOptions['kind']
  | 'isolated-failover'
  | 'live-switchover';

/** What the validation of a drill kind compares, in words. @public */
export const DRILL_VALIDATION_TARGET: Record<ValidatedDrillKind, string> = {
  restore:
    "every table of the source present, row counts per table and per tenant equal to the backup's statistics",
  'tenant-restore':
    "the tenant's rows per table equal to the backup's statistics, no other tenant's rows",
  'isolated-failover':
    "every table of the primary present on the promoted copy, row counts per table and per tenant equal to the primary's at the copy's position",
  'live-switchover':
    'the promoted standby answers a write through the traffic switch, no committed WAL lost by the switchover or the switch back',
};

/** Judges the validation of a drill from its checks: passed when every comparison check passed. @public */
export function drillValidation(
  kind: ValidatedDrillKind,
  checks: readonly VerificationCheck[],
): DrillValidation {
  const wanted = VALIDATION_CHECKS[kind];
  const found = wanted.map(([id]) => checks.find(c => c.id === id));
  const passed = found.every((c, i) => !!c && wanted[i][1].includes(c.status));
  return {
    target: DRILL_VALIDATION_TARGET[kind],
    passed,
    detail: wanted
      .map(
        ([id], i) =>
          `${id}: ${
            found[i]
              ? `${found[i]!.status}, ${found[i]!.detail}`
              : 'not checked'
          }`,
      )
      .join('; '),
  };
}

/**
 * A restore drill (`restore`: the newest or a named backup into a scratch database
 * `<db>_drill_<ts>_<hex>`) or a tenant restore drill (`tenant-restore`: one tenant's rows into a
 * side schema `drill_<tenant>_<ts>` of such a scratch database), through the same library functions as real restores,
 * validated against the source's statistics; then everything it created is removed, also when it
 * failed or was aborted (a `cleanup` step that ignores the abort), and checked to be gone. A drill
 * that dies before its clean-up leaves only artefacts named as drill artefacts, which
 * `removeDrillArtefacts` removes. Never writes the live database.
 * @public
 */
export async function runRestoreDrill(
  options: RestoreDrillOptions,
): Promise<RestoreDrillResult> {
  const collected = stepCollector(options.onStep);
  const frame = { ...options, onStep: collected.onStep };
  return runOperation(`${options.kind} drill`, frame, async ctx => {
    if (options.kind === 'tenant-restore' && !options.tenantId) {
      throw new InputError('A tenant restore drill needs a tenantId');
    }
    const at = (options.now ?? (() => new Date()))();
    const names =
      options.names ??
      drillArtefactNames(ctx.target, at, {
        tenantId:
          options.kind === 'tenant-restore' ? options.tenantId : undefined,
        workBase: options.workBase,
      });
    assertDrillArtefactNames(ctx.target, names);
    options.onNames?.(names);
    const artefacts = artefactsOf(names);
    const common = {
      target: ctx.target,
      key: options.key,
      signal: options.signal,
      logger: options.logger,
      onStep: collected.onStep,
      s3Client: ctx.s3(),
      tempDir: names.workDir,
      now: () => at,
    };
    let restored:
      | Omit<RestoreDrillResult, 'validation' | 'removed' | 'recoveredAt'>
      | undefined;
    let failure: unknown;
    try {
      await ctx.steps.run(
        'prepare',
        `Create the drill's work directory ${names.workDir}`,
        () => createDrillWorkDir(names),
      );
      if (options.kind === 'restore') {
        const r = await restoreDatabase({
          ...common,
          databaseName: names.database,
          cutover: false,
          previousVerifiedKey: options.previousVerifiedKey,
        });
        restored = picked('restore', r, artefacts);
      } else {
        const r = await restoreTenant({
          ...common,
          tenantId: options.tenantId!,
          names: {
            sideSchema: names.sideSchema!,
            scratchDatabase: names.database,
          },
          sideSchemaIn: 'scratch',
        });
        restored = {
          ...picked('tenant-restore', r, artefacts),
          tenantId: r.tenantId,
        };
      }
    } catch (error) {
      failure = error;
    }
    const recoveredAt = recoveryEnd(collected.steps);
    const removed = await endDrill(ctx, {
      artefacts,
      title: 'Remove everything the drill created',
      failure,
      describe: present =>
        `removed ${present.map(a => `${a.kind} ${a.name}`).join(', ')}`,
    });
    const result = restored!;
    return {
      ...result,
      validation: drillValidation(options.kind, result.checks),
      recoveredAt,
      removed,
      steps: collected.steps,
    };
  });
}

/** The fields of a restore's result a drill reports. */
function picked(
  kind: RestoreDrillOptions['kind'],
  r: {
    target: string;
    key: string;
    sha256: string;
    restorePoint: string;
    checks: VerificationCheck[];
  },
  artefacts: DrillArtefact[],
): Omit<RestoreDrillResult, 'validation' | 'removed' | 'recoveredAt'> {
  return {
    kind,
    target: r.target,
    key: r.key,
    sha256: r.sha256,
    restorePoint: r.restorePoint,
    checks: r.checks,
    artefacts,
    steps: [],
  };
}

/**
 * The moment recovery ended: the end of the last `verify` step (the restored data checked), else
 * of the latest step that finished so far.
 */
function recoveryEnd(steps: readonly OperationStep[]): string {
  let verified = '';
  let last = '';
  for (const s of steps) {
    if (!s.finishedAt) continue;
    if (s.id === 'verify' && s.finishedAt > verified) verified = s.finishedAt;
    if (s.finishedAt > last) last = s.finishedAt;
  }
  return verified || last || new Date().toISOString();
}
