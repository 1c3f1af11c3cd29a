import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { BackupStore } from './BackupStore';
import { DatabaseBackupStore } from './DatabaseBackupStore';
import { DatabaseIncidentStore } from './DatabaseIncidentStore';
import { DatabaseObservationStore } from './DatabaseObservationStore';
import { DatabasePostureStore } from './DatabasePostureStore';
import { DatabaseRunStore } from './DatabaseRunStore';
import { DatabaseTopologyStore } from './DatabaseTopologyStore';
import { DatabaseTrainingStore } from './DatabaseTrainingStore';
import { DatabaseVerificationStore } from './DatabaseVerificationStore';
import { IncidentStore } from './IncidentStore';
import { ObservationStore } from './ObservationStore';
import { PostureStore } from './PostureStore';
import { RunStore } from './RunStore';
import { TopologyStore } from './TopologyStore';
import { TrainingStore } from './TrainingStore';
import { VerificationStore } from './VerificationStore';

/** The directory of the plugin's knex migrations (shipped in the package's `files`). @public */
export const MIGRATIONS_DIRECTORY = resolvePackagePath(
  '@dr-portal/backstage-plugin-disaster-recovery-backend',
  'migrations',
);

/** Every store of the disaster-recovery backend, one per concern, on one migrated database. @public */
export interface PersistenceContext {
  backups: BackupStore;
  observations: ObservationStore;
  verifications: VerificationStore;
  runs: RunStore;
  postures: PostureStore;
  training: TrainingStore;
  topology: TopologyStore;
  incidents: IncidentStore;
}

/**
 * Connects to the plugin database, runs the migrations once (unless `database.migrations.skip`)
 * and hands out every store.
 *
 * @public
 */
export async function initializePersistenceContext(
  database: DatabaseService,
): Promise<PersistenceContext> {
  const knex = await database.getClient();
  if (!database.migrations?.skip) {
    await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
  }
  return {
    backups: DatabaseBackupStore.create({ knex }),
    observations: DatabaseObservationStore.create({ knex }),
    verifications: DatabaseVerificationStore.create({ knex }),
    runs: DatabaseRunStore.create({ knex }),
    postures: DatabasePostureStore.create({ knex }),
    training: DatabaseTrainingStore.create({ knex }),
    topology: DatabaseTopologyStore.create({ knex }),
    incidents: DatabaseIncidentStore.create({ knex }),
  };
}
