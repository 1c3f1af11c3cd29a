import type {
  AuditorService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { DatabaseTarget } from '@dr-portal/backstage-plugin-disaster-recovery-node';
import type { BackupStore } from '../database/BackupStore';
import type { ObservationStore } from '../database/ObservationStore';
import type { TopologyStore } from '../database/TopologyStore';
import type { TargetFailoverSettings } from '../failover/failoverSettings';
import type { RunStore } from '../database/RunStore';
import type { IncidentStore } from '../database/IncidentStore';
import type { VerificationStore } from '../database/VerificationStore';
import type { OperationDefinition } from './operationDefinition';

import type {
  DrPolicy,
  RecoveryOperationName,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';

export type { RecoveryOperationName };

/**
 * The stores a recovery run writes: its record and its target's lock, and the evidence writers
 * (a new backup, a verification) so posture sees what the run did without waiting for the
 * indexer. Every writer is required: a run cannot silently record nothing. The persistence
 * context satisfies it.
 *
 * @public
 */
export interface OperationStores {
  runs: RunStore;
  backups: Pick<BackupStore, 'upsertBackups' | 'findBackup' | 'listBackups'>;
  verifications: Pick<
    VerificationStore,
    'recordVerification' | 'listVerifications'
  >;
  /** The current primary/standby roles, changed by switchover, failover and reprotect. */
  topology: TopologyStore;
  /** Replication as a run that changed the roles leaves it, and the newest observation of it. */
  observations: Pick<
    ObservationStore,
    'insertReplicationObservation' | 'getLatestReplicationObservation'
  >;
  /** Incidents a run can name (`incidentId`): a run naming an unknown incident is refused. */
  incidents?: Pick<IncidentStore, 'getIncident'>;
}

/** Dependencies of the recovery operation executor. @public */
export interface RecoveryOperationExecutorOptions {
  logger: LoggerService;
  auditor: AuditorService;
  permissions: PermissionsService;
  catalog: CatalogService;
  /** Where runs, locks and the evidence of runs are recorded. */
  stores: OperationStores;
  /** Targets from app-config `disasterRecovery.targets` (see `readTargetsFromConfig`). */
  targets: ReadonlyMap<string, DatabaseTarget>;
  /** Failover settings per target (`disasterRecovery.targets.<name>.failover`, see `readFailoverSettings`); default none. */
  failover?: ReadonlyMap<string, TargetFailoverSettings>;
  /** Lock time-to-live; the lock is renewed every third of it while the run lives (default 60 s). */
  lockTtlMs?: number;
  /** A run still going after this long is cancelled, so a hung tool cannot hold a target forever (default 12 h). */
  maxRunDurationMs?: number;
  /** The policy whose scenarios drills rehearse and are judged against (default: the plan's). */
  policy?: DrPolicy;
  /** Where drills keep the dumps they download (default the OS temp dir; `disasterRecovery.drills.workDirectory`). */
  drillWorkDirectory?: string;
  /** Operation implementations (default: the `-node` library operations). */
  definitions?: Partial<Record<RecoveryOperationName, OperationDefinition>>;
}
