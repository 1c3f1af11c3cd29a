import { LoggerService } from '@backstage/backend-plugin-api';
import {
  DatabaseTarget,
  DrillArtefact,
  removeDrillArtefacts,
} from '@dr-portal/backstage-plugin-disaster-recovery-node';
import { randomUUID } from 'node:crypto';
import { RunStore } from '../database/RunStore';

/** What one clean-up pass did per target. @public */
export interface DrillCleanupSummary {
  /** Leftovers removed, by target. */
  removed: Record<string, DrillArtefact[]>;
  /** Targets skipped because a run held their lock (a drill may be running there). */
  busy: string[];
  /** Targets whose clean-up failed, with the reason. */
  failed: Record<string, string>;
}

/**
 * The clean-up pass of drills: for each target, takes the target's lock (so no drill runs there),
 * removes every drill artefact found (a leftover of a drill whose backend died before its own
 * clean-up: its lock expires after its time-to-live), and releases the lock. A target whose lock is
 * held is skipped until the next pass.
 * @public
 */
export async function cleanUpDrillLeftovers(options: {
  runs: Pick<RunStore, 'acquireLock' | 'releaseLock'>;
  targets: Iterable<DatabaseTarget>;
  logger: LoggerService;
  /** Where drills keep their work directories (default the OS temp dir). */
  workBase?: string;
  lockTtlMs?: number;
}): Promise<DrillCleanupSummary> {
  const summary: DrillCleanupSummary = { removed: {}, busy: [], failed: {} };
  const owner = `drill-cleanup:${randomUUID()}`;
  for (const target of options.targets) {
    const lock = await options.runs.acquireLock({
      target: target.name,
      owner,
      ttlMs: options.lockTtlMs ?? 60_000,
    });
    if (!lock) {
      summary.busy.push(target.name);
      continue;
    }
    try {
      const removed = await removeDrillArtefacts(target, {
        workBase: options.workBase,
      });
      if (removed.length) {
        summary.removed[target.name] = removed;
        options.logger.warn(
          `Removed ${removed.length} leftovers of drills that died on target ${
            target.name
          }: ${removed.map(a => `${a.kind} ${a.name}`).join(', ')}`,
        );
      }
    } catch (error) {
      summary.failed[target.name] = (error as Error).message;
      options.logger.error(
        `Could not clean up drill leftovers on target ${target.name}: ${
          (error as Error).message
        }`,
      );
    } finally {
      await options.runs.releaseLock(lock).catch(() => false);
    }
  }
  return summary;
}
