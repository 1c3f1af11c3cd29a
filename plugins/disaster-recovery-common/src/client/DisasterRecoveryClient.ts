import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
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
import type { PostureResult } from '../posture/types';
import type {
  DisasterRecoveryApi,
  DrEntityRef,
  DrPageQuery,
  DrRequestOptions,
  RecoveryRunListResponse,
  RecoveryRunQuery,
  StartOperationRequest,
} from './types';
import { withQuery } from './httpClient';
import { IncidentsClient } from './IncidentsClient';

/**
 * The one HTTP client of the disaster-recovery backend, for the browser and for backend callers:
 * the incident routes it inherits from {@link IncidentsClient}, the posture, evidence, operation
 * and training routes are its own. Discovery finds the backend, `fetchApi` (the app's, which adds
 * the user's token; the global `fetch` when absent) sends the request, and a non-2xx answer throws
 * a `ResponseError` whose message carries the backend's own.
 *
 * @public
 */
export class DisasterRecoveryClient
  extends IncidentsClient
  implements DisasterRecoveryApi
{
  async getFleet(
    query: FleetPostureQuery = {},
    options?: DrRequestOptions,
  ): Promise<FleetPostureResponse> {
    const path = withQuery('/fleet', {
      offset: query.offset,
      limit: query.limit,
      sort: query.sort,
      order: query.order,
      status: query.status,
      tier: query.tier,
      failingCheck: query.failingCheck,
      owner: query.owner,
      cause: query.cause,
      database: query.database,
      system: query.system,
      q: query.q?.trim(),
      drill: query.drill,
      drillStatus: query.drillStatus,
    });
    return this.request('GET', path, options);
  }

  async getDrillCalendar(
    options?: DrRequestOptions,
  ): Promise<FleetDrillCalendarResponse> {
    return this.request('GET', '/drills/calendar', options);
  }

  async getPlatformFindings(
    query: PlatformFindingsQuery = {},
    options?: DrRequestOptions,
  ): Promise<PlatformFindingsResponse> {
    const path = withQuery('/findings', {
      offset: query.offset,
      limit: query.limit,
      minEntities: query.minEntities,
    });
    return this.request('GET', path, options);
  }

  async getStoredPosture(
    entityRef: DrEntityRef,
    options?: DrRequestOptions,
  ): Promise<StoredPostureResponse> {
    return this.request(
      'GET',
      `${entityPath(entityRef)}/posture/stored`,
      options,
    );
  }

  async getEntityPosture(
    entityRef: DrEntityRef,
    options?: DrRequestOptions,
  ): Promise<PostureResult> {
    return this.request('GET', `${entityPath(entityRef)}/posture`, options);
  }

  async getEntityBackups(
    entityRef: DrEntityRef,
    page: DrPageQuery = {},
    options?: DrRequestOptions,
  ): Promise<BackupListResponse> {
    const path = withQuery(`${entityPath(entityRef)}/backups`, {
      offset: page.offset,
      limit: page.limit,
    });
    return this.request('GET', path, options);
  }

  async getCompliance(
    options?: DrRequestOptions,
  ): Promise<ComplianceMatrixResponse> {
    return this.request('GET', '/compliance', options);
  }

  async getMetrics(options?: DrRequestOptions): Promise<DrMetricsResponse> {
    return this.request('GET', '/metrics', options);
  }

  async getHistory(
    options?: DrRequestOptions,
  ): Promise<PostureHistoryResponse> {
    return this.request('GET', '/history', options);
  }

  async getRecoveryRuns(
    query: RecoveryRunQuery = {},
    options?: DrRequestOptions,
  ): Promise<RecoveryRunListResponse> {
    const path = withQuery('/runs', {
      entityRef:
        query.entityRef === undefined
          ? undefined
          : toRefString(query.entityRef),
      operation: query.operation,
      offset: query.offset,
      limit: query.limit,
    });
    return this.request('GET', path, options);
  }

  async getRestoredCopies(
    entityRef: DrEntityRef,
    options?: DrRequestOptions,
  ): Promise<RestoredCopiesResponse> {
    return this.request(
      'GET',
      `${entityPath(entityRef)}/restored-copies`,
      options,
    );
  }

  async getTopology(
    entityRef: DrEntityRef,
    options?: DrRequestOptions,
  ): Promise<TargetTopologyResponse> {
    return this.request('GET', `${entityPath(entityRef)}/topology`, options);
  }

  async getRecoveryWindow(
    entityRef: DrEntityRef,
    options?: DrRequestOptions,
  ): Promise<RecoveryWindowResponse> {
    return this.request(
      'GET',
      `${entityPath(entityRef)}/recovery-window`,
      options,
    );
  }

  async startOperation(
    request: StartOperationRequest,
    options?: DrRequestOptions,
  ): Promise<RecoveryRun> {
    const body = await this.request<{ run: RecoveryRun }>(
      'POST',
      '/operations',
      options,
      request,
    );
    return body.run;
  }

  async getRun(
    runId: string,
    options?: DrRequestOptions,
  ): Promise<RecoveryRun> {
    return this.request('GET', `/runs/${encodeURIComponent(runId)}`, options);
  }

  async cancelRun(
    runId: string,
    options?: DrRequestOptions,
  ): Promise<RecoveryRun> {
    const body = await this.request<{ run: RecoveryRun }>(
      'POST',
      `/runs/${encodeURIComponent(runId)}/cancel`,
      options,
    );
    return body.run;
  }

  async recordTraining(
    request: TrainingRecordRequest,
    options?: DrRequestOptions,
  ): Promise<TrainingRecordCreateResponse> {
    return this.request('POST', '/training-records', options, request);
  }

  async getTrainingRecords(
    query: TrainingRecordQuery = {},
    options?: DrRequestOptions,
  ): Promise<TrainingRecordListResponse> {
    const path = withQuery('/training-records', {
      person: query.person,
      course: query.course,
      offset: query.offset,
      limit: query.limit,
      order: query.order,
    });
    return this.request('GET', path, options);
  }

  async getTrainingStatus(
    userRef: DrEntityRef,
    options?: DrRequestOptions,
  ): Promise<TrainingStatusResponse> {
    const { namespace, name } = parseEntityRef(
      typeof userRef === 'string' ? userRef : stringifyEntityRef(userRef),
      { defaultKind: 'user', defaultNamespace: 'default' },
    );
    return this.request(
      'GET',
      `/training-status/${encodeURIComponent(
        namespace.toLocaleLowerCase('en-US'),
      )}/${encodeURIComponent(name.toLocaleLowerCase('en-US'))}`,
      options,
    );
  }

  async getTrainingCourses(
    options?: DrRequestOptions,
  ): Promise<TrainingCourseListResponse> {
    return this.request('GET', '/training-courses', options);
  }
}

function toRefString(ref: DrEntityRef): string {
  return typeof ref === 'string'
    ? stringifyEntityRef(parseEntityRef(ref))
    : stringifyEntityRef(ref);
}

/** `/entities/:kind/:namespace/:name` of the normalized ref, each part encoded. */
function entityPath(ref: DrEntityRef): string {
  const { kind, namespace, name } = parseEntityRef(toRefString(ref));
  return `/entities/${[kind, namespace, name]
    .map(encodeURIComponent)
    .join('/')}`;
}
