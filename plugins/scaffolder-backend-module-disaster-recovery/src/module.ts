import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import {
  createBackupCreateAction,
  createBackupVerifyAction,
  createRestoredCopyDiscardAction,
  createDatabaseRestoreAction,
  createDrillRunAction,
  createFailoverFailoverAction,
  createFailoverPreflightAction,
  createFailoverReprotectAction,
  createFailoverSwitchoverAction,
  createTrainingRecordAction,
  createIncidentDeclareAction,
} from './actions';
import { DisasterRecoveryClient } from '@dr-portal/backstage-plugin-disaster-recovery-common';

/**
 * Scaffolder module adding the disaster-recovery actions (backup, verify, restore, discard a copy,
 * failover preflight, switchover, failover, reprotect, run a drill, record training, declare an incident), thin callers of the disaster-recovery backend through the shared client, which executes, locks, audits and records every run.
 *
 * @public
 */
export const scaffolderModuleDisasterRecovery = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'disaster-recovery',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        config: coreServices.rootConfig,
      },
      async init({ scaffolder, discovery, auth, config }) {
        const options = {
          api: new DisasterRecoveryClient({ discoveryApi: discovery }),
          auth,
          // run links open the portal's evidence page, not the backend's API
          appBaseUrl: config.getString('app.baseUrl'),
        };
        scaffolder.addActions(
          createBackupCreateAction(options),
          createBackupVerifyAction(options),
          createDatabaseRestoreAction(options),
          createRestoredCopyDiscardAction(options),
          createFailoverPreflightAction(options),
          createFailoverSwitchoverAction(options),
          createFailoverFailoverAction(options),
          createFailoverReprotectAction(options),
          createDrillRunAction(options),
          createTrainingRecordAction(options),
          createIncidentDeclareAction(options),
        );
      },
    });
  },
});
