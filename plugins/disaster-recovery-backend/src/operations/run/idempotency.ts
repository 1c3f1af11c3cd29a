import { ConflictError } from '@backstage/errors';
import {
  RecoveryRun,
  sameEntityRef,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { createHash, randomUUID } from 'node:crypto';
import { OperationRequest } from '../parameters';

/**
 * The id of a new run: derived from the caller and the idempotency key (so a retry finds the
 * same run), else random. Formatted as a UUID either way.
 */
export function runIdFor(principal: string, idempotencyKey?: string): string {
  if (!idempotencyKey) {
    return randomUUID();
  }
  const h = createHash('sha256')
    .update(`${principal}\u0000${idempotencyKey}`)
    .digest('hex');
  // Formatted as a UUID (version nibble 5-like) so ids look alike whether derived or random.
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(
    17,
    20,
  )}-${h.slice(20, 32)}`;
}

/**
 * Refuses to reuse an idempotency key for another request: the run found by the key must be
 * the same operation on the same entity (ConflictError otherwise).
 */
export function assertSameRequest(
  run: RecoveryRun,
  request: OperationRequest,
): void {
  if (
    run.operation !== request.operation ||
    !sameEntityRef(run.entityRef, request.entityRef, {
      defaultKind: 'resource',
    })
  ) {
    throw new ConflictError(
      `Idempotency key ${JSON.stringify(
        request.idempotencyKey,
      )} was already used for run ${run.id} (${run.operation} of ${
        run.entityRef
      }); use a new key for a different request`,
    );
  }
}
