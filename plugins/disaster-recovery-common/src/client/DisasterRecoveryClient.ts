import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
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
  IncidentActionItem,
  IncidentActionItemRequest,
  IncidentCommunicationSendResponse,
  IncidentDeclareRequest,
  IncidentDetailResponse,
  IncidentItem,
  IncidentListQuery,
  IncidentListResponse,
  IncidentResolveRequest,
  IncidentReview,
  IncidentRoleRequest,
  IncidentSettingsResponse,
  IncidentSeveritySuggestionResponse,
  IncidentUpdateRequest,
} from '../incidents/types';
import type { DrImpact } from '../policy/types';
import type {
  DisasterRecoveryApi,
  DrEntityRef,
  DrPageQuery,
  DrRequestOptions,
  RecoveryRunListResponse,
  RecoveryRunQuery,
  StartOperationRequest,
} from './types';

/** The backend plugin id the client talks to. */
const PLUGIN_ID = 'disaster-recovery';

/** Query values: a number, a string, or a list (one parameter per element). */
type QueryValue = string | number | readonly string[] | undefined;

/**
 * The one HTTP client of the disaster-recovery backend, for the browser and for backend callers:
 * discovery finds the backend, `fetchApi` (the app's, which adds the user's token; the global
 * `fetch` when absent) sends the request, and a non-2xx answer throws a `ResponseError` whose
 * message carries the backend's own.
 *
 * @public
 */
export class DisasterRecoveryClient implements DisasterRecoveryApi {
  private readonly discoveryApi: {
    getBaseUrl(pluginId: string): Promise<string>;
  };
  private readonly fetchApi: { fetch: typeof fetch };

  constructor(options: {
    discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
    fetchApi?: { fetch: typeof fetch };
  }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi ?? { fetch: (...a) => fetch(...a) };
  }

  async listIncidents(
    query: IncidentListQuery = {},
    options?: DrRequestOptions,
  ): Promise<IncidentListResponse> {
    const path = withQuery('/incidents', {
      state: query.state,
      entityRef: query.entityRef,
      offset: query.offset,
      limit: query.limit,
      order: query.order,
    });
    return this.request('GET', path, options);
  }

  async getIncidentSettings(
    options?: DrRequestOptions,
  ): Promise<IncidentSettingsResponse> {
    return this.request('GET', '/incidents/settings', options);
  }

  async suggestIncidentSeverity(
    query: { impactLevel: DrImpact; tenants?: string[] },
    options?: DrRequestOptions,
  ): Promise<IncidentSeveritySuggestionResponse> {
    const path = withQuery('/incidents/severity-suggestion', {
      impactLevel: query.impactLevel,
      tenants: query.tenants,
    });
    return this.request('GET', path, options);
  }

  async getIncident(
    id: string,
    options?: DrRequestOptions,
  ): Promise<IncidentDetailResponse> {
    return this.request('GET', incidentPath(id), options);
  }

  async declareIncident(
    request: IncidentDeclareRequest,
    options?: DrRequestOptions,
  ): Promise<IncidentItem> {
    return this.request('POST', '/incidents', options, request);
  }

  async postIncidentUpdate(
    id: string,
    request: IncidentUpdateRequest,
    options?: DrRequestOptions,
  ): Promise<IncidentItem> {
    return this.request('POST', incidentPath(id, 'updates'), options, request);
  }

  async assignIncidentRole(
    id: string,
    request: IncidentRoleRequest,
    options?: DrRequestOptions,
  ): Promise<IncidentItem> {
    return this.request('POST', incidentPath(id, 'roles'), options, request);
  }

  async acknowledgeIncident(
    id: string,
    request: { message?: string } = {},
    options?: DrRequestOptions,
  ): Promise<IncidentItem> {
    return this.request(
      'POST',
      incidentPath(id, 'acknowledge'),
      options,
      request,
    );
  }

  async resolveIncident(
    id: string,
    request: IncidentResolveRequest,
    options?: DrRequestOptions,
  ): Promise<IncidentItem> {
    return this.request('POST', incidentPath(id, 'resolve'), options, request);
  }

  async getIncidentCommunication(
    id: string,
    template: string,
    options?: DrRequestOptions,
  ): Promise<string> {
    const response = await this.send(
      'GET',
      incidentPath(id, 'communications', template),
      options,
      undefined,
      'text/markdown',
    );
    return response.text();
  }

  async sendIncidentCommunication(
    id: string,
    template: string,
    options?: DrRequestOptions,
  ): Promise<IncidentCommunicationSendResponse> {
    return this.request(
      'POST',
      incidentPath(id, 'communications', template, 'send'),
      options,
    );
  }

  async getIncidentReview(
    id: string,
    options?: DrRequestOptions,
  ): Promise<IncidentReview> {
    return this.request('GET', incidentPath(id, 'review'), options);
  }

  async getIncidentReviewMarkdown(
    id: string,
    options?: DrRequestOptions,
  ): Promise<string> {
    const response = await this.send(
      'GET',
      incidentPath(id, 'review', 'markdown'),
      options,
      undefined,
      'text/markdown',
    );
    return response.text();
  }

  async addIncidentActionItem(
    id: string,
    request: IncidentActionItemRequest,
    options?: DrRequestOptions,
  ): Promise<IncidentActionItem> {
    return this.request(
      'POST',
      incidentPath(id, 'review', 'action-items'),
      options,
      request,
    );
  }

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

  private async request<T>(
    method: 'GET' | 'POST',
    path: string,
    options: DrRequestOptions | undefined,
    body?: unknown,
  ): Promise<T> {
    const response = await this.send(method, path, options, body);
    return (await response.json()) as T;
  }

  /** Sends a request; a non-2xx answer throws a ResponseError carrying the backend's message. */
  private async send(
    method: 'GET' | 'POST',
    path: string,
    options: DrRequestOptions | undefined,
    body?: unknown,
    accept = 'application/json',
  ): Promise<Response> {
    const baseUrl = await this.discoveryApi.getBaseUrl(PLUGIN_ID);
    const headers: Record<string, string> = { Accept: accept };
    if (options?.token) headers.Authorization = `Bearer ${options.token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    if (!response.ok) {
      const error = await ResponseError.fromResponse(response);
      // The backend's own message (e.g. which run holds the lock) belongs in the task log and
      // the error panel, not only in `cause`.
      error.message = `disaster-recovery backend answered ${method} ${
        path.split('?')[0]
      } with ${error.statusCode}: ${error.cause.message}`;
      throw error;
    }
    return response;
  }
}

function toRefString(ref: DrEntityRef): string {
  return typeof ref === 'string'
    ? stringifyEntityRef(parseEntityRef(ref))
    : stringifyEntityRef(ref);
}

/** `/incidents/:id[/…]`, each part encoded. */
function incidentPath(id: string, ...rest: string[]): string {
  return ['/incidents', ...[id, ...rest].map(encodeURIComponent)].join('/');
}

/** `/entities/:kind/:namespace/:name` of the normalized ref, each part encoded. */
function entityPath(ref: DrEntityRef): string {
  const { kind, namespace, name } = parseEntityRef(toRefString(ref));
  return `/entities/${[kind, namespace, name]
    .map(encodeURIComponent)
    .join('/')}`;
}

/** The path with the defined query values (lists repeat the key; numbers truncated). */
function withQuery(path: string, query: Record<string, QueryValue>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === '') continue;
    if (typeof value === 'number') {
      if (Number.isFinite(value)) params.append(key, String(Math.trunc(value)));
    } else if (typeof value === 'string') {
      params.append(key, value);
    } else {
      for (const item of value) params.append(key, item);
    }
  }
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}
