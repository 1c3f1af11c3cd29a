import { AuditorServiceEvent } from '@backstage/backend-plugin-api';
import { RecoveryRun } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { DatabaseTarget } from '@dr-portal/backstage-plugin-disaster-recovery-node';
import { TargetLock } from '../../database/RunStore';
import { OperationDefinition } from '../operationDefinition';
import { ResolvedEntity } from '../resolveEntity';

/** A run that holds its lock and is about to execute. */
export interface StartedRun {
  definition: OperationDefinition;
  prepared: unknown;
  run: RecoveryRun;
  lock: TargetLock;
  target: DatabaseTarget;
  configured: DatabaseTarget;
  entity: ResolvedEntity;
  controller: AbortController;
  event: AuditorServiceEvent;
}
