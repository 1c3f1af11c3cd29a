export { DisasterRecoveryClient } from './DisasterRecoveryClient';
export type {
  DisasterRecoveryApi,
  DrEntityRef,
  DrPageQuery,
  DrRequestOptions,
  RecoveryRunListResponse,
  RecoveryRunQuery,
  StartOperationRequest,
} from './types';
