export { disasterRecoveryPlugin as default } from './plugin';
