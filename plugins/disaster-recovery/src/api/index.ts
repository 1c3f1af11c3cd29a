export { disasterRecoveryApiRef } from './DisasterRecoveryApi';
export type {
  DisasterRecoveryApi,
  DrEntityRef,
  DrPageQuery,
} from './DisasterRecoveryApi';
export { DisasterRecoveryClient } from './DisasterRecoveryClient';
