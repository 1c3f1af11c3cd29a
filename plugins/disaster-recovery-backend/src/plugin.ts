import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { disasterRecoveryFailoverExtensionPoint } from '@dr-portal/backstage-plugin-disaster-recovery-node';
import { registerPostureActions } from './actions/registerActions';
import {
  COLLECTOR_TASK_IDS,
  scheduleCollectorTasks,
} from './collectors/collectorTasks';
import {
  createOperationsRouter,
  registerOperationActions,
  scheduleBackups,
  scheduleDrills,
  scheduleVerification,
} from './operations';
import { FailoverTypeRegistry } from './failover/failoverTypes';
import { registerPermissions } from './permissions/registerPermissions';
import { createRouter } from './router/createRouter';
import { buildDisasterRecoveryContext } from './service/disasterRecoveryContextBuilder';
import {
  createIncidentsRouter,
  createIncidentServices,
  readIncidentEscalationSettings,
  readIncidentTemplates,
  registerIncidentActions,
  scheduleIncidentEscalation,
} from './incidents';
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
    // fencer and traffic-switch types contributed by modules, beside the built-in ones
    const failoverTypes = new FailoverTypeRegistry();
    env.registerExtensionPoint(
      disasterRecoveryFailoverExtensionPoint,
      failoverTypes,
    );
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
        const { config, logger, scheduler, auth, catalog, httpAuth } = deps;
        const context = await buildDisasterRecoveryContext({
          ...deps,
          failoverTypes,
        });
        const { stores, service, executor, settings, evaluatePosture } =
          context;

        registerPermissions(deps.permissionsRegistry, {
          postures: stores.postures,
          catalog,
          auth,
        });
        await scheduleCollectorTasks({
          scheduler,
          logger,
          stores,
          targets: [...context.targets.values()],
          settings,
          evaluatePosture,
        });
        // Runs executing here are cancelled and recorded as ended when the backend stops.
        deps.lifecycle.addShutdownHook(() => executor.shutdown());
        const scheduled = { executor, config, catalog, auth, logger };
        await scheduleVerification(scheduler, scheduled);
        await scheduleBackups(scheduler, scheduled);
        await scheduleDrills(scheduler, {
          ...scheduled,
          policy: context.policy,
          stores,
          targets: context.targets,
          workBase: config.getOptionalString(
            'disasterRecovery.drills.workDirectory',
          ),
          notifications: deps.notifications,
        });

        deps.httpRouter.use(
          await createRouter({
            httpAuth,
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
        deps.httpRouter.use(createOperationsRouter({ httpAuth, executor }));
        deps.httpRouter.use(
          await createTrainingRouter({
            httpAuth,
            permissions: deps.permissions,
            auditor: deps.auditor,
            store: stores.training,
            policy: context.policy,
            catalog,
          }),
        );

        const incidentSettings = readIncidentEscalationSettings(config);
        const incidents = createIncidentServices({
          store: stores.incidents,
          runs: stores.runs,
          permissions: deps.permissions,
          auditor: deps.auditor,
          policy: context.policy,
          templates: readIncidentTemplates(config),
          escalation: incidentSettings,
          notifications: deps.notifications,
          catalog,
        });
        deps.httpRouter.use(createIncidentsRouter({ httpAuth, incidents }));
        await scheduleIncidentEscalation(scheduler, {
          store: stores.incidents,
          notifications: deps.notifications,
          logger,
          policy: context.policy,
          settings: incidentSettings,
        });

        registerPostureActions(deps.actionsRegistry, service);
        registerIncidentActions(deps.actionsRegistry, incidents.lifecycle);
        registerOperationActions(deps.actionsRegistry, { executor });
      },
    });
  },
});
