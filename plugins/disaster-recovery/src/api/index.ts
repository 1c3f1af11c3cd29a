export { disasterRecoveryApiRef } from './DisasterRecoveryApi';
