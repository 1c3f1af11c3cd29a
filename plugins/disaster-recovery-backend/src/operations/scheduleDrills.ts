import {
  AuthService,
  LoggerService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NotificationService } from '@backstage/plugin-notifications-node';
import {
  DR_ANNOTATIONS,
  drillCalendar,
  DrillCalendarEntry,
  DrPolicy,
  dueScheduledDrills,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { DatabaseTarget } from '@dr-portal/backstage-plugin-disaster-recovery-node';
import { EvidenceStores, loadTargetEvidence } from '../posture/storeEvidence';
import { ownerOf } from '../posture/tenants';
import { cleanUpDrillLeftovers, DrillCleanupSummary } from './drillCleanup';
import { DueLiveDrill, LiveDrillNotifier } from './liveDrillNotifier';
import { RecoveryOperationExecutor } from './RecoveryOperationExecutor';
import { runOperation } from './runOperation';
import { readGlobalSchedule } from './scheduledRuns';

/** Id of the scheduled drill task. @public */
export const DRILL_TASK_ID = 'disaster-recovery-scheduled-drills';

/** The drill kinds the scheduler can run (the others are skipped, and said so). */
const SCHEDULABLE = ['restore', 'tenant-restore', 'isolated-failover'];

/** What the scheduled drills need. @public */
export interface ScheduledDrillDeps {
  executor: RecoveryOperationExecutor;
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  policy: DrPolicy;
  stores: EvidenceStores;
  targets: ReadonlyMap<string, DatabaseTarget>;
  /** Where drills keep their work directories (default the OS temp dir). */
  workBase?: string;
}

/** What one round of scheduled drills did. @public */
export interface DrillRoundSummary {
  cleanup: DrillCleanupSummary;
  /** `<entityRef> <scenario>` of each drill, by outcome. */
  passed: string[];
  /** Ran, and its report says fail (a target missed). */
  missed: string[];
  failed: string[];
  /** Could not start (target busy, refused), or a kind the scheduler does not run (live drills). */
  skipped: string[];
  /** Due live drills whose owners were notified in this round. */
  notified: string[];
  reasons: Record<string, string>;
}

/** One due drill: which entity runs it for which scenario. */
interface DueDrill {
  entityRef: string;
  target: string;
  entry: DrillCalendarEntry;
}

/**
 * A tenant of the database (the first by name), for its tenant restore drills: a tenant Resource
 * whose `spec.dependsOn` names the database, in full or without the default namespace.
 */
async function aTenantOf(
  deps: ScheduledDrillDeps,
  databaseRef: string,
  credentials: Awaited<ReturnType<AuthService['getOwnServiceCredentials']>>,
): Promise<string | undefined> {
  const { items } = await deps.catalog.queryEntities(
    {
      filter: {
        kind: 'resource',
        'spec.type': 'tenant',
        'spec.dependsOn': [
          databaseRef,
          databaseRef.replace(/^([^:]+):default\//, '$1:'),
        ],
      },
      fields: ['kind', 'metadata.name', 'metadata.namespace'],
      orderFields: { field: 'metadata.name', order: 'asc' },
      limit: 1,
    },
    { credentials },
  );
  return items[0] ? stringifyEntityRef(items[0]) : undefined;
}

/** The drills due now on every database Resource that names a target, by the policy's calendar. */
async function dueDrills(
  deps: ScheduledDrillDeps,
  now: Date,
  summary: DrillRoundSummary,
  live: DueLiveDrill[],
): Promise<DueDrill[]> {
  const credentials = await deps.auth.getOwnServiceCredentials();
  const { items } = await deps.catalog.getEntities(
    {
      filter: {
        kind: 'resource',
        'spec.type': 'database',
        [`metadata.annotations.${DR_ANNOTATIONS.target}`]:
          CATALOG_FILTER_EXISTS,
      },
      fields: ['kind', 'metadata', 'spec.owner', 'relations'],
    },
    { credentials },
  );
  const due: DueDrill[] = [];
  for (const database of items) {
    const databaseRef = stringifyEntityRef(database);
    const target = database.metadata.annotations![DR_ANNOTATIONS.target];
    if (!deps.targets.has(target)) continue;
    const evidence = await loadTargetEvidence(deps.stores, target);
    const calendar = drillCalendar(deps.policy, evidence.drills ?? [], now);
    let tenantRef: string | undefined | null = null;
    // Drills that change production are never run here: their owners are told instead.
    for (const entry of calendar) {
      if (entry.scheduled || entry.status === 'current') continue;
      const label = `${databaseRef} ${entry.scenario}`;
      summary.skipped.push(label);
      summary.reasons[
        label
      ] = `${entry.kind} drills change production: opt-in, never scheduled (the owner is notified)`;
      live.push({ entityRef: databaseRef, owner: ownerOf(database), entry });
    }
    for (const entry of dueScheduledDrills(calendar)) {
      const label = `${databaseRef} ${entry.scenario}`;
      if (!SCHEDULABLE.includes(entry.kind)) {
        summary.skipped.push(label);
        summary.reasons[label] = `${entry.kind} drills are not run here yet`;
        continue;
      }
      if (
        entry.kind === 'isolated-failover' &&
        !deps.targets.get(target)!.isolatedFailover
      ) {
        summary.skipped.push(label);
        summary.reasons[
          label
        ] = `target ${target} has no isolatedFailover settings (scratch directory, ports, OS user) for its isolated test failover drills`;
        continue;
      }
      if (entry.kind === 'tenant-restore') {
        if (tenantRef === null) {
          tenantRef = await aTenantOf(deps, databaseRef, credentials);
        }
        if (!tenantRef) {
          summary.skipped.push(label);
          summary.reasons[label] = 'the database has no tenant to drill';
          continue;
        }
      }
      due.push({
        entityRef: entry.kind === 'tenant-restore' ? tenantRef! : databaseRef,
        target,
        entry,
      });
    }
  }
  return due;
}

/**
 * One round of scheduled drills: first the clean-up pass (leftovers of drills that died), then
 * every non-destructive drill the policy's calendar says is due (never drilled, or its cadence
 * passed), each as a recorded `drill` run through the executor on behalf of the backend, at most
 * `concurrency` at a time across targets and one at a time per target. `period` makes the round
 * idempotent.
 * @public
 */
export async function runDueDrills(
  deps: ScheduledDrillDeps,
  options: {
    period: string;
    concurrency: number;
    now?: Date;
    signal?: AbortSignal;
    /** Tells the owners of due live drills (which never run here). */
    liveDrills?: LiveDrillNotifier;
  },
): Promise<DrillRoundSummary> {
  const summary: DrillRoundSummary = {
    cleanup: await cleanUpDrillLeftovers({
      runs: deps.stores.runs,
      targets: deps.targets.values(),
      logger: deps.logger,
      workBase: deps.workBase,
    }),
    passed: [],
    missed: [],
    failed: [],
    skipped: [],
    notified: [],
    reasons: {},
  };
  const live: DueLiveDrill[] = [];
  const due = await dueDrills(deps, options.now ?? new Date(), summary, live);
  if (options.liveDrills) {
    summary.notified = await options.liveDrills.notify(live);
  }
  // One queue per target (its lock lets one drill run at a time), drained by `concurrency` workers.
  const queues = new Map<string, DueDrill[]>();
  for (const d of due)
    queues.set(d.target, [...(queues.get(d.target) ?? []), d]);
  const pending = [...queues.values()];
  const credentials = await deps.auth.getOwnServiceCredentials();
  const worker = async () => {
    for (let queue = pending.shift(); queue; queue = pending.shift()) {
      for (const drill of queue) {
        if (options.signal?.aborted) return;
        await runOne(
          deps,
          drill,
          options.period,
          credentials,
          summary,
          options.signal,
        );
      }
    }
  };
  await Promise.all(
    Array.from({ length: Math.max(1, options.concurrency) }, worker),
  );
  return summary;
}

async function runOne(
  deps: ScheduledDrillDeps,
  drill: DueDrill,
  period: string,
  credentials: Awaited<ReturnType<AuthService['getOwnServiceCredentials']>>,
  summary: DrillRoundSummary,
  signal?: AbortSignal,
): Promise<void> {
  const label = `${drill.entityRef} ${drill.entry.scenario}`;
  try {
    const run = await runOperation(
      deps.executor,
      {
        operation: 'drill',
        entityRef: drill.entityRef,
        parameters: { scenario: drill.entry.scenario, kind: drill.entry.kind },
        idempotencyKey: `scheduled-drill:${period}:${drill.entityRef}:${drill.entry.scenario}`,
      },
      { credentials, trusted: true, via: 'scheduler' },
      { signal },
    );
    if (run.output?.result === 'fail') {
      summary.missed.push(label);
      summary.reasons[label] = String(run.output?.summary ?? 'missed a target');
      deps.logger.error(
        `Scheduled drill ${label} missed its targets (run ${run.id})`,
      );
    } else {
      summary.passed.push(label);
      deps.logger.info(`Scheduled drill ${label} passed (run ${run.id})`);
    }
  } catch (error) {
    const e = error as Error;
    const list =
      e.name === 'RecoveryRunFailedError' ? summary.failed : summary.skipped;
    list.push(label);
    summary.reasons[label] = e.message;
    deps.logger.error(`Scheduled drill ${label} did not pass: ${e.message}`);
  }
}

/**
 * Schedules the drills of the DR test calendar when app-config `disasterRecovery.drills.schedule`
 * is set (nothing is scheduled without it, or with `enabled: false`): each run of the task cleans
 * up the leftovers of dead drills and runs the due non-destructive drills, at most
 * `disasterRecovery.drills.concurrency` (default 1) at a time. Global scope: one backend replica
 * runs it. A round in which a drill failed, missed a target or could not run, or a clean-up
 * failed, ends with an error (the task's last run error). Returns whether a task was scheduled.
 * @public
 */
export async function scheduleDrills(
  scheduler: SchedulerService,
  deps: ScheduledDrillDeps & {
    config: RootConfigService;
    notifications?: NotificationService;
  },
): Promise<boolean> {
  const block = deps.config.getOptionalConfig('disasterRecovery.drills');
  const schedule = readGlobalSchedule(block);
  if (!schedule || block?.getOptionalBoolean('enabled') === false) {
    return false;
  }
  const concurrency = block?.getOptionalNumber('concurrency') ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 16) {
    throw new Error(
      `disasterRecovery.drills.concurrency must be an integer from 1 to 16, got ${concurrency}`,
    );
  }
  const liveDrills = new LiveDrillNotifier({
    notifications: deps.notifications,
    logger: deps.logger,
  });
  await scheduler.scheduleTask({
    id: DRILL_TASK_ID,
    ...schedule,
    fn: async signal => {
      const period = new Date().toISOString().slice(0, 16);
      const s = await runDueDrills(deps, {
        period,
        concurrency,
        signal,
        liveDrills,
      });
      const problems = [
        ...s.failed.map(l => `failed: ${l} (${s.reasons[l]})`),
        ...s.missed.map(l => `missed its targets: ${l} (${s.reasons[l]})`),
        ...Object.entries(s.cleanup.failed).map(
          ([t, why]) => `clean-up of ${t} failed (${why})`,
        ),
      ];
      deps.logger.info(
        `Scheduled drills: ${s.passed.length} passed, ${s.missed.length} missed a target, ${s.failed.length} failed, ${s.skipped.length} did not run`,
      );
      if (problems.length) {
        throw new Error(`Scheduled drills: ${problems.join('; ')}`);
      }
    },
  });
  return true;
}
