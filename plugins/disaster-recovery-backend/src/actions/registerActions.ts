import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { DisasterRecoveryService } from '../service/DisasterRecoveryService';
import { registerGetEntityPostureAction } from './getEntityPostureAction';
import { registerGetFleetSummaryAction } from './getFleetSummaryAction';
import { registerListBackupsAction } from './listBackupsAction';

/** Registers the read-only posture actions (`disaster-recovery:<name>`) in the actions registry. */
export function registerPostureActions(
  actionsRegistry: ActionsRegistryService,
  service: DisasterRecoveryService,
): void {
  registerGetEntityPostureAction(actionsRegistry, service);
  registerGetFleetSummaryAction(actionsRegistry, service);
  registerListBackupsAction(actionsRegistry, service);
}
