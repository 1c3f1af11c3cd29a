import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { readPolicy } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { readTargetsFromConfig } from '@dr-portal/backstage-plugin-disaster-recovery-node';
import { registerPostureActions } from './actions/registerActions';
import {
  COLLECTOR_TASK_IDS,
  scheduleCollectorTasks,
} from './collectors/collectorTasks';
import { readCollectorSettings } from './collectors/collectorSettings';
import { DatabaseEvidenceStore } from './database/DatabaseEvidenceStore';
import {
  createOperationsRouter,
  RecoveryOperationExecutor,
  registerOperationActions,
  scheduleVerification,
} from './operations';
import { registerPermissions } from './permissions/registerPermissions';
import { PostureAccess } from './permissions/postureAccess';
import { CatalogEvidence } from './posture/catalogEvidence';
import { evaluateFleet } from './posture/evaluateFleet';
import { createRouter } from './router/createRouter';
import { cachedCatalogEvidence } from './service/context';
import { DisasterRecoveryService } from './service/DisasterRecoveryService';
import { createTrainingRouter } from './training';

/**
 * The disaster-recovery backend plugin: evidence collectors, posture evaluation, the REST API,
 * permissions, actions and recovery operations. Refuses to start when the policy contradicts
 * itself.
 *
 * @public
 */
export const disasterRecoveryPlugin = createBackendPlugin({
  pluginId: 'disaster-recovery',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        lifecycle: coreServices.lifecycle,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        auth: coreServices.auth,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        catalog: catalogServiceRef,
        notifications: notificationService,
        actionsRegistry: actionsRegistryServiceRef,
      },
      async init(deps) {
        const { config, logger, scheduler, auth, catalog } = deps;
        // Both throw with a message naming every problem: the backend does not start.
        const policy = readPolicy(config);
        const targets = readTargetsFromConfig(config);
        const settings = readCollectorSettings(config);

        const store = await DatabaseEvidenceStore.create({
          database: deps.database,
        });
        registerPermissions(deps.permissionsRegistry, { store, catalog, auth });

        const catalogEvidence = cachedCatalogEvidence({
          catalog,
          auth,
          policy,
        });
        const service = new DisasterRecoveryService({
          store,
          catalog,
          auth,
          access: new PostureAccess(deps.permissions, logger),
          policy,
          logger,
          catalogEvidence,
          now: () => new Date(),
        });

        const evaluatePosture = async () =>
          evaluateFleet({
            store,
            catalog,
            credentials: await auth.getOwnServiceCredentials(),
            policy,
            catalogEvidence: await CatalogEvidence.load({
              catalog,
              credentials: await auth.getOwnServiceCredentials(),
              policy,
              now: new Date(),
            }),
            notifications: deps.notifications,
            logger,
          });
        await scheduleCollectorTasks({
          scheduler,
          logger,
          store,
          targets: [...targets.values()],
          settings,
          evaluatePosture,
        });

        const executor = new RecoveryOperationExecutor({
          logger,
          auditor: deps.auditor,
          permissions: deps.permissions,
          catalog,
          store,
          targets,
        });
        // Runs executing here are cancelled and recorded as ended when the backend stops.
        deps.lifecycle.addShutdownHook(() => executor.shutdown());
        await scheduleVerification(scheduler, {
          executor,
          config,
          catalog,
          auth,
          logger,
        });

        deps.httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            auditor: deps.auditor,
            service,
            triggerEvaluation: async () => {
              if (settings.posture.enabled) {
                await scheduler.triggerTask(COLLECTOR_TASK_IDS.posture);
              } else {
                await evaluatePosture();
              }
            },
          }),
        );
        deps.httpRouter.use(
          createOperationsRouter({ httpAuth: deps.httpAuth, executor }),
        );
        deps.httpRouter.use(
          await createTrainingRouter({
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            auditor: deps.auditor,
            database: deps.database,
            policy,
            catalog,
          }),
        );

        registerPostureActions(deps.actionsRegistry, service);
        registerOperationActions(deps.actionsRegistry, { executor });
      },
    });
  },
});
