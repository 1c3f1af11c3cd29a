export { DisasterRecoveryClient } from './DisasterRecoveryClient';
export { IncidentsClient } from './IncidentsClient';
export { DrHttpClient } from './httpClient';
export type { DrHttpClientOptions } from './httpClient';
export type { DisasterRecoveryIncidentsApi } from './incidentsApi';
export type {
  DisasterRecoveryApi,
  DrEntityRef,
  DrPageQuery,
  DrRequestOptions,
  RecoveryRunListResponse,
  RecoveryRunQuery,
  StartOperationRequest,
} from './types';
