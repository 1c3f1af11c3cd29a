import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { BackupStore } from '../database/BackupStore';
import { PersistenceContext } from '../database/persistenceContext';
import { DatabaseTarget } from '@dr-portal/backstage-plugin-disaster-recovery-node';
import {
  BackupSourceOptions,
  backupIndexSource,
  pgbackrestSource,
  replicationSource,
} from './collectorTargets';
import { CollectorSettings } from './collectorSettings';
import { collectPgBackRestInfo } from './pgbackrestCollector';
import { collectReplication } from './replicationCollector';
import { indexBackups } from './s3BackupIndexer';
import { currentTarget } from '../failover/targetTopology';

/** Task ids of the collectors (unique within the plugin). @public */
export const COLLECTOR_TASK_IDS = {
  s3Index: 'disaster-recovery:collect:s3-backups',
  pgbackrest: 'disaster-recovery:collect:pgbackrest',
  replication: 'disaster-recovery:collect:replication',
  posture: 'disaster-recovery:evaluate:posture',
} as const;

/** One pass of a collector over every target; errors of one target do not stop the others. */
async function forEachTarget<T>(
  items: Array<T | undefined>,
  logger: LoggerService,
  what: string,
  fn: (item: T) => Promise<unknown>,
): Promise<void> {
  for (const item of items) {
    if (!item) continue;
    try {
      await fn(item);
    } catch (error) {
      logger.warn(`${what} failed: ${(error as Error).message}`);
    }
  }
}

/** Indexes every target's object store once (full rescan when the last one is old enough). @public */
export async function runS3Index(options: {
  store: BackupStore;
  targets: DatabaseTarget[];
  logger: LoggerService;
  fullRescanEveryMs: number;
  /** How long after its day ended a date partition is still re-listed (default 2 days). */
  openForMs?: number;
  sourceOptions?: BackupSourceOptions;
  signal?: AbortSignal;
}): Promise<void> {
  const sources = options.targets.map(t =>
    backupIndexSource(t, options.sourceOptions),
  );
  await forEachTarget(
    sources,
    options.logger,
    'Indexing backups',
    async source => {
      const cursor = await options.store.getIndexCursor(source.target);
      const fullRescan =
        !cursor?.lastFullScanAt ||
        Date.now() - cursor.lastFullScanAt.getTime() >
          options.fullRescanEveryMs;
      await indexBackups(source, options.store, {
        fullRescan,
        openForMs: options.openForMs,
        logger: options.logger,
        signal: options.signal,
      });
    },
  );
}

/**
 * Schedules the collectors (object-store index, pgBackRest info, replication) and the posture
 * evaluation as scheduler tasks with global scope: with several backend replicas each task runs
 * on one of them at a time.
 *
 * @public
 */
export async function scheduleCollectorTasks(options: {
  scheduler: SchedulerService;
  logger: LoggerService;
  stores: Pick<PersistenceContext, 'backups' | 'observations' | 'topology'>;
  targets: DatabaseTarget[];
  settings: CollectorSettings;
  evaluatePosture: () => Promise<unknown>;
  sourceOptions?: BackupSourceOptions;
}): Promise<void> {
  const { scheduler, logger, stores, targets, settings } = options;
  // the servers as they are now: after a switchover or failover the primary is the promoted
  // server and no standby streams until the old primary is reprotected
  const current = () =>
    Promise.all(targets.map(t => currentTarget(stores.topology, t)));

  if (settings.s3Index.enabled) {
    await scheduler.scheduleTask({
      id: COLLECTOR_TASK_IDS.s3Index,
      scope: 'global',
      ...settings.s3Index.schedule,
      fn: async signal =>
        runS3Index({
          store: stores.backups,
          targets,
          logger,
          fullRescanEveryMs: settings.s3FullRescanEveryMs,
          openForMs: settings.s3OpenForMs,
          sourceOptions: options.sourceOptions,
          signal: signal as AbortSignal,
        }),
    });
  }
  if (settings.pgbackrest.enabled) {
    await scheduler.scheduleTask({
      id: COLLECTOR_TASK_IDS.pgbackrest,
      scope: 'global',
      ...settings.pgbackrest.schedule,
      fn: async () =>
        forEachTarget(
          (await current()).map(pgbackrestSource),
          logger,
          'Reading pgBackRest info',
          source => collectPgBackRestInfo(source, stores.observations),
        ),
    });
  }
  if (settings.replication.enabled) {
    await scheduler.scheduleTask({
      id: COLLECTOR_TASK_IDS.replication,
      scope: 'global',
      ...settings.replication.schedule,
      fn: async () =>
        forEachTarget(
          (await current()).map(replicationSource),
          logger,
          'Observing replication',
          source => collectReplication(source, stores.observations),
        ),
    });
  }
  if (settings.posture.enabled) {
    await scheduler.scheduleTask({
      id: COLLECTOR_TASK_IDS.posture,
      scope: 'global',
      ...settings.posture.schedule,
      fn: async () => {
        await options.evaluatePosture();
      },
    });
  }
}
