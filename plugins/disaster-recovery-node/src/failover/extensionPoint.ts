import {
  createExtensionPoint,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { Fencer, TrafficSwitch } from './types';

/** Builds a fencer from its config block (`disasterRecovery.targets.<name>.failover.fencers[]`). @public */
export type FencerFactory = (config: RootConfigService) => Fencer;

/** Builds a traffic switch from its config block (`disasterRecovery.targets.<name>.failover.switch`). @public */
export type TrafficSwitchFactory = (config: RootConfigService) => TrafficSwitch;

/**
 * Lets backend modules add fencer and traffic-switch types to the disaster-recovery plugin
 * (the built-in ones are `sql` and `command` fencers, `pgbouncer`, `kubernetes` and `route53` switches).
 * @public
 */
export interface DisasterRecoveryFailoverExtensionPoint {
  /** Adds a fencer type; config blocks with `type: <type>` are built by `factory`. */
  addFencerType(type: string, factory: FencerFactory): void;
  /** Adds a traffic switch type; config blocks with `type: <type>` are built by `factory`. */
  addTrafficSwitchType(type: string, factory: TrafficSwitchFactory): void;
}

/** The extension point through which modules contribute fencers and traffic switches. @public */
export const disasterRecoveryFailoverExtensionPoint =
  createExtensionPoint<DisasterRecoveryFailoverExtensionPoint>({
    id: 'disaster-recovery.failover',
  });
