import { InputError } from '@backstage/errors';
import { DatabaseTarget } from '@dr-portal/backstage-plugin-disaster-recovery-node';
import { TargetFailoverSettings } from '../../failover/failoverSettings';

/** The failover settings of every target that has a `failover` block. */
export type FailoverSettingsMap = ReadonlyMap<string, TargetFailoverSettings>;

/** A target's failover settings, or an InputError naming the config block it lacks. */
export function failoverSettingsOf(
  settings: FailoverSettingsMap,
  target: DatabaseTarget,
  operation: string,
): TargetFailoverSettings {
  const found = settings.get(target.name);
  if (!found) {
    throw new InputError(
      `Target ${target.name} has no failover settings (disasterRecovery.targets.${target.name}.failover): ${operation} is not available for it`,
    );
  }
  return found;
}
