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
import { DrHttpClient, withQuery } from './httpClient';
import type { DisasterRecoveryIncidentsApi } from './incidentsApi';
import type { DrRequestOptions } from './types';

/**
 * The HTTP client of the backend's incident routes, for the browser and for backend callers
 * that only need incidents. `DisasterRecoveryClient` extends it with the rest of the API.
 *
 * @public
 */
export class IncidentsClient
  extends DrHttpClient
  implements DisasterRecoveryIncidentsApi
{
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
}

/** `/incidents/:id[/…]`, each part encoded. */
function incidentPath(id: string, ...rest: string[]): string {
  return ['/incidents', ...[id, ...rest].map(encodeURIComponent)].join('/');
}
