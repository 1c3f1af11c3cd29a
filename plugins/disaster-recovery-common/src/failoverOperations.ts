import { InputError } from '@backstage/errors';
import { RecoveryOperationName } from './operations';

/**
 * Risks a caller may accept to let a failing preflight check of a switchover or failover through:
 * an unreachable old primary, a standby that is not streaming or whose replay is paused, a lag
 * beyond the RPO, an old primary that could not be fenced.
 *
 * @public
 */
export const FAILOVER_RISK_IDS = [
  'old-primary-unreachable',
  'replication-not-streaming',
  'replay-paused',
  'lag-beyond-rpo',
  'fence-failed',
] as const;

/** One of {@link FAILOVER_RISK_IDS}. @public */
export type FailoverRiskId = (typeof FAILOVER_RISK_IDS)[number];

/**
 * What a failover caller (scaffolder action, actions registry) asks for: `preflight` (the dry
 * run of a switchover or failover, changing nothing), `switchover` (planned, zero loss),
 * `failover` (unplanned) or `reprotect` (the old primary streams from the new one; failing back
 * is a switchover after it).
 *
 * @public
 */
export type FailoverAction =
  | 'preflight'
  | 'switchover'
  | 'failover'
  | 'reprotect';

/** A failover request as its callers describe it. @public */
export interface FailoverRequest {
  action: FailoverAction;
  /** For `preflight`: the run it checks, default `switchover`. */
  mode?: 'switchover' | 'failover';
  /** Risks of failing preflight checks the caller accepts; recorded with the run. */
  acceptRisks?: string[];
  /** When the incident started (failover, or a failover preflight); the achieved RTO counts from it. */
  incidentStartedAt?: string;
  /** For `reprotect`: rebuild with pg_basebackup when pg_rewind cannot rewind. */
  allowBasebackup?: boolean;
}

/**
 * The executor's operation, parameters and dry-run flag for a failover request. A field that does
 * not apply is an InputError naming it: `mode` outside a preflight, `incidentStartedAt` for a
 * switchover or reprotect, `acceptRisks` for a reprotect, `allowBasebackup` outside a reprotect,
 * an unknown risk id.
 *
 * @public
 */
export function failoverOperationFor(request: FailoverRequest): {
  operation: Extract<
    RecoveryOperationName,
    'switchover' | 'failover' | 'reprotect'
  >;
  parameters: Record<string, unknown>;
  dryRun: boolean;
} {
  const { action } = request;
  if (!['preflight', 'switchover', 'failover', 'reprotect'].includes(action)) {
    throw new InputError(
      'action must be preflight, switchover, failover or reprotect',
    );
  }
  if (request.mode && action !== 'preflight') {
    throw new InputError(
      `mode applies to a preflight only, not to a ${action}`,
    );
  }
  const acceptRisks = request.acceptRisks ?? [];
  const unknown = acceptRisks.find(
    r => !(FAILOVER_RISK_IDS as readonly string[]).includes(r),
  );
  if (unknown !== undefined) {
    throw new InputError(
      `acceptRisks: unknown risk ${JSON.stringify(
        String(unknown).slice(0, 60),
      )}; known: ${FAILOVER_RISK_IDS.join(', ')}`,
    );
  }
  if (action === 'reprotect') {
    if (acceptRisks.length) {
      throw new InputError(
        'acceptRisks applies to switchovers and failovers, not to a reprotect',
      );
    }
    if (request.incidentStartedAt) {
      throw new InputError(
        'incidentStartedAt applies to failovers, not to a reprotect',
      );
    }
    return {
      operation: 'reprotect',
      parameters:
        request.allowBasebackup === undefined
          ? {}
          : { allowBasebackup: request.allowBasebackup },
      dryRun: false,
    };
  }
  if (request.allowBasebackup !== undefined) {
    throw new InputError('allowBasebackup applies to a reprotect only');
  }
  const operation =
    action === 'preflight' ? request.mode ?? 'switchover' : action;
  if (operation !== 'switchover' && operation !== 'failover') {
    throw new InputError('mode must be switchover or failover');
  }
  if (request.incidentStartedAt && operation !== 'failover') {
    throw new InputError(
      'incidentStartedAt applies to failovers; a switchover is planned and measured from its start',
    );
  }
  return {
    operation,
    parameters: {
      ...(acceptRisks.length ? { acceptRisks } : {}),
      ...(request.incidentStartedAt
        ? { incidentStartedAt: request.incidentStartedAt }
        : {}),
    },
    dryRun: action === 'preflight',
  };
}
