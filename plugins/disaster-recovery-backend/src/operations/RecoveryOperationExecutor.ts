import {
  AuditorServiceEvent,
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import {
  defaultPolicy,
  RecoveryRun,
  RecoveryWindowResponse,
  RestoredCopyItem,
  TargetTopologyResponse,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { randomUUID } from 'node:crypto';
import { OperationOutcome } from './operationDefinition';
import {
  createOperationDefinitions,
  OperationDefinitions,
} from './operationDefinitions';
import {
  OperationRequest,
  parseOperationRequest,
  parseRunParameters,
} from './parameters';
import { resolveEntity } from './resolveEntity';
import {
  auditCancelRequest,
  auditOperationRequest,
  auditRunEnd,
} from './run/audit';
import { principalRef } from '../auth/principalRef';
import { OperationCaller } from './run/caller';
import { assertSameRequest, runIdFor } from './run/idempotency';
import { ActiveRuns } from './run/activeRuns';
import {
  authorizeCancel,
  authorizeOperation,
  authorizePrepared,
  authorizeRunRead,
} from './run/permission';
import { StartedRun } from './run/startedRun';
import { listEntityRestoredCopies } from './run/restoredCopies';
import { getEntityTopology } from './run/entityTopology';
import { getEntityRecoveryWindow } from './run/recoveryWindow';
import { assertIncidentExists } from './run/incidentLink';
import { recordRunEnd, runSecrets } from './run/runEnd';
import { lastVerifiedKey } from './run/runEvidence';
import { plannedRun } from './run/runOutcome';
import { prepareContext } from './run/prepareContext';
import { recordRunProgress } from './run/runProgress';
import { findRun } from './run/staleRuns';
import {
  abortAtDeadline,
  acquireTargetLock,
  keepLockAlive,
} from './run/targetLock';
import {
  OperationStores,
  RecoveryOperationExecutorOptions,
  RecoveryOperationName,
} from './types';

/**
 * The single executor of recovery operations: resolves the entity, checks the permission, validates
 * every parameter, takes the target's lock, runs the `-node` operation in the background with its
 * steps recorded live, measures RTO and data loss, releases the lock, and audits every attempt.
 *
 * @public
 */
export class RecoveryOperationExecutor {
  private readonly logger: LoggerService;
  private readonly permissions: PermissionsService;
  private readonly stores: OperationStores;
  private readonly lockTtlMs: number;
  private readonly maxRunDurationMs: number;
  private readonly definitions: OperationDefinitions;
  private readonly instanceId = randomUUID();
  private readonly active = new ActiveRuns();

  constructor(private readonly options: RecoveryOperationExecutorOptions) {
    this.logger = options.logger;
    this.permissions = options.permissions;
    this.stores = options.stores;
    this.lockTtlMs = options.lockTtlMs ?? 60_000;
    this.maxRunDurationMs = options.maxRunDurationMs ?? 12 * 60 * 60 * 1000;
    this.definitions = {
      ...createOperationDefinitions({
        failover: options.failover ?? new Map(),
        policy: options.policy ?? defaultPolicy,
        drillWorkDirectory: options.drillWorkDirectory,
      }),
      ...options.definitions,
    };
  }

  /**
   * Plans (dry run) or starts an operation. Resolves once the run is recorded and holds its lock;
   * the run continues in the background. The same idempotency key from the same caller returns the
   * same run instead of starting another.
   */
  async start(body: unknown, caller: OperationCaller): Promise<RecoveryRun> {
    const event = await auditOperationRequest(
      this.options.auditor,
      body,
      caller,
    );
    let startedAsync = false;
    try {
      const request = parseOperationRequest(body);
      const initiatedBy = principalRef(caller.credentials);
      const runId = runIdFor(initiatedBy, request.idempotencyKey);

      if (request.idempotencyKey && !request.dryRun) {
        const existing =
          (await this.active.find(runId)) ??
          (await this.stores.runs.getRecoveryRun(runId));
        if (existing) {
          assertSameRequest(existing, request);
          await event.success({ meta: { runId, reused: true } });
          return existing;
        }
      }

      const starting = this.startNew(
        request,
        caller,
        runId,
        initiatedBy,
        event,
      );
      if (request.dryRun) {
        return await starting;
      }
      const run = await this.active.trackStart(runId, starting);
      startedAsync = true;
      return run;
    } catch (error) {
      if (!startedAsync) {
        await event.fail({ error: error as Error });
      }
      throw error;
    }
  }

  private async startNew(
    request: OperationRequest,
    caller: OperationCaller,
    runId: string,
    initiatedBy: string,
    event: AuditorServiceEvent,
  ): Promise<RecoveryRun> {
    const now = new Date();
    const operation = request.operation;
    const definition = this.definitions[operation];

    // 1. The entity, with the caller's credentials (an entity they cannot see is not found).
    const entity = await resolveEntity(
      this.options.catalog,
      request.entityRef,
      caller.credentials,
    );

    // 2. The permission of the operation on the entity (and on its database when it is a tenant
    //    and the operation acts on the whole database).
    if (!caller.trusted) {
      await authorizeOperation(
        this.permissions,
        definition,
        entity,
        caller.credentials,
      );
    }

    // 3. Every parameter, before any side effect, against the target as its servers are now.
    const { parameters, purpose } = parseRunParameters(request);
    await assertIncidentExists(this.stores.incidents, request.incidentId);
    const context = await prepareContext(this.options, {
      entity,
      parameters,
      now,
      dryRun: !!request.dryRun,
      run: { id: runId, initiatedBy },
    });
    const { target, configured } = context;
    const prepared = await definition.prepare(context);
    // 3b. The further permissions of what was prepared (a live drill switches the database).
    if (!caller.trusted) {
      await authorizePrepared(this.permissions, {
        definition,
        prepared,
        entity,
        credentials: caller.credentials,
      });
    }
    const plan = definition.plan(prepared, context);

    const scenario = definition.scenarioOf?.(prepared);
    const base = {
      id: runId,
      operation,
      entityRef: entity.entityRef,
      databaseRef: entity.databaseRef,
      target: target.name,
      initiatedBy,
      ...(purpose ? { purpose } : {}),
      ...(request.incidentId ? { incidentId: request.incidentId } : {}),
      ...(scenario ? { scenario } : {}),
      startedAt: now.toISOString(),
    };

    if (request.dryRun) {
      const holder = await this.stores.runs.getLock(target.name);
      await event.success({ meta: { dryRun: true, target: target.name } });
      return plannedRun(base, plan, entity, holder);
    }

    // 4. The target's lock (shared by every backend replica).
    const lock = await acquireTargetLock(this.stores.runs, {
      target: target.name,
      owner: `${this.instanceId}:${runId}`,
      runId,
      ttlMs: this.lockTtlMs,
    });

    const run: RecoveryRun = {
      ...base,
      status: 'running',
      dryRun: false,
      steps: [],
      output: { databaseRef: entity.databaseRef, ...(plan.resolved ?? {}) },
    };
    try {
      await this.stores.runs.saveRecoveryRun(run);
    } catch (error) {
      await this.stores.runs.releaseLock(lock).catch(() => false);
      throw error;
    }

    // 5. The run itself, in the background: it outlives the HTTP request.
    const controller = new AbortController();
    this.active.execute(run, controller, () =>
      this.execute({
        definition,
        prepared,
        run,
        lock,
        target,
        configured,
        entity,
        controller,
        event,
      }),
    );
    return { ...run, steps: [...run.steps] };
  }

  private async execute(started: StartedRun): Promise<void> {
    const { definition, prepared, run, lock, target, controller } = started;
    const secrets = runSecrets(target, this.options.failover);
    const logger = this.logger.child({ runId: run.id, target: target.name });
    const progress = recordRunProgress(this.stores, started, logger);
    const stopHeartbeat = keepLockAlive({
      runs: this.stores.runs,
      lock,
      ttlMs: this.lockTtlMs,
      controller,
      logger,
    });
    const clearDeadline = abortAtDeadline(controller, this.maxRunDurationMs);

    let outcome: OperationOutcome | undefined;
    let failure: Error | undefined;
    try {
      outcome = await definition.execute(prepared, {
        signal: controller.signal,
        logger,
        onStep: progress.onStep,
        previousVerifiedKey: () => lastVerifiedKey(this.stores, target.name),
        runStartedAt: run.startedAt,
      });
    } catch (error) {
      failure = error as Error;
    } finally {
      stopHeartbeat();
      clearDeadline();
    }

    const { finished, finishedAt } = await recordRunEnd(this.stores, run, {
      definition,
      prepared,
      outcome,
      failure,
      signal: controller.signal,
      secrets,
      target,
      configured: started.configured,
    });
    Object.assign(run, finished);
    await progress.persist();
    try {
      await this.stores.runs.releaseLock(lock);
    } catch (error) {
      logger.warn(`Could not release the lock on ${target.name}: ${error}`);
    }
    await auditRunEnd(started.event, logger, run, {
      databaseRef: started.entity.databaseRef,
      finishedAt,
    });
  }

  /**
   * Reads a run (live progress while it runs here). The caller needs the posture read permission
   * on the run's entity. A run left `running` by a backend that died is reported failed.
   */
  async getRun(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<RecoveryRun> {
    const run = await this.findRun(id);
    await authorizeRunRead(this.permissions, run.entityRef, credentials);
    return run;
  }

  private findRun(id: string): Promise<RecoveryRun> {
    return findRun(this.active, this.stores.runs, id);
  }

  /** The restored copies on an entity's target, for `discard-copy` (see `listEntityRestoredCopies`). */
  async listRestoredCopies(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<RestoredCopyItem[]> {
    return listEntityRestoredCopies(this.options, entityRef, credentials);
  }

  /** The current primary and standby of an entity's target (needs posture read on the entity). */
  async getTopology(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<TargetTopologyResponse> {
    return getEntityTopology(this.options, entityRef, credentials);
  }

  /** The PITR window and dump times of an entity's target (needs posture read on the entity). */
  async getRecoveryWindow(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<RecoveryWindowResponse> {
    return getEntityRecoveryWindow(this.options, entityRef, credentials);
  }

  /**
   * Cancels a run executing on this backend: its processes are stopped, partial results cleaned
   * up by the operation, the run recorded as failed. Needs the operation's permission.
   */
  async cancel(id: string, caller: OperationCaller): Promise<RecoveryRun> {
    const event = await auditCancelRequest(this.options.auditor, id, caller);
    try {
      const run = await this.findRun(id);
      if (!caller.trusted) {
        await authorizeCancel(
          this.permissions,
          this.definitions[run.operation as RecoveryOperationName],
          run,
          caller.credentials,
        );
      }
      if (run.status !== 'running') {
        throw new ConflictError(`Run ${id} is not running (it ${run.status})`);
      }
      const reason = `cancel requested by ${principalRef(caller.credentials)}`;
      if (!(await this.active.abort(id, new Error(reason)))) {
        throw new ConflictError(
          `Run ${id} is executing on another backend instance; cancel it there`,
        );
      }
      const cancelled = await this.findRun(id);
      await event.success({
        meta: { entityRef: run.entityRef, status: cancelled.status },
      });
      return cancelled;
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  }

  /** Waits until a run ends (or the signal aborts the wait) and returns it. */
  async waitForRun(id: string, signal?: AbortSignal): Promise<RecoveryRun> {
    await this.active.waitFor(id, signal);
    return this.findRun(id);
  }

  /** Cancels every run executing here and waits for them to record their end (backend shutdown). */
  async shutdown(): Promise<void> {
    await this.active.abortAll(new Error('the backend is shutting down'));
  }
}
