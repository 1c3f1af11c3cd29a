import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  BackupListResponse,
  ComplianceMatrixResponse,
  DrMetricsResponse,
  PostureResult,
  FleetPostureQuery,
  FleetPostureResponse,
  FleetDrillCalendarResponse,
  PlatformFindingsQuery,
  PlatformFindingsResponse,
  PostureHistoryResponse,
  StoredPostureResponse,
  RecoveryRunListResponse,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { getCompliance } from './compliance';
import { DrServiceContext } from './context';
import { listEntityBackups } from './entityBackups';
import { getEntityPosture } from './entityPosture';
import { getFleetPosture } from './fleetPosture';
import { getFleetDrillCalendar } from './fleetDrillCalendar';
import { getEntityHistory, getFleetHistory } from './history';
import { getMetrics } from './metrics';
import { listRuns, RunListQuery } from './runs';
import { getPlatformFindings, getStoredPosture } from './platformFindings';

/**
 * The read operations of the disaster-recovery backend, one function each, shared by the REST
 * API and the actions registry. Every operation checks the caller's permission.
 *
 * @public
 */
export class DisasterRecoveryService {
  constructor(private readonly ctx: DrServiceContext) {}

  /** The policy the service judges against. */
  get policy() {
    return this.ctx.policy;
  }

  /** One page of the fleet's posture. */
  getFleetPosture(
    query: FleetPostureQuery,
    credentials: BackstageCredentials,
  ): Promise<FleetPostureResponse> {
    return getFleetPosture(this.ctx, query, credentials);
  }

  /** The policy's DR test calendar over the fleet: entities per scenario never drilled, current, due, overdue. */
  getFleetDrillCalendar(
    credentials: BackstageCredentials,
  ): Promise<FleetDrillCalendarResponse> {
    return getFleetDrillCalendar(this.ctx, credentials);
  }

  /** Causes many entities share, each once with how many it affects. */
  getPlatformFindings(
    query: PlatformFindingsQuery,
    credentials: BackstageCredentials,
  ): Promise<PlatformFindingsResponse> {
    return getPlatformFindings(this.ctx, query, credentials);
  }

  /** One entity's stored evaluation: the one the fleet page shows. */
  getStoredPosture(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<StoredPostureResponse> {
    return getStoredPosture(this.ctx, entityRef, credentials);
  }

  /** One entity's posture, evaluated now, with its evidence. */
  getEntityPosture(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<PostureResult> {
    return getEntityPosture(this.ctx, entityRef, credentials);
  }

  /** An entity's backups, newest first. */
  listEntityBackups(
    entityRef: string,
    page: { offset?: number; limit?: number },
    credentials: BackstageCredentials,
  ): Promise<BackupListResponse> {
    return listEntityBackups(this.ctx, entityRef, page, credentials);
  }

  /** The data-class compliance matrix. */
  getCompliance(
    credentials: BackstageCredentials,
  ): Promise<ComplianceMatrixResponse> {
    return getCompliance(this.ctx, credentials);
  }

  /** MTTR, MTBF, backup success rate, test completion rate, documentation currency. */
  getMetrics(
    options: { windowDays: number },
    credentials: BackstageCredentials,
  ): Promise<DrMetricsResponse> {
    return getMetrics(this.ctx, options, credentials);
  }

  /** Fleet posture over time. */
  getFleetHistory(
    options: { days: number; limit?: number },
    credentials: BackstageCredentials,
  ): Promise<PostureHistoryResponse> {
    return getFleetHistory(this.ctx, options, credentials);
  }

  /** One entity's posture over time. */
  getEntityHistory(
    entityRef: string,
    options: { days: number; limit?: number },
    credentials: BackstageCredentials,
  ): Promise<PostureHistoryResponse> {
    return getEntityHistory(this.ctx, entityRef, options, credentials);
  }

  /** Recorded recovery runs. */
  listRuns(
    query: RunListQuery,
    credentials: BackstageCredentials,
  ): Promise<RecoveryRunListResponse> {
    return listRuns(this.ctx, query, credentials);
  }

  /** Whether the caller may read the whole fleet (needed to trigger an evaluation). */
  async canReadWholeFleet(credentials: BackstageCredentials): Promise<boolean> {
    return (await this.ctx.access.fleetAccess(credentials)).result === 'all';
  }
}
