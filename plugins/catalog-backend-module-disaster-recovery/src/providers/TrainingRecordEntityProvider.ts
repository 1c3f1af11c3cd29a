import { createHash } from 'node:crypto';
import {
  AuthService,
  DiscoveryService,
  LoggerService,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerService,
  SchedulerServiceTaskRunner,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import {
  DeferredEntity,
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import {
  DisasterRecoveryClient,
  DR_API_VERSION,
  DR_KINDS,
  DrEntityValidationOptions,
  TrainingRecordEntity,
  TrainingRecordItem,
  validateDrEntity,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { scheduleProviderRefresh } from './scheduleRefresh';

/** Config key of the training record provider. @public */
export const TRAINING_RECORD_PROVIDER_CONFIG_KEY =
  'catalog.providers.disasterRecoveryTraining';

const PLUGIN_ID = 'disaster-recovery';
const LOCATION_KEY = 'disaster-recovery-training';
const MAX_NAME = 63;

/** The envelope checks the catalog applies to every entity (name format and length, no extra root fields). */
const envelopePolicy = EntityPolicies.allOf([
  new FieldFormatEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
]);

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 1 },
  timeout: { minutes: 2 },
  initialDelay: { seconds: 30 },
  scope: 'global',
};

/**
 * A valid entity name for a completion: `training-<person>-<course>-<completed>`, with characters
 * an entity name cannot hold replaced; when that changed the text or it is too long (63 at most),
 * shortened and suffixed with a hash of the full text, so different records keep different names.
 *
 * @public
 */
export function trainingRecordEntityName(record: {
  person: string;
  course: string;
  completed: string;
}): string {
  const person = parseEntityRef(record.person, {
    defaultKind: 'user',
    defaultNamespace: 'default',
  });
  const raw = `training-${person.name}-${record.course}-${record.completed}`;
  const cleaned = raw
    .replace(/[^a-zA-Z0-9._-]+/g, '-')
    .replace(/[-_.]{2,}/g, '-')
    .replace(/^[-_.]+|[-_.]+$/g, '');
  if (cleaned === raw && cleaned.length <= MAX_NAME) return cleaned;
  const hash = createHash('sha256')
    .update(
      `${stringifyEntityRef(person)}|${record.course}|${record.completed}`,
    )
    .digest('hex')
    .slice(0, 8);
  const head = cleaned
    .slice(0, MAX_NAME - hash.length - 1)
    .replace(/[-_.]+$/, '');
  return `${head}-${hash}`;
}

/** The TrainingRecord entity of a stored completion (in the person's namespace). @public */
export function storedTrainingRecordToEntity(
  record: TrainingRecordItem,
): TrainingRecordEntity {
  const person = parseEntityRef(record.person, {
    defaultKind: 'user',
    defaultNamespace: 'default',
  });
  const location = `${LOCATION_KEY}:training-records/${record.id}`;
  return {
    apiVersion: DR_API_VERSION,
    kind: DR_KINDS.trainingRecord,
    metadata: {
      name: trainingRecordEntityName(record),
      namespace: person.namespace,
      title: `${record.course}: ${person.name} (${record.completed})`,
      description: `Recorded in the portal by ${record.recordedBy} at ${record.recordedAt}`,
      annotations: {
        [ANNOTATION_LOCATION]: location,
        [ANNOTATION_ORIGIN_LOCATION]: location,
      },
    },
    spec: {
      person: stringifyEntityRef(person),
      course: record.course,
      completed: record.completed,
      ...(record.expires ? { expires: record.expires } : {}),
      ...(record.evidence ? { evidence: record.evidence } : {}),
    },
  };
}

/** Options of {@link TrainingRecordEntityProvider}. @public */
export interface TrainingRecordEntityProviderOptions {
  discovery: DiscoveryService;
  auth: AuthService;
  logger: LoggerService;
  /** Runs the refresh on a schedule; without it, call `refresh()` yourself. */
  taskRunner?: SchedulerServiceTaskRunner;
  /** Records per request (default 500, the backend allows up to 1000). */
  pageSize?: number;
  /** Course ids of the policy: a record naming another one is not emitted. */
  validation?: DrEntityValidationOptions;
}

/** What one refresh emitted. @public */
export interface TrainingRecordRefreshResult {
  /** Entities in the full mutation. */
  emitted: number;
  /** Records the backend returned that could not become a valid entity (logged, not emitted). */
  skipped: number;
  durationMs: number;
}

/**
 * Emits the DR training completions recorded in the portal (the disaster-recovery backend's
 * `GET /training-records`, called with the catalog's own service token) as TrainingRecord
 * entities, as a full mutation on a schedule, so a completion reaches the catalog without a git
 * round-trip. A failed read changes nothing in the catalog.
 *
 * @public
 */
export class TrainingRecordEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;
  private queue: Promise<unknown> = Promise.resolve();

  /**
   * The provider scheduled from `catalog.providers.disasterRecoveryTraining.schedule` (default:
   * every minute, scope global so one backend replica runs it at a time).
   */
  static fromConfig(
    config: Config,
    deps: {
      discovery: DiscoveryService;
      auth: AuthService;
      logger: LoggerService;
      scheduler: SchedulerService;
      validation?: DrEntityValidationOptions;
    },
  ): TrainingRecordEntityProvider {
    const c = config.getOptionalConfig(TRAINING_RECORD_PROVIDER_CONFIG_KEY);
    let schedule = DEFAULT_SCHEDULE;
    if (c?.has('schedule')) {
      const read = readSchedulerServiceTaskScheduleDefinitionFromConfig(
        c.getConfig('schedule'),
      );
      // The reader sets `scope: undefined` when config has none: it must not win over global.
      schedule = { ...read, scope: read.scope ?? 'global' };
    }
    return new TrainingRecordEntityProvider({
      discovery: deps.discovery,
      auth: deps.auth,
      logger: deps.logger,
      taskRunner: deps.scheduler.createScheduledTaskRunner(schedule),
      validation: deps.validation,
    });
  }

  constructor(private readonly options: TrainingRecordEntityProviderOptions) {}

  getProviderName(): string {
    return 'DisasterRecoveryTrainingRecordProvider';
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    await scheduleProviderRefresh(
      this,
      this.options,
      'Reading DR training records from the disaster-recovery backend failed; the catalog keeps the ones it has',
    );
  }

  /** Reads every record and applies a full mutation (serialized: one refresh at a time). */
  refresh(): Promise<TrainingRecordRefreshResult> {
    const run = this.queue.then(() => this.doRefresh());
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async doRefresh(): Promise<TrainingRecordRefreshResult> {
    const connection = this.connection;
    if (!connection) {
      throw new Error(
        `${this.getProviderName()} is not connected to the catalog`,
      );
    }
    const started = Date.now();
    const records = await this.readAll();
    const entities = new Map<string, DeferredEntity>();
    let skipped = 0;
    for (const record of records) {
      try {
        const entity = storedTrainingRecordToEntity(record);
        await envelopePolicy.enforce(entity);
        if (!validateDrEntity(entity, this.options.validation)) {
          throw new Error('it is not a TrainingRecord of the product');
        }
        const ref = stringifyEntityRef(entity);
        if (entities.has(ref)) {
          throw new Error(`another record already became ${ref}`);
        }
        entities.set(ref, { entity, locationKey: LOCATION_KEY });
      } catch (error) {
        skipped += 1;
        this.options.logger.warn(
          `DR training record ${record.id} (${record.person}, ${record.course}, ${record.completed}) is not emitted: ${error}`,
        );
      }
    }
    await connection.applyMutation({
      type: 'full',
      entities: [...entities.values()],
    });
    const durationMs = Date.now() - started;
    this.options.logger.info(
      `Emitted ${entities.size} DR training records (${skipped} skipped) in ${durationMs} ms`,
    );
    return { emitted: entities.size, skipped, durationMs };
  }

  /** Every record, page by page in recording order (new records land on the last page). */
  private async readAll(): Promise<TrainingRecordItem[]> {
    const client = new DisasterRecoveryClient({
      discoveryApi: this.options.discovery,
    });
    const { token } = await this.options.auth.getPluginRequestToken({
      onBehalfOf: await this.options.auth.getOwnServiceCredentials(),
      targetPluginId: PLUGIN_ID,
    });
    const limit = this.options.pageSize ?? 500;
    const all: TrainingRecordItem[] = [];
    for (;;) {
      const page = await client.getTrainingRecords(
        { order: 'asc', offset: all.length, limit },
        { token },
      );
      all.push(...page.items);
      if (page.items.length === 0 || all.length >= page.totalItems) {
        return all;
      }
    }
  }
}
