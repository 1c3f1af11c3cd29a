import { RecoveryRun } from '@dr-portal/backstage-plugin-disaster-recovery-common';

interface ActiveRun {
  run: RecoveryRun;
  controller: AbortController;
  done: Promise<void>;
}

/**
 * The runs executing on this backend instance (live progress, cancel, wait, shutdown) and those
 * being started (so a concurrent request with the same idempotency key gets the same run).
 */
export class ActiveRuns {
  private readonly active = new Map<string, ActiveRun>();
  private readonly starting = new Map<string, Promise<RecoveryRun>>();

  /** Remembers a run being started until its start resolves or fails. */
  async trackStart(
    runId: string,
    starting: Promise<RecoveryRun>,
  ): Promise<RecoveryRun> {
    this.starting.set(runId, starting);
    try {
      return await starting;
    } finally {
      this.starting.delete(runId);
    }
  }

  /** A run executing or being started here (a failed start counts as none). */
  async find(runId: string): Promise<RecoveryRun | undefined> {
    return (
      this.active.get(runId)?.run ??
      (await this.starting.get(runId)?.catch(() => undefined))
    );
  }

  /** Executes a run in the background, tracked until it ends. */
  execute(
    run: RecoveryRun,
    controller: AbortController,
    execution: () => Promise<void>,
  ): void {
    const active: ActiveRun = { run, controller, done: Promise.resolve() };
    this.active.set(run.id, active);
    active.done = execution().finally(() => this.active.delete(run.id));
  }

  /**
   * A copy of a run executing here, with its live steps. It reads `running` until the run has
   * recorded its evidence, released its lock and closed its audit event, so that a caller who
   * sees it end can rely on all three.
   */
  live(runId: string): RecoveryRun | undefined {
    const local = this.active.get(runId);
    return local
      ? {
          ...local.run,
          status: 'running',
          steps: local.run.steps.map(s => ({ ...s })),
        }
      : undefined;
  }

  /** Aborts a run executing here and waits for it to record its end; false when it is not here. */
  async abort(runId: string, reason: Error): Promise<boolean> {
    const active = this.active.get(runId);
    if (!active) return false;
    active.controller.abort(reason);
    await active.done;
    return true;
  }

  /** Waits until a run executing here ends, or the signal aborts the wait. */
  async waitFor(runId: string, signal?: AbortSignal): Promise<void> {
    const active = this.active.get(runId);
    if (!active) return;
    await Promise.race([
      active.done,
      new Promise<void>(resolve =>
        signal?.addEventListener('abort', () => resolve(), { once: true }),
      ),
    ]);
  }

  /** Aborts every run executing here and waits for them to record their end. */
  async abortAll(reason: Error): Promise<void> {
    const runs = [...this.active.values()];
    for (const active of runs) {
      active.controller.abort(reason);
    }
    await Promise.allSettled(runs.map(r => r.done));
  }
}
