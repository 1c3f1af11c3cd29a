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
} from './actions';
import { createTrainingRecordAction } from './actions/trainingRecord';
import { DisasterRecoveryApiClient } from './client/DisasterRecoveryApiClient';

/**
 * Scaffolder module adding the disaster-recovery actions (backup, verify, restore, record training), thin clients
 * of the disaster-recovery backend, which executes, locks, audits and records every run.
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
      },
      async init({ scaffolder, discovery, auth }) {
        const api = new DisasterRecoveryApiClient({ discovery, auth });
        scaffolder.addActions(
          createBackupCreateAction({ api }),
          createBackupVerifyAction({ api }),
          createDatabaseRestoreAction({ api }),
          createRestoredCopyDiscardAction({ api }),
          createTrainingRecordAction({ api }),
        );
      },
    });
  },
});
