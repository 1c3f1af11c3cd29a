import path from 'node:path';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  mockServices,
  startTestBackend,
  TestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  defaultPolicy,
  DR_ANNOTATIONS,
  DrPolicy,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { readTargetsFromConfig } from '@dr-portal/backstage-plugin-disaster-recovery-node';
import type { Platform } from '../../__testUtils__/platformHarness';
import {
  initializePersistenceContext,
  PersistenceContext,
} from '../../database/persistenceContext';
import { FailoverTypeRegistry } from '../../failover/failoverTypes';
import { readFailoverSettings } from '../../failover/failoverSettings';
import { createOperationsRouter } from '../createOperationsRouter';
import { OperationDefinition } from '../operationDefinition';
import {
  createOperationDefinitions,
  OperationDefinitions,
} from '../operationDefinitions';
import { RecoveryOperationName } from '../types';
import { RecoveryOperationExecutor } from '../RecoveryOperationExecutor';

/** An audit event as the mock auditor saw it. */
export interface SeenAuditEvent {
  eventId: string;
  severityLevel?: string;
  meta?: Record<string, unknown>;
  outcome?: 'success' | 'fail';
  outcomeMeta?: Record<string, unknown>;
  error?: string;
}

/** Catalog entities of the tests: a database, a tenant in it, and some that must be refused. */
export function testEntities(): Entity[] {
  return [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: 'ecommerce-db',
        namespace: 'default',
        annotations: { [DR_ANNOTATIONS.target]: 'ecommerce' },
      },
      spec: { type: 'database', owner: 'group:default/team-platform' },
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: 'tenant-00001',
        namespace: 'default',
        annotations: { [DR_ANNOTATIONS.tenantId]: 'tenant-00001' },
      },
      spec: {
        type: 'tenant',
        owner: 'group:default/team-checkout',
        dependsOn: ['resource:default/ecommerce-db'],
      },
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'storefront', namespace: 'default' },
      spec: {
        type: 'service',
        owner: 'group:default/team-storefront',
        lifecycle: 'production',
      },
    },
  ];
}

/** app-config `disasterRecovery.targets.ecommerce` for the harness platform. */
export function targetConfig(platform: Platform, prefix: string) {
  const { primary, s3, pgbackrest } = platform;
  return {
    primary: {
      host: primary.host,
      port: primary.port,
      user: primary.user,
      password: primary.password,
      database: primary.database,
    },
    pgBinDir: platform.pgBinDir,
    s3: {
      endpoint: s3!.endpoint,
      region: s3!.region,
      bucket: s3!.bucket,
      prefix,
      accessKeyId: s3!.accessKeyId,
      secretAccessKey: s3!.secretAccessKey,
      forcePathStyle: true,
      sse: 'AES256',
    },
    ...(pgbackrest
      ? {
          pgbackrest: {
            stanza: pgbackrest.stanza,
            command: pgbackrest.command,
            osUser: platform.osUser,
          },
        }
      : {}),
    // throwaway servers of isolated test failover drills, removed with the platform
    isolatedFailover: {
      scratchDirectory: path.join(platform.baseDir, 'drill-servers'),
      osUser: platform.osUser,
    },
  };
}

/** A started test backend with the operations router. */
export interface OperationsTestBackend {
  backend: TestBackend;
  server: TestBackend['server'];
  audit: SeenAuditEvent[];
  setDecision(fn: (permission: string, resourceRef?: string) => boolean): void;
  readonly executor: RecoveryOperationExecutor;
  readonly stores: PersistenceContext;
}

/**
 * Starts a test backend with a plugin that mounts the operations router over a real evidence
 * store (SQLite), the given catalog entities, a permission decision function, and a recording
 * auditor.
 */
export async function startOperationsBackend(options: {
  /** The harness platform the default target config points at. */
  platform?: Platform;
  prefix: string;
  /** app-config of target `ecommerce` (default: {@link targetConfig} of the platform). */
  target?: JsonObject;
  entities?: Entity[];
  /** Decides each permission request (default: allow). */
  decide?: (permission: string, resourceRef?: string) => boolean;
  /** The policy drills are judged against (default: the plan's). */
  policy?: DrPolicy;
  /** Where drills keep their work directories. */
  drillWorkDirectory?: string;
  /** Replaces operations, given the real ones (e.g. to abort a run at a chosen step). */
  wrapDefinitions?: (
    real: OperationDefinitions,
  ) => Partial<Record<RecoveryOperationName, OperationDefinition>>;
}): Promise<OperationsTestBackend> {
  const defaultTarget = () => {
    if (!options.platform) {
      throw new Error('startOperationsBackend needs a platform or a target');
    }
    return targetConfig(options.platform, options.prefix);
  };
  const audit: SeenAuditEvent[] = [];
  const decide = { fn: options.decide ?? (() => true) };
  const holder: {
    executor?: RecoveryOperationExecutor;
    stores?: PersistenceContext;
  } = {};

  const plugin = createBackendPlugin({
    pluginId: 'disaster-recovery',
    register(env) {
      env.registerInit({
        deps: {
          httpRouter: coreServices.httpRouter,
          httpAuth: coreServices.httpAuth,
          auditor: coreServices.auditor,
          permissions: coreServices.permissions,
          logger: coreServices.logger,
          database: coreServices.database,
          config: coreServices.rootConfig,
          lifecycle: coreServices.lifecycle,
          catalog: catalogServiceRef,
        },
        async init(deps) {
          const stores = await initializePersistenceContext(deps.database);
          const failover = readFailoverSettings(
            deps.config,
            new FailoverTypeRegistry(),
          );
          const executor = new RecoveryOperationExecutor({
            logger: deps.logger,
            auditor: deps.auditor,
            permissions: deps.permissions,
            catalog: deps.catalog,
            targets: readTargetsFromConfig(deps.config),
            failover,
            stores,
            policy: options.policy,
            drillWorkDirectory: options.drillWorkDirectory,
            definitions: options.wrapDefinitions?.(
              createOperationDefinitions({
                failover,
                policy: options.policy ?? defaultPolicy,
                drillWorkDirectory: options.drillWorkDirectory,
              }),
            ),
          });
          holder.executor = executor;
          holder.stores = stores;
          deps.httpRouter.use(
            createOperationsRouter({ httpAuth: deps.httpAuth, executor }),
          );
          deps.lifecycle.addShutdownHook(() => executor.shutdown());
        },
      });
    },
  });

  const backend = await startTestBackend({
    features: [
      plugin,
      mockServices.rootConfig.factory({
        data: {
          disasterRecovery: {
            targets: {
              ecommerce: options.target ?? defaultTarget(),
            },
          },
        },
      }),
      catalogServiceMock.factory({
        entities: options.entities ?? testEntities(),
      }),
      mockServices.permissions.mock({
        authorize: async requests =>
          requests.map(r => ({
            result: decide.fn(
              r.permission.name,
              'resourceRef' in r ? (r.resourceRef as string) : undefined,
            )
              ? AuthorizeResult.ALLOW
              : AuthorizeResult.DENY,
          })) as any,
      }).factory,
      mockServices.auditor.mock({
        createEvent: async opts => {
          const seen: SeenAuditEvent = {
            eventId: opts.eventId,
            severityLevel: opts.severityLevel,
            meta: opts.meta as Record<string, unknown>,
          };
          audit.push(seen);
          return {
            success: async o => {
              seen.outcome = 'success';
              seen.outcomeMeta = o?.meta as Record<string, unknown>;
            },
            fail: async o => {
              seen.outcome = 'fail';
              seen.outcomeMeta = o.meta as Record<string, unknown>;
              seen.error = o.error.message;
            },
          };
        },
      }).factory,
    ],
  });

  return {
    backend,
    server: backend.server,
    audit,
    /** Replaces the permission decision function. */
    setDecision(fn: (permission: string, resourceRef?: string) => boolean) {
      decide.fn = fn;
    },
    get executor() {
      return holder.executor!;
    },
    get stores() {
      return holder.stores!;
    },
  };
}
