import type { CompoundEntityRef } from '@backstage/catalog-model';
import type {
  BackupListResponse,
  ComplianceMatrixResponse,
  DrMetricsResponse,
  FleetPostureQuery,
  FleetPostureResponse,
  PlatformFindingsQuery,
  PlatformFindingsResponse,
  PostureHistoryResponse,
  RecoveryRun,
  RestoredCopiesResponse,
  StoredPostureResponse,
} from '../api/types';
import type {
  TrainingCourseListResponse,
  TrainingRecordCreateResponse,
  TrainingRecordListResponse,
  TrainingRecordQuery,
  TrainingRecordRequest,
  TrainingStatusResponse,
} from '../api/training';
import type { TargetTopologyResponse } from '../api/topology';
import type { RecoveryWindowResponse } from '../api/recoveryWindow';
import type { FleetDrillCalendarResponse } from '../api/drillCalendar';
import type { RecoveryOperationName } from '../operations';
import type { RunPurpose } from '../runs/runPurpose';
import type { PostureResult } from '../posture/types';
import type { DisasterRecoveryIncidentsApi } from './incidentsApi';

/** An entity given as a ref string (`resource:default/tenant-acme`) or as its parts. @public */
export type DrEntityRef = string | CompoundEntityRef;

/** Paging of a list read from the server. @public */
export interface DrPageQuery {
  offset?: number;
  limit?: number;
}

/**
 * Per-call options: the token to call with. Backend callers pass one from
 * `auth.getPluginRequestToken`; in the browser the app's fetch API adds the user's own.
 *
 * @public
 */
export interface DrRequestOptions {
  token?: string;
}

/** Body of `POST /operations`: start (or plan, with `dryRun`) a recovery operation. @public */
export interface StartOperationRequest {
  operation: RecoveryOperationName;
  entityRef: string;
  dryRun?: boolean;
  parameters: Record<string, unknown>;
  /** Why the run is made; the backend derives it when absent (a cut-over is a recovery). */
  purpose?: RunPurpose;
  /** The incident (`INC-YYYY-NNN`) the run serves; its review lists the run. */
  incidentId?: string;
  /** The same key returns the same run instead of starting another. */
  idempotencyKey?: string;
}

/** Query of `GET /runs`. @public */
export interface RecoveryRunQuery extends DrPageQuery {
  /** Only the runs of this entity (and of its database target). */
  entityRef?: DrEntityRef;
  /** Only runs of these operations. */
  operation?: string[];
}

/** Response of `GET /runs`: recorded runs, newest first. @public */
export interface RecoveryRunListResponse {
  items: RecoveryRun[];
  totalItems: number;
}

/**
 * The disaster-recovery backend's REST API (`/api/disaster-recovery`), as the frontend, the
 * scaffolder actions and the catalog's training provider call it. Each call takes an optional
 * {@link DrRequestOptions} last.
 *
 * @public
 */
export interface DisasterRecoveryApi extends DisasterRecoveryIncidentsApi {
  /** One server-side page of the fleet's posture, with counts over the whole filtered fleet. */
  getFleet(
    query?: FleetPostureQuery,
    options?: DrRequestOptions,
  ): Promise<FleetPostureResponse>;
  /** The policy's DR test calendar over the fleet: per scenario, entities never drilled, current, due, overdue. */
  getDrillCalendar(
    options?: DrRequestOptions,
  ): Promise<FleetDrillCalendarResponse>;
  /** Causes many entities share (platform findings), worst and widest first, paged on the server. */
  getPlatformFindings(
    query?: PlatformFindingsQuery,
    options?: DrRequestOptions,
  ): Promise<PlatformFindingsResponse>;
  /** The stored evaluation of one entity: the one the fleet page shows. */
  getStoredPosture(
    entityRef: DrEntityRef,
    options?: DrRequestOptions,
  ): Promise<StoredPostureResponse>;
  /** The posture of one entity: objectives, every check, the next breach. */
  getEntityPosture(
    entityRef: DrEntityRef,
    options?: DrRequestOptions,
  ): Promise<PostureResult>;
  /** One server-side page of the backups indexed for one entity. */
  getEntityBackups(
    entityRef: DrEntityRef,
    page?: DrPageQuery,
    options?: DrRequestOptions,
  ): Promise<BackupListResponse>;
  /** The data-class compliance matrix over the fleet. */
  getCompliance(options?: DrRequestOptions): Promise<ComplianceMatrixResponse>;
  /** The plan's DR metrics (MTTR, MTBF, backup success, test completion, documentation currency). */
  getMetrics(options?: DrRequestOptions): Promise<DrMetricsResponse>;
  /** Posture counts over time, for the trend chart. */
  getHistory(options?: DrRequestOptions): Promise<PostureHistoryResponse>;
  /** Recorded recovery runs, newest first, optionally of one entity. */
  getRecoveryRuns(
    query?: RecoveryRunQuery,
    options?: DrRequestOptions,
  ): Promise<RecoveryRunListResponse>;
  /** Restored copies (restore databases, databases kept by a cut-over, side schemas) of an entity's target. */
  getRestoredCopies(
    entityRef: DrEntityRef,
    options?: DrRequestOptions,
  ): Promise<RestoredCopiesResponse>;
  /** The current primary and standby of an entity's database target, and the run that last changed them. */
  getTopology(
    entityRef: DrEntityRef,
    options?: DrRequestOptions,
  ): Promise<TargetTopologyResponse>;
  /** What the entity's database can be recovered to: the PITR range from pgBackRest and the dump times. */
  getRecoveryWindow(
    entityRef: DrEntityRef,
    options?: DrRequestOptions,
  ): Promise<RecoveryWindowResponse>;
  /** Starts (or plans, with `dryRun`) an operation; the same idempotency key returns the same run. */
  startOperation(
    request: StartOperationRequest,
    options?: DrRequestOptions,
  ): Promise<RecoveryRun>;
  /** Reads a run with its live step progress. */
  getRun(runId: string, options?: DrRequestOptions): Promise<RecoveryRun>;
  /** Asks the backend to cancel a running run. */
  cancelRun(runId: string, options?: DrRequestOptions): Promise<RecoveryRun>;
  /** Records a completed DR training course (one record per person, course and day). */
  recordTraining(
    request: TrainingRecordRequest,
    options?: DrRequestOptions,
  ): Promise<TrainingRecordCreateResponse>;
  /** One page of recorded training completions, in recording order by default. */
  getTrainingRecords(
    query?: TrainingRecordQuery,
    options?: DrRequestOptions,
  ): Promise<TrainingRecordListResponse>;
  /** A person's required courses and their states (404 when the User is not in the catalog). */
  getTrainingStatus(
    userRef: DrEntityRef,
    options?: DrRequestOptions,
  ): Promise<TrainingStatusResponse>;
  /** The courses of the policy with their validity. */
  getTrainingCourses(
    options?: DrRequestOptions,
  ): Promise<TrainingCourseListResponse>;
}
