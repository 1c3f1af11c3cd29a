import {
  coreServices,
  createBackendModule,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { CatalogModelSources } from '@backstage/catalog-model/alpha';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { catalogModelExtensionPoint } from '@backstage/plugin-catalog-node/alpha';
import {
  DrEntityValidationOptions,
  policyFromConfig,
  POLICY_CONFIG_KEY,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { disasterRecoveryCatalogModel } from './model/disasterRecoveryCatalogModel';
import { DisasterRecoveryEntitiesProcessor } from './processor/DisasterRecoveryEntitiesProcessor';
import { readTenantProviders } from './providers/readTenantProviders';
import { TrainingRecordEntityProvider } from './providers/TrainingRecordEntityProvider';

/** The scenario and course ids of the DR policy, so that entities naming unknown ones are rejected. */
function policyIds(
  config: Config,
  logger: LoggerService,
): DrEntityValidationOptions {
  try {
    const policy = policyFromConfig(config.getOptional(POLICY_CONFIG_KEY));
    return {
      scenarioIds: policy.scenarios.map(s => s.id),
      courseIds: policy.training.courses.map(c => c.id),
    };
  } catch (error) {
    logger.warn(
      `The DR policy could not be read, so Runbook scenarios and TrainingRecord courses are not checked against it: ${error}`,
    );
    return {};
  }
}

/**
 * Catalog module of the disaster-recovery plugins: the Runbook, Vendor and TrainingRecord kinds
 * (validated, with relations both ways), the tenant entity providers and the provider of
 * training records completed in the portal.
 *
 * @public
 */
export const catalogModuleDisasterRecovery = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'disaster-recovery',
  register(reg) {
    reg.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        catalogModel: catalogModelExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        scheduler: coreServices.scheduler,
        urlReader: coreServices.urlReader,
      },
      async init({
        catalog,
        catalogModel,
        config,
        logger,
        discovery,
        auth,
        scheduler,
        urlReader,
      }) {
        const validation = policyIds(config, logger);
        catalog.addProcessor(new DisasterRecoveryEntitiesProcessor(validation));
        if (
          config.getOptionalBoolean('catalog.disasterRecovery.catalogModel') ??
          true
        ) {
          catalogModel.addModelSource(
            CatalogModelSources.static([disasterRecoveryCatalogModel]),
          );
        }
        catalog.addEntityProvider(
          readTenantProviders({ config, logger, scheduler, urlReader }),
        );
        // Training completions recorded in the portal (disaster-recovery backend) as entities.
        catalog.addEntityProvider(
          TrainingRecordEntityProvider.fromConfig(config, {
            discovery,
            auth,
            logger,
            scheduler,
            validation,
          }),
        );
      },
    });
  },
});
