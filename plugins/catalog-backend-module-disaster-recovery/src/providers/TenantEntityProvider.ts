import {
  LoggerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  DeferredEntity,
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import {
  checkTenants,
  tenantLocationKey,
  tenantToEntity,
  TenantEntityOptions,
} from './tenantToEntity';
import { TenantSource } from './types';
import { scheduleProviderRefresh } from './scheduleRefresh';

/** What one refresh did. @public */
export interface TenantRefreshResult {
  /** `full`: every tenant was emitted; `delta`: only changes; `none`: nothing changed. */
  mutation: 'full' | 'delta' | 'none';
  /** Tenants in the registry. */
  total: number;
  /** Tenants added or changed since the last emit (all of them for a full mutation). */
  added: number;
  /** Tenants removed since the last emit (known only for delta mutations). */
  removed: number;
  /** Time to read the registry and apply the mutation. */
  durationMs: number;
}

/** Options of {@link TenantEntityProvider}. @public */
export interface TenantEntityProviderOptions {
  /** Provider instance id from config (`catalog.providers.disasterRecoveryTenants.<id>`). */
  id: string;
  source: TenantSource;
  entity: Omit<TenantEntityOptions, 'providerId'>;
  logger: LoggerService;
  /** Runs the refresh on a schedule; without it, call `refresh()` yourself. */
  taskRunner?: SchedulerServiceTaskRunner;
  /** Emit a full mutation at least this often (default 1 hour); deltas in between. */
  fullRefreshEveryMs?: number;
  /**
   * Emit a full mutation when this instance's last run is older than this: another backend replica
   * may have run the task meanwhile, so what this instance last emitted is no longer what the
   * catalog holds (set to twice the schedule's frequency).
   */
  staleAfterMs?: number;
  /** Clock, for tests. */
  now?: () => number;
}

/**
 * Ingests tenants from the platform's tenant registry as `Resource` entities of type `tenant`:
 * a full mutation on the first run and periodically, delta mutations (added/changed and removed
 * tenants, compared with what this provider last emitted) in between. A malformed registry
 * changes nothing.
 *
 * @public
 */
export class TenantEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;
  /** Entity ref -> serialized entity, as last emitted. */
  private emitted?: Map<string, string>;
  private lastFullAt = 0;
  private lastRunAt = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly now: () => number;

  constructor(private readonly options: TenantEntityProviderOptions) {
    this.now = options.now ?? Date.now;
  }

  getProviderName(): string {
    return `DisasterRecoveryTenantProvider:${this.options.id}`;
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    await scheduleProviderRefresh(
      this,
      this.options,
      `Tenant ingestion from ${this.options.source.describe()} failed; the catalog keeps the tenants it has`,
    );
  }

  /** Reads the registry and applies a full or delta mutation (serialized: one refresh at a time). */
  refresh(options: { full?: boolean } = {}): Promise<TenantRefreshResult> {
    const run = this.queue.then(() => this.doRefresh(options));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async doRefresh(options: {
    full?: boolean;
  }): Promise<TenantRefreshResult> {
    const connection = this.connection;
    if (!connection) {
      throw new Error(
        `${this.getProviderName()} is not connected to the catalog`,
      );
    }
    const started = this.now();
    const source = this.options.source;
    const tenants = await source.read();
    checkTenants(tenants, source.describe());

    const locationKey = tenantLocationKey(this.options.id);
    const next = new Map<string, { deferred: DeferredEntity; json: string }>();
    for (const tenant of tenants) {
      const entity = tenantToEntity(tenant, {
        ...this.options.entity,
        providerId: this.options.id,
      });
      next.set(stringifyEntityRef(entity), {
        deferred: { entity, locationKey },
        json: JSON.stringify(entity),
      });
    }

    const { fullRefreshEveryMs = 3_600_000, staleAfterMs } = this.options;
    const full =
      options.full ||
      !this.emitted ||
      started - this.lastFullAt >= fullRefreshEveryMs ||
      (staleAfterMs !== undefined && started - this.lastRunAt > staleAfterMs);

    let result: Omit<TenantRefreshResult, 'durationMs'>;
    if (full) {
      await connection.applyMutation({
        type: 'full',
        entities: [...next.values()].map(v => v.deferred),
      });
      this.lastFullAt = started;
      result = {
        mutation: 'full',
        total: next.size,
        added: next.size,
        removed: 0,
      };
    } else {
      const previous = this.emitted!;
      const added = [...next]
        .filter(([ref, v]) => previous.get(ref) !== v.json)
        .map(([, v]) => v.deferred);
      const removed = [...previous.keys()]
        .filter(ref => !next.has(ref))
        .map(entityRef => ({ entityRef, locationKey }));
      if (added.length > 0 || removed.length > 0) {
        await connection.applyMutation({ type: 'delta', added, removed });
      }
      result = {
        mutation: added.length > 0 || removed.length > 0 ? 'delta' : 'none',
        total: next.size,
        added: added.length,
        removed: removed.length,
      };
    }
    this.emitted = new Map([...next].map(([ref, v]) => [ref, v.json]));
    this.lastRunAt = started;
    const durationMs = this.now() - started;
    this.options.logger.info(
      `Tenant ingestion from ${source.describe()}: ${
        result.mutation
      } mutation, ${result.total} tenants, ${result.added} added or changed, ${
        result.removed
      } removed, ${durationMs} ms`,
    );
    return { ...result, durationMs };
  }
}
