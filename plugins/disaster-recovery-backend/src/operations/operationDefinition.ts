import { LoggerService } from '@backstage/backend-plugin-api';
import { ResourcePermission } from '@backstage/plugin-permission-common';
import type {
  DatabaseTarget,
  OperationStep,
} from '@dr-portal/backstage-plugin-disaster-recovery-node';
import { ResolvedEntity } from './resolveEntity';
import { NewBackup } from '../database/BackupStore';
import { VerificationRecord } from '../database/VerificationStore';
import { TargetRoles } from '../failover/targetTopology';
import { VerifiedObject } from './run/verifiedBackup';

/** A verification an operation reports: the result, and the object it read. */
export type VerificationOutcome = Omit<VerificationRecord, 'id' | 'runId'> & {
  /** The backup object verified; the result is recorded against its backup row. */
  object?: VerifiedObject;
};

/** What an operation is given to validate and plan, before any side effect. */
export interface PrepareContext<P> {
  entity: ResolvedEntity;
  /** The target as its servers are now (`primary` is the current primary; see `roles`). */
  target: DatabaseTarget;
  /** The target as configured, whatever its servers' roles are now. */
  configured: DatabaseTarget;
  /** Which configured server is the primary now, and which streams from it. */
  roles: TargetRoles;
  parameters: P;
  /** Whether this is a dry run (only a plan; read-only checks may run). */
  dryRun: boolean;
  /** The run holding the target's lock now, if any (for a dry run's checks). */
  lockHolder(): Promise<string | undefined>;
  /** When the request arrived. */
  now: Date;
  signal?: AbortSignal;
  /** The run being prepared: its id and who asked for it. */
  run?: { id: string; initiatedBy: string };
}

/** One step of a plan: what would be done, and where. */
export interface PlannedStep {
  id: string;
  title: string;
  detail: string;
}

/** The plan of an operation, shown in a dry run. */
export interface OperationPlan {
  steps: PlannedStep[];
  /** What the operation would leave alone (e.g. "the live database ecommerce"). */
  wouldNotTouch: string[];
  /** Facts the plan resolved (e.g. which backup "newest" is). */
  resolved?: Record<string, unknown>;
}

/** What an operation's execution is given. */
export interface ExecuteContext {
  signal: AbortSignal;
  logger: LoggerService;
  onStep: (step: OperationStep) => void;
  /** Key of the target's newest backup that passed a verification (the expected shape's last fallback), if any. */
  previousVerifiedKey(): Promise<string | undefined>;
  /** When the run started (ISO 8601): the moment a drill's recovery time is measured from. */
  runStartedAt: string;
}

/** What an operation reports when it succeeded. */
export interface OperationOutcome {
  /** Evidence for the run's `output` (never a secret). */
  output: Record<string, unknown>;
  /** Point in time the restored data reflects (ISO 8601), for restores. */
  restorePoint?: string;
  /** Whether the run is a recovery whose RTO and data-loss window are measured. */
  measuresRecovery?: boolean;
  /** A new backup to index as evidence. */
  backup?: NewBackup;
  /** Copies of that backup in other regions (buckets), indexed as backups stored there. */
  copies?: NewBackup[];
  /** A verification to record as evidence. */
  verification?: VerificationOutcome;
  /**
   * When service came back (the first write through the switch), and from when it counts (the
   * incident start; default the run start): the achieved RTO is measured between them instead
   * of up to the run's end.
   */
  serviceRestored?: {
    at: string;
    incidentStartedAt?: string;
    /** Data-loss window in seconds, when the operation measured one. */
    dataLossSeconds?: number;
  };
}

/**
 * One recovery operation: its permission, its validation (no side effect), its plan for a dry
 * run, and its execution through the `-node` library.
 */
export interface OperationDefinition<P = any, Prepared = any> {
  permission: ResourcePermission<'catalog-entity'>;
  /** Whether the permission is also checked on the database when the entity is a tenant. */
  affectsWholeDatabase: boolean;
  /**
   * Permissions a prepared run needs besides `permission`, checked on the entity's database after
   * `prepare` (a live switchover drill: those of the switchover and reprotect it runs).
   */
  alsoRequires?(prepared: Prepared): ResourcePermission<'catalog-entity'>[];
  /** The policy scenario a prepared run rehearses (drills), recorded with the run. */
  scenarioOf?(prepared: Prepared): string | undefined;
  /** Validates parameters against the entity and target; may read (list, HEAD), never writes. */
  prepare(context: PrepareContext<P>): Promise<Prepared>;
  plan(prepared: Prepared, context: PrepareContext<P>): OperationPlan;
  execute(
    prepared: Prepared,
    context: ExecuteContext,
  ): Promise<OperationOutcome>;
  /**
   * The roles of the target's servers after a run, when the run changed them: called after
   * success and failure alike (a promotion that failed later still promoted).
   */
  rolesAfter?(
    prepared: Prepared,
    steps: ReadonlyArray<{ id: string; status: string }>,
  ): TargetRoles | undefined;
  /** Evidence of a failed execution (verify: the failed checks, recorded as a failed verification). */
  onFailure?(
    prepared: Prepared,
    error: Error,
  ):
    | {
        output?: Record<string, unknown>;
        verification?: VerificationOutcome;
      }
    | undefined;
}
