import {
  AuditorService,
  AuthService,
  DatabaseService,
  LoggerService,
  PermissionsService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NotificationService } from '@backstage/plugin-notifications-node';
import {
  DrPolicy,
  readPolicy,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import {
  DatabaseTarget,
  readTargetsFromConfig,
} from '@dr-portal/backstage-plugin-disaster-recovery-node';
import {
  CollectorSettings,
  readCollectorSettings,
} from '../collectors/collectorSettings';
import {
  initializePersistenceContext,
  PersistenceContext,
} from '../database/persistenceContext';
import { FailoverTypeRegistry } from '../failover/failoverTypes';
import { readFailoverSettings } from '../failover/failoverSettings';
import { RecoveryOperationExecutor } from '../operations';
import { PostureAccess } from '../permissions/postureAccess';
import { evaluateFleet, FleetEvaluation } from '../posture/evaluateFleet';
import { cachedCatalogEvidence } from './context';
import { DisasterRecoveryService } from './DisasterRecoveryService';

/** What the plugin's context is built from (its core services and the catalog). @public */
export interface DisasterRecoveryContextOptions {
  config: RootConfigService;
  logger: LoggerService;
  database: DatabaseService;
  auth: AuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  catalog: CatalogService;
  notifications?: NotificationService;
  /** Fencer and traffic-switch types (built-in and from modules); default the built-in ones. */
  failoverTypes?: FailoverTypeRegistry;
}

/** The plugin's parts, built once and wired by `plugin.ts`. @public */
export interface DisasterRecoveryContext {
  policy: DrPolicy;
  targets: ReadonlyMap<string, DatabaseTarget>;
  settings: CollectorSettings;
  stores: PersistenceContext;
  /** The read operations (REST API and actions registry). */
  service: DisasterRecoveryService;
  /** The executor of every recovery operation. */
  executor: RecoveryOperationExecutor;
  /** One posture evaluation round over the fleet, with fresh catalog evidence. */
  evaluatePosture(): Promise<FleetEvaluation>;
}

/**
 * Builds the plugin's context: reads the policy, targets and collector settings (each throws
 * with a message naming every problem, so the backend does not start), runs the migrations once
 * and creates the stores, the read service and the recovery operation executor.
 *
 * @public
 */
export async function buildDisasterRecoveryContext(
  options: DisasterRecoveryContextOptions,
): Promise<DisasterRecoveryContext> {
  const { config, logger, auth, catalog } = options;
  const policy = readPolicy(config);
  const targets = readTargetsFromConfig(config);
  const failover = readFailoverSettings(
    config,
    options.failoverTypes ?? new FailoverTypeRegistry(),
  );
  const settings = readCollectorSettings(config);
  const stores = await initializePersistenceContext(options.database);

  const catalogEvidence = cachedCatalogEvidence({ catalog, auth, policy });
  const service = new DisasterRecoveryService({
    stores,
    catalog,
    auth,
    access: new PostureAccess(options.permissions, logger),
    policy,
    logger,
    catalogEvidence,
    now: () => new Date(),
  });
  const executor = new RecoveryOperationExecutor({
    logger,
    auditor: options.auditor,
    permissions: options.permissions,
    catalog,
    stores,
    targets,
    failover,
    policy,
    drillWorkDirectory: config.getOptionalString(
      'disasterRecovery.drills.workDirectory',
    ),
  });
  const evaluatePosture = async () =>
    evaluateFleet({
      stores,
      catalog,
      credentials: await auth.getOwnServiceCredentials(),
      policy,
      catalogEvidence: await catalogEvidence({ fresh: true }),
      notifications: options.notifications,
      logger,
    });

  return {
    policy,
    targets,
    settings,
    stores,
    service,
    executor,
    evaluatePosture,
  };
}
