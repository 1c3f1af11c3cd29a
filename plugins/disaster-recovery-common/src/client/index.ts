export { DisasterRecoveryClient } from './DisasterRecoveryClient';
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
