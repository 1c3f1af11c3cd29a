import { createApiRef } from '@backstage/core-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import type {
  BackupListResponse,
  ComplianceMatrixResponse,
  DrMetricsResponse,
  EntityPostureResponse,
  FleetPostureQuery,
  FleetPostureResponse,
  PostureHistoryResponse,
  RecoveryRun,
  RestoredCopiesResponse,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';

/** An entity given as a ref string (`resource:default/tenant-acme`) or as its parts. @public */
export type DrEntityRef = string | CompoundEntityRef;

/** Paging of a list read from the server. @public */
export interface DrPageQuery {
  offset?: number;
  limit?: number;
}

/** Reads the disaster-recovery backend (`/api/disaster-recovery`). @public */
export interface DisasterRecoveryApi {
  /** One server-side page of the fleet's posture, with counts over the whole filtered fleet. */
  getFleet(query?: FleetPostureQuery): Promise<FleetPostureResponse>;
  /** The posture of one entity: objectives, every check, the next breach. */
  getEntityPosture(entityRef: DrEntityRef): Promise<EntityPostureResponse>;
  /** One server-side page of the backups indexed for one entity. */
  getEntityBackups(
    entityRef: DrEntityRef,
    page?: DrPageQuery,
  ): Promise<BackupListResponse>;
  /** The data-class compliance matrix over the fleet. */
  getCompliance(): Promise<ComplianceMatrixResponse>;
  /** The plan's DR metrics (MTTR, MTBF, backup success, test completion, documentation currency). */
  getMetrics(): Promise<DrMetricsResponse>;
  /** Posture counts over time, for the trend chart. */
  getHistory(): Promise<PostureHistoryResponse>;
  /** Recorded recovery runs, newest first, optionally of one entity. */
  getRecoveryRuns(options?: {
    entityRef?: DrEntityRef;
  }): Promise<{ items: RecoveryRun[] }>;
  /** Restored copies (restore databases, databases kept by a cut-over, side schemas) of an entity's target. */
  getRestoredCopies(entityRef: DrEntityRef): Promise<RestoredCopiesResponse>;
}

/** The {@link DisasterRecoveryApi} of the app. @public */
export const disasterRecoveryApiRef = createApiRef<DisasterRecoveryApi>({
  id: 'plugin.disaster-recovery.service',
});
