import { HumanDuration } from '@backstage/types';
import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  catalog?: {
    /** Options of the disaster-recovery catalog module. */
    disasterRecovery?: {
      /**
       * Register the Runbook, Vendor and TrainingRecord kinds with the catalog model API (alpha)
       * as well as with the processor. Default true. Registering any model source makes the
       * catalog validate the built-in kinds through its model processor too.
       */
      catalogModel?: boolean;
    };
    providers?: {
      /**
       * The provider of DR training completions recorded in the portal (read from the
       * disaster-recovery backend and emitted as TrainingRecord entities).
       */
      disasterRecoveryTraining?: {
        /** How often to read the records (default every minute; scope global). */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      };
      /**
       * Tenant entity providers, keyed by provider id. Each ingests the tenants of one tenant
       * registry as `Resource` entities of type `tenant`. Set exactly one of `database`, `url`,
       * `file`.
       */
      disasterRecoveryTenants?: {
        [id: string]: {
          /** The platform's tenant registry table in PostgreSQL. */
          database?: {
            host: string;
            /** Default 5432. */
            port?: number;
            user: string;
            /**
             * Password of `user`; set it from the environment, e.g. `${TENANT_REGISTRY_PASSWORD}`.
             * @visibility secret
             */
            password?: string;
            database: string;
            /** Table with columns id, slug, name, tier, data_classes, owner_group, region, created_at. Default `tenants`. */
            table?: string;
            /** Require TLS. Default false. */
            ssl?: boolean;
          };
          /** A JSON or YAML list of tenants at a URL (read through the URL reader: allow the host in `backend.reading.allow`). */
          url?: string;
          /** A JSON or YAML list of tenants in a file (path relative to the backend's working directory). */
          file?: string;
          /** System the tenants are part of. Default `ecommerce-platform`. */
          system?: string;
          /** Entity refs every tenant depends on (its database). Default `[resource:ecommerce-primary]`. */
          dependsOn?: string[];
          /** Namespace of the tenant entities. Default `default`. */
          namespace?: string;
          /** When to read the registry. Default every 5 minutes, timeout 3 minutes, scope global. */
          schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
          /** Emit a full mutation at least this often (deltas in between). Default 1 hour. */
          fullRefreshEvery?: HumanDuration | string;
        };
      };
    };
  };
}
