import { LoggerService } from '@backstage/backend-plugin-api';
import { ResourcePermission } from '@backstage/plugin-permission-common';
import type {
  DatabaseTarget,
  OperationStep,
} from '@dr-portal/backstage-plugin-disaster-recovery-node';
import { ResolvedEntity } from './resolveEntity';
import { NewBackup } from '../database/BackupStore';
import { VerificationRecord } from '../database/VerificationStore';
import { VerifiedObject } from './run/verifiedBackup';

/** A verification an operation reports: the result, and the object it read. */
export type VerificationOutcome = Omit<VerificationRecord, 'id' | 'runId'> & {
  /** The backup object verified; the result is recorded against its backup row. */
  object?: VerifiedObject;
};

/** What an operation is given to validate and plan, before any side effect. */
export interface PrepareContext<P> {
  entity: ResolvedEntity;
  target: DatabaseTarget;
  parameters: P;
  /** When the request arrived. */
  now: Date;
  signal?: AbortSignal;
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
}

/**
 * One recovery operation: its permission, its validation (no side effect), its plan for a dry
 * run, and its execution through the `-node` library.
 */
export interface OperationDefinition<P = any, Prepared = any> {
  permission: ResourcePermission<'catalog-entity'>;
  /** Whether the permission is also checked on the database when the entity is a tenant. */
  affectsWholeDatabase: boolean;
  /** Validates parameters against the entity and target; may read (list, HEAD), never writes. */
  prepare(context: PrepareContext<P>): Promise<Prepared>;
  plan(prepared: Prepared, context: PrepareContext<P>): OperationPlan;
  execute(
    prepared: Prepared,
    context: ExecuteContext,
  ): Promise<OperationOutcome>;
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
