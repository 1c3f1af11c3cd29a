import {
  AuditorService,
  AuditorServiceEvent,
  BackstageCredentials,
  LoggerService,
  PermissionsService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  disasterRecoveryPostureReadPermission,
  RecoveryRun,
  RecoveryRunStep,
  RestoredCopyItem,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import {
  DatabaseTarget,
  getTarget,
  listRestoredCopies,
  OperationStep,
  readTargetsFromConfig,
  scrubSecrets,
  targetSecrets,
} from '@dr-portal/backstage-plugin-disaster-recovery-node';
import { createHash, randomUUID } from 'node:crypto';
import type { Request } from 'express';
import { isSideSchemaOfTenant } from './definitions/discardCopy';
import { OperationDefinition, OperationOutcome } from './operationDefinition';
import { operationDefinitions } from './operationDefinitions';
import {
  OperationRequest,
  parseOperationParameters,
  parseOperationRequest,
} from './parameters';
import { resolveEntity, ResolvedEntity } from './resolveEntity';
import {
  HeldTargetLock,
  OperationsStore,
  RecoveryOperationName,
} from './types';

/** Who asks for an operation, and how. */
export interface OperationCaller {
  credentials: BackstageCredentials;
  /** The HTTP request, for the audit event. */
  request?: Request;
  /**
   * The backend itself (scheduled verification): skips the permission check, which guards what
   * users and agents may do; the catalog lookup and everything else still apply.
   */
  trusted?: boolean;
  /** Where the call came from, for the audit event (`rest`, `actions-registry`, `scheduler`). */
  via?: string;
}

/** Dependencies of {@link RecoveryOperationExecutor}. @public */
export interface RecoveryOperationExecutorOptions {
  logger: LoggerService;
  auditor: AuditorService;
  permissions: PermissionsService;
  catalog: CatalogService;
  store: OperationsStore;
  /** Targets from app-config `disasterRecovery.targets` (see `readTargetsFromConfig`). */
  targets: ReadonlyMap<string, DatabaseTarget>;
  /** Lock time-to-live; the lock is renewed every third of it while the run lives (default 60 s). */
  lockTtlMs?: number;
  /** A run still going after this long is cancelled, so a hung tool cannot hold a target forever (default 12 h). */
  maxRunDurationMs?: number;
  /** Operation implementations (default: the `-node` library operations). */
  definitions?: Partial<Record<RecoveryOperationName, OperationDefinition>>;
}

interface ActiveRun {
  run: RecoveryRun;
  controller: AbortController;
  done: Promise<void>;
}

function principalOf(credentials: BackstageCredentials): string {
  const p = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (p.type === 'user' && p.userEntityRef) {
    return p.userEntityRef;
  }
  if (p.type === 'service' && p.subject) {
    return p.subject;
  }
  return p.type;
}

function runIdFor(principal: string, idempotencyKey: string): string {
  const h = createHash('sha256')
    .update(`${principal}\u0000${idempotencyKey}`)
    .digest('hex');
  // Formatted as a UUID (version nibble 5-like) so ids look alike whether derived or random.
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(
    17,
    20,
  )}-${h.slice(20, 32)}`;
}

function toRunStep(step: OperationStep): RecoveryRunStep {
  return {
    id: step.id,
    title: step.title,
    status: step.status,
    startedAt: step.startedAt,
    finishedAt: step.finishedAt,
    detail: step.detail,
  };
}

function seconds(fromIso: string, to: Date): number {
  return Math.round((to.getTime() - Date.parse(fromIso)) / 100) / 10;
}

/**
 * The single executor of recovery operations: resolves the entity, checks the permission, validates
 * every parameter, takes the target's lock, runs the `-node` operation in the background with its
 * steps recorded live, measures RTO and data loss, releases the lock, and audits every attempt.
 *
 * @public
 */
export class RecoveryOperationExecutor {
  private readonly logger: LoggerService;
  private readonly auditor: AuditorService;
  private readonly permissions: PermissionsService;
  private readonly catalog: CatalogService;
  private readonly store: OperationsStore;
  private readonly targets: ReadonlyMap<string, DatabaseTarget>;
  private readonly lockTtlMs: number;
  private readonly maxRunDurationMs: number;
  private readonly definitions: Record<
    RecoveryOperationName,
    OperationDefinition
  >;
  private readonly instanceId = randomUUID();
  private readonly active = new Map<string, ActiveRun>();
  private readonly starting = new Map<string, Promise<RecoveryRun>>();

  /** Builds an executor with the targets of app-config `disasterRecovery.targets`. */
  static fromConfig(
    options: Omit<RecoveryOperationExecutorOptions, 'targets'> & {
      config: RootConfigService;
    },
  ): RecoveryOperationExecutor {
    const { config, ...rest } = options;
    return new RecoveryOperationExecutor({
      ...rest,
      targets: readTargetsFromConfig(config),
    });
  }

  constructor(options: RecoveryOperationExecutorOptions) {
    this.logger = options.logger;
    this.auditor = options.auditor;
    this.permissions = options.permissions;
    this.catalog = options.catalog;
    this.store = options.store;
    this.targets = options.targets;
    this.lockTtlMs = options.lockTtlMs ?? 60_000;
    this.maxRunDurationMs = options.maxRunDurationMs ?? 12 * 60 * 60 * 1000;
    this.definitions = { ...operationDefinitions, ...options.definitions };
  }

  /**
   * Plans (dry run) or starts an operation. Resolves once the run is recorded and holds its lock;
   * the run continues in the background. The same idempotency key from the same caller returns the
   * same run instead of starting another.
   */
  async start(body: unknown, caller: OperationCaller): Promise<RecoveryRun> {
    const raw = body as Partial<OperationRequest> | undefined;
    const event = await this.auditor.createEvent({
      eventId: 'recovery-operation',
      severityLevel: raw?.dryRun ? 'medium' : 'high',
      request: caller.request,
      meta: {
        actionType: raw?.dryRun ? 'plan' : 'start',
        operation: String(raw?.operation ?? ''),
        entityRef: String(raw?.entityRef ?? ''),
        via: caller.via ?? 'rest',
      },
    });
    let startedAsync = false;
    try {
      const request = parseOperationRequest(body);
      const initiatedBy = principalOf(caller.credentials);
      const runId = request.idempotencyKey
        ? runIdFor(initiatedBy, request.idempotencyKey)
        : randomUUID();

      if (request.idempotencyKey && !request.dryRun) {
        const existing =
          this.active.get(runId)?.run ??
          (await this.starting.get(runId)?.catch(() => undefined)) ??
          (await this.store.getRecoveryRun(runId));
        if (existing) {
          this.assertSameRequest(existing, request);
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
      if (!request.dryRun) {
        this.starting.set(runId, starting);
      }
      try {
        const run = await starting;
        startedAsync = !request.dryRun;
        return run;
      } finally {
        this.starting.delete(runId);
      }
    } catch (error) {
      if (!startedAsync) {
        await event.fail({ error: error as Error });
      }
      throw error;
    }
  }

  private assertSameRequest(run: RecoveryRun, request: OperationRequest) {
    const ref = run.entityRef;
    if (
      run.operation !== request.operation ||
      !sameRef(ref, request.entityRef)
    ) {
      throw new ConflictError(
        `Idempotency key ${JSON.stringify(
          request.idempotencyKey,
        )} was already used for run ${run.id} (${
          run.operation
        } of ${ref}); use a new key for a different request`,
      );
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
      this.catalog,
      request.entityRef,
      caller.credentials,
    );

    // 2. The permission of the operation on the entity (and on its database when it is a tenant
    //    and the operation acts on the whole database).
    if (!caller.trusted) {
      await this.authorize(
        definition.permission,
        entity.entityRef,
        caller.credentials,
      );
      if (
        definition.affectsWholeDatabase &&
        entity.databaseRef !== entity.entityRef
      ) {
        await this.authorize(
          definition.permission,
          entity.databaseRef,
          caller.credentials,
        );
      }
    }

    // 3. Every parameter, before any side effect.
    const target = getTarget(this.targets, entity.target);
    const parameters = parseOperationParameters(operation, request.parameters);
    const context = { entity, target, parameters, now };
    const prepared = await definition.prepare(context);
    const plan = definition.plan(prepared, context);

    const base = {
      operation,
      entityRef: entity.entityRef,
      target: target.name,
      initiatedBy,
    };

    if (request.dryRun) {
      const holder = await this.store.getLock(target.name);
      const run: RecoveryRun = {
        id: runId,
        ...base,
        status: 'planned',
        dryRun: true,
        startedAt: now.toISOString(),
        steps: plan.steps.map(step => ({ ...step, status: 'pending' })),
        output: {
          databaseRef: entity.databaseRef,
          wouldNotTouch: plan.wouldNotTouch,
          ...(plan.resolved ?? {}),
          ...(holder
            ? {
                currentlyLockedBy: holder.runId ?? holder.owner,
              }
            : {}),
        },
      };
      await event.success({ meta: { dryRun: true, target: target.name } });
      return run;
    }

    // 4. The target's lock (shared by every backend replica).
    const lock = await this.store.acquireLock({
      target: target.name,
      owner: `${this.instanceId}:${runId}`,
      runId,
      ttlMs: this.lockTtlMs,
    });
    if (!lock) {
      throw await this.conflict(target.name, runId);
    }

    const run: RecoveryRun = {
      id: runId,
      ...base,
      status: 'running',
      dryRun: false,
      startedAt: now.toISOString(),
      steps: [],
      output: {
        databaseRef: entity.databaseRef,
        ...(plan.resolved ?? {}),
      },
    };
    try {
      await this.store.saveRecoveryRun(run);
    } catch (error) {
      await this.store.releaseLock(lock).catch(() => false);
      throw error;
    }

    // 5. The run itself, in the background: it outlives the HTTP request.
    const controller = new AbortController();
    const active: ActiveRun = { run, controller, done: Promise.resolve() };
    this.active.set(run.id, active);
    active.done = this.execute(
      definition,
      prepared,
      run,
      lock,
      target,
      entity,
      controller,
      event,
    ).finally(() => this.active.delete(run.id));
    return { ...run, steps: [...run.steps] };
  }

  private async authorize(
    permission: ResourcePermission<'catalog-entity'>,
    entityRef: string,
    credentials: BackstageCredentials,
  ) {
    const [decision] = await this.permissions.authorize(
      [{ permission, resourceRef: entityRef }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Not allowed to ${permission.name} on ${entityRef}`,
      );
    }
  }

  private async conflict(target: string, runId: string): Promise<Error> {
    const holder = await this.store.getLock(target);
    if (holder?.runId === runId) {
      return new ConflictError(
        `Run ${runId} is being started by a concurrent request with the same idempotency key`,
      );
    }
    const running = holder?.runId
      ? await this.store.getRecoveryRun(holder.runId)
      : undefined;
    const who = running
      ? `run ${running.id} (${running.operation} of ${running.entityRef}, started ${running.startedAt} by ${running.initiatedBy})`
      : `another operation (${
          holder?.runId ?? holder?.owner ?? 'unknown owner'
        })`;
    return new ConflictError(
      `Target ${target} is busy: ${who} holds its lock. Wait for it to finish (GET /runs/${
        running?.id ?? ':id'
      }) or cancel it, then try again.`,
    );
  }

  private async execute(
    definition: OperationDefinition,
    prepared: unknown,
    run: RecoveryRun,
    lock: HeldTargetLock,
    target: DatabaseTarget,
    entity: ResolvedEntity,
    controller: AbortController,
    event: AuditorServiceEvent,
  ): Promise<void> {
    const secrets = targetSecrets(target);
    const logger = this.logger.child({ runId: run.id, target: target.name });
    let saving: Promise<void> = Promise.resolve();
    const persist = () => {
      const snapshot: RecoveryRun = {
        ...run,
        steps: run.steps.map(s => ({ ...s })),
      };
      saving = saving
        .then(() => this.store.saveRecoveryRun(snapshot))
        .catch(error =>
          logger.warn(`Could not record progress of run ${run.id}: ${error}`),
        );
      return saving;
    };

    const heartbeat = setInterval(async () => {
      try {
        const held = await this.store.heartbeatLock(lock, this.lockTtlMs);
        if (!held && !controller.signal.aborted) {
          controller.abort(
            new Error(
              `Lost the lock on target ${target.name}; stopped to stay safe`,
            ),
          );
        }
      } catch (error) {
        logger.warn(`Lock heartbeat failed: ${error}`);
      }
    }, Math.max(1000, Math.floor(this.lockTtlMs / 3)));

    const deadline = setTimeout(
      () =>
        controller.abort(
          new Error(
            `the run exceeded its maximum duration of ${Math.round(
              this.maxRunDurationMs / 1000,
            )} s`,
          ),
        ),
      this.maxRunDurationMs,
    );

    let outcome: OperationOutcome | undefined;
    let failure: Error | undefined;
    try {
      outcome = await definition.execute(prepared, {
        signal: controller.signal,
        logger,
        onStep: step => {
          const recorded = toRunStep(step);
          const index = run.steps.findIndex(s => s.id === recorded.id);
          if (index >= 0) {
            run.steps[index] = recorded;
          } else {
            run.steps.push(recorded);
          }
          void persist();
        },
      });
    } catch (error) {
      failure = error as Error;
    } finally {
      clearInterval(heartbeat);
      clearTimeout(deadline);
    }

    const finishedAt = new Date();
    run.finishedAt = finishedAt.toISOString();
    if (outcome) {
      run.status = 'succeeded';
      run.output = { ...run.output, ...outcome.output };
      if (outcome.restorePoint) {
        run.restorePoint = outcome.restorePoint;
      }
      if (outcome.measuresRecovery) {
        run.achievedRtoSeconds = seconds(run.startedAt, finishedAt);
        if (outcome.restorePoint) {
          run.dataLossSeconds = Math.max(
            0,
            Math.round(
              (Date.parse(run.startedAt) - Date.parse(outcome.restorePoint)) /
                1000,
            ),
          );
        }
      }
    } else {
      const reason = controller.signal.aborted
        ? `Cancelled: ${
            (controller.signal.reason as Error | undefined)?.message ??
            'cancel requested'
          }`
        : failure?.message ?? String(failure);
      run.status = 'failed';
      run.error = scrubSecrets(reason, secrets).slice(0, 4000);
      const failureOutput =
        failure && definition.onFailure?.(prepared, failure)?.output;
      if (failureOutput) {
        run.output = { ...run.output, ...failureOutput };
      }
      for (const step of run.steps) {
        if (step.status === 'running' || step.status === 'pending') {
          step.status = 'failed';
          step.finishedAt = step.finishedAt ?? run.finishedAt;
        }
      }
    }

    const evidenceStarted = new Date().toISOString();
    const evidenceError = await this.recordEvidence(
      definition,
      prepared,
      run,
      outcome,
      failure,
    );
    if (evidenceError) {
      // without its evidence the posture would not show what this run did: the run fails
      const message = `its evidence could not be recorded: ${scrubSecrets(
        evidenceError.message,
        secrets,
      )}`;
      if (run.status === 'succeeded') {
        run.status = 'failed';
        run.error = `The operation completed, but ${message}`.slice(0, 4000);
      } else {
        run.error = `${run.error}; ${message}`.slice(0, 4000);
      }
      run.steps.push({
        id: 'record-evidence',
        title: 'Record the evidence of this run',
        status: 'failed',
        startedAt: evidenceStarted,
        finishedAt: new Date().toISOString(),
        detail: message.slice(0, 1000),
      });
    }
    await persist();
    try {
      await this.store.releaseLock(lock);
    } catch (error) {
      logger.warn(`Could not release the lock on ${target.name}: ${error}`);
    }

    const meta = {
      runId: run.id,
      target: target.name,
      databaseRef: entity.databaseRef,
      status: run.status,
      durationSeconds: seconds(run.startedAt, finishedAt),
      ...(run.achievedRtoSeconds !== undefined
        ? { achievedRtoSeconds: run.achievedRtoSeconds }
        : {}),
      ...(run.dataLossSeconds !== undefined
        ? { dataLossSeconds: run.dataLossSeconds }
        : {}),
    };
    if (run.status === 'succeeded') {
      logger.info(
        `Run ${run.id} (${run.operation} of ${run.entityRef}) succeeded`,
      );
      await event.success({ meta });
    } else {
      logger.error(
        `Run ${run.id} (${run.operation} of ${run.entityRef}) failed: ${run.error}`,
      );
      await event.fail({ meta, error: new Error(run.error) });
    }
  }

  private async recordEvidence(
    definition: OperationDefinition,
    prepared: unknown,
    run: RecoveryRun,
    outcome: OperationOutcome | undefined,
    failure: Error | undefined,
  ): Promise<Error | undefined> {
    try {
      if (outcome?.backup && this.store.upsertBackups) {
        await this.store.upsertBackups([outcome.backup]);
      }
      const verification = outcome
        ? outcome.verification
        : failure && definition.onFailure?.(prepared, failure)?.verification;
      if (verification && this.store.recordVerification) {
        await this.store.recordVerification({
          ...verification,
          id: randomUUID(),
          runId: run.id,
        });
      }
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
    return undefined;
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
    await this.authorizeRead(run, credentials);
    return run;
  }

  private async findRun(id: string): Promise<RecoveryRun> {
    const local = this.active.get(id);
    if (local) {
      return { ...local.run, steps: local.run.steps.map(s => ({ ...s })) };
    }
    const run = await this.store.getRecoveryRun(id);
    if (!run) {
      throw new NotFoundError(`No recovery run ${id}`);
    }
    if (run.status === 'running') {
      const lock = await this.store.getLock(run.target);
      if (!lock || lock.runId !== run.id) {
        // Nobody holds the run's lock any more: the backend that executed it stopped mid-way.
        const interrupted: RecoveryRun = {
          ...run,
          status: 'failed',
          finishedAt: run.finishedAt ?? new Date().toISOString(),
          error:
            'Interrupted: the backend executing this run stopped before it finished (its lock expired)',
          steps: run.steps.map(s =>
            s.status === 'running' || s.status === 'pending'
              ? { ...s, status: 'failed' }
              : s,
          ),
        };
        await this.store.saveRecoveryRun(interrupted);
        return interrupted;
      }
    }
    return run;
  }

  private async authorizeRead(
    run: RecoveryRun,
    credentials: BackstageCredentials,
  ) {
    const [decision] = await this.permissions.authorize(
      [
        {
          permission: disasterRecoveryPostureReadPermission,
          resourceRef: run.entityRef,
        },
      ],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Not allowed to read runs of ${run.entityRef}`);
    }
  }

  /**
   * Lists the restored copies (restore databases, databases kept by a cut-over, tenant side
   * schemas) on the primary of an entity's target, for `discard-copy`. Needs the posture read
   * permission on the entity; on a tenant Resource only that tenant's side schemas are listed.
   */
  async listRestoredCopies(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<RestoredCopyItem[]> {
    const entity = await resolveEntity(this.catalog, entityRef, credentials);
    await this.authorize(
      disasterRecoveryPostureReadPermission,
      entity.entityRef,
      credentials,
    );
    const copies = await listRestoredCopies({
      target: getTarget(this.targets, entity.target),
    });
    return entity.tenant
      ? copies.filter(c => isSideSchemaOfTenant(c, entity.tenant!.id))
      : copies;
  }

  /**
   * Cancels a run executing on this backend: its processes are stopped, partial results cleaned
   * up by the operation, the run recorded as failed. Needs the operation's permission.
   */
  async cancel(id: string, caller: OperationCaller): Promise<RecoveryRun> {
    const event = await this.auditor.createEvent({
      eventId: 'recovery-run-cancel',
      severityLevel: 'high',
      request: caller.request,
      meta: { runId: id, via: caller.via ?? 'rest' },
    });
    try {
      const run = await this.findRun(id);
      const definition =
        this.definitions[run.operation as RecoveryOperationName];
      if (!caller.trusted) {
        if (!definition) {
          throw new InputError(
            `Run ${id} is a ${run.operation}, which is not cancellable here`,
          );
        }
        await this.authorize(
          definition.permission,
          run.entityRef,
          caller.credentials,
        );
      }
      if (run.status !== 'running') {
        throw new ConflictError(`Run ${id} is not running (it ${run.status})`);
      }
      const active = this.active.get(id);
      if (!active) {
        throw new ConflictError(
          `Run ${id} is executing on another backend instance; cancel it there`,
        );
      }
      active.controller.abort(
        new Error(`cancel requested by ${principalOf(caller.credentials)}`),
      );
      await active.done;
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
    const active = this.active.get(id);
    if (active) {
      await Promise.race([
        active.done,
        new Promise<void>(resolve =>
          signal?.addEventListener('abort', () => resolve(), { once: true }),
        ),
      ]);
    }
    return this.findRun(id);
  }

  /** Cancels every run executing here and waits for them to record their end (backend shutdown). */
  async shutdown(): Promise<void> {
    const runs = [...this.active.values()];
    for (const active of runs) {
      active.controller.abort(new Error('the backend is shutting down'));
    }
    await Promise.allSettled(runs.map(r => r.done));
  }
}

function sameRef(a: string, b: string): boolean {
  const norm = (ref: string) => {
    const lower = ref.toLowerCase();
    if (!lower.includes(':')) {
      return `resource:${lower.includes('/') ? lower : `default/${lower}`}`;
    }
    const [kind, rest] = lower.split(/:(.*)/s);
    return `${kind}:${rest.includes('/') ? rest : `default/${rest}`}`;
  };
  return norm(a) === norm(b);
}
