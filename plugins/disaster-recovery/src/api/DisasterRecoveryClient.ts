import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
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
import {
  DisasterRecoveryApi,
  DrEntityRef,
  DrPageQuery,
} from './DisasterRecoveryApi';

/** The backend plugin id the client talks to. */
const PLUGIN_ID = 'disaster-recovery';

/** Reads the disaster-recovery backend over HTTP with the app's fetch and discovery APIs. @public */
export class DisasterRecoveryClient implements DisasterRecoveryApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getFleet(query: FleetPostureQuery = {}): Promise<FleetPostureResponse> {
    const params = new URLSearchParams();
    appendNumber(params, 'offset', query.offset);
    appendNumber(params, 'limit', query.limit);
    appendString(params, 'sort', query.sort);
    appendString(params, 'order', query.order);
    for (const status of query.status ?? []) params.append('status', status);
    for (const tier of query.tier ?? []) params.append('tier', tier);
    appendString(params, 'failingCheck', query.failingCheck);
    appendString(params, 'owner', query.owner);
    appendString(params, 'q', query.q?.trim() || undefined);
    return this.get(`/fleet${suffix(params)}`);
  }

  async getEntityPosture(
    entityRef: DrEntityRef,
  ): Promise<EntityPostureResponse> {
    return this.get(`${entityPath(entityRef)}/posture`);
  }

  async getEntityBackups(
    entityRef: DrEntityRef,
    page: DrPageQuery = {},
  ): Promise<BackupListResponse> {
    const params = new URLSearchParams();
    appendNumber(params, 'offset', page.offset);
    appendNumber(params, 'limit', page.limit);
    return this.get(`${entityPath(entityRef)}/backups${suffix(params)}`);
  }

  async getCompliance(): Promise<ComplianceMatrixResponse> {
    return this.get('/compliance');
  }

  async getMetrics(): Promise<DrMetricsResponse> {
    return this.get('/metrics');
  }

  async getHistory(): Promise<PostureHistoryResponse> {
    return this.get('/history');
  }

  async getRecoveryRuns(
    options: { entityRef?: DrEntityRef } = {},
  ): Promise<{ items: RecoveryRun[] }> {
    const params = new URLSearchParams();
    if (options.entityRef !== undefined) {
      params.append('entityRef', toRefString(options.entityRef));
    }
    return this.get(`/runs${suffix(params)}`);
  }

  async getRestoredCopies(
    entityRef: DrEntityRef,
  ): Promise<RestoredCopiesResponse> {
    return this.get(`${entityPath(entityRef)}/restored-copies`);
  }

  private async get<T>(path: string): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl(PLUGIN_ID);
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, {
      headers: { Accept: 'application/json' },
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}

function toRefString(ref: DrEntityRef): string {
  return typeof ref === 'string'
    ? stringifyEntityRef(parseEntityRef(ref))
    : stringifyEntityRef(ref);
}

/** `/entities/:kind/:namespace/:name` of the normalized (lower-cased) ref, each part encoded. */
function entityPath(ref: DrEntityRef): string {
  const { kind, namespace, name } = parseEntityRef(toRefString(ref));
  return `/entities/${[kind, namespace, name]
    .map(encodeURIComponent)
    .join('/')}`;
}

function appendNumber(params: URLSearchParams, key: string, value?: number) {
  if (value !== undefined && Number.isFinite(value)) {
    params.append(key, String(Math.trunc(value)));
  }
}

function appendString(params: URLSearchParams, key: string, value?: string) {
  if (value !== undefined && value !== '') params.append(key, value);
}

function suffix(params: URLSearchParams): string {
  const s = params.toString();
  return s ? `?${s}` : '';
}
