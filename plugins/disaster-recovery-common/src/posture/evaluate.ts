import { getTier } from '../policy/readPolicy';
import { DrPolicy } from '../policy/types';
import { CheckContext } from './checks/context';
import { earliest, isoOf, timeOf } from './checks/evidenceTime';
import { availabilityCheck } from './checks/availability';
import { crossRegionCopyCheck } from './checks/crossRegion';
import {
  backupFrequencyCheck,
  dataClassesUnknownCheck,
  policyReferenceCheck,
  retentionCheck,
  tenantDataClasses,
} from './checks/dataClasses';
import { drillCheck } from './checks/drills';
import { replicaLagCheck } from './checks/replicaLag';
import { rpoCheck } from './checks/rpo';
import { runbookCoverageCheck, runbookReviewCheck } from './checks/runbooks';
import { ownerTrainingCheck, roleCoverageCheck } from './checks/training';
import { verifiedRestoreCheck } from './checks/verifiedRestore';
import {
  vendorAlternativeCheck,
  vendorContractReviewCheck,
  vendorSlaCheck,
} from './checks/vendors';
import { TenantEvidence } from './evidence';
import { overallStatus } from './status';
import { CheckResult, PostureResult } from './types';

/**
 * Judges one tenant's evidence against the policy at `now`: every check with its status, reason,
 * target, measured value, breach moment and evidence; the overall (worst) status; and the earliest
 * breach. Pure: the same inputs always give the same result. Missing evidence is `unknown`, never
 * `pass`.
 *
 * @public
 */
export function evaluate(
  policy: DrPolicy,
  evidence: TenantEvidence,
  now: Date | number = Date.now(),
): PostureResult {
  const nowMs = typeof now === 'number' ? now : now.getTime();
  const tier = getTier(policy, evidence.tier);
  const ctx: CheckContext = { policy, tier, evidence, now: nowMs };

  const checks: CheckResult[] = [];
  const reference = policyReferenceCheck(ctx);
  if (reference) checks.push(reference);
  checks.push(
    rpoCheck(ctx),
    replicaLagCheck(ctx),
    verifiedRestoreCheck(ctx),
    crossRegionCopyCheck(ctx),
  );
  if (evidence.dataClasses === undefined) {
    checks.push(dataClassesUnknownCheck());
  } else {
    const classes = tenantDataClasses(ctx);
    for (const dc of classes) checks.push(backupFrequencyCheck(ctx, dc));
    for (const dc of classes) checks.push(retentionCheck(ctx, dc));
  }
  for (const scenario of policy.scenarios)
    checks.push(drillCheck(ctx, scenario));
  checks.push(
    runbookCoverageCheck(ctx),
    runbookReviewCheck(ctx),
    vendorSlaCheck(ctx),
    vendorAlternativeCheck(ctx),
    vendorContractReviewCheck(ctx),
    ownerTrainingCheck(ctx),
    roleCoverageCheck(ctx),
    availabilityCheck(ctx),
  );

  const nextBreach = earliest(checks.map(c => timeOf(c.breachAt)));
  const out: PostureResult = {
    entityRef: evidence.entityRef,
    evaluatedAt: isoOf(nowMs),
    overall: overallStatus(checks.map(c => c.status)),
    objectives: {
      tier: tier.id,
      rto: tier.objectives.rto.iso,
      rpo: tier.objectives.rpo.iso,
      mtd: tier.objectives.mtd.iso,
      availability: tier.objectives.availability,
    },
    checks,
  };
  if (nextBreach !== undefined) out.nextBreachAt = isoOf(nextBreach);
  return out;
}

/**
 * Every check id `evaluate` can produce under a policy (per data class and per scenario ones
 * included), e.g. to validate a "failing check" filter.
 *
 * @public
 */
export function postureCheckIds(policy: DrPolicy): string[] {
  return [
    'policy-reference',
    'rpo',
    'replica-lag',
    'verified-restore',
    'cross-region-copy',
    'data-classes',
    ...policy.dataClasses.map(dc => `backup-frequency:${dc.id}`),
    ...policy.dataClasses.map(dc => `retention:${dc.id}`),
    ...policy.scenarios.map(s => `drill:${s.id}`),
    'runbook-coverage',
    'runbook-review',
    'vendor-sla',
    'vendor-alternative',
    'vendor-contract-review',
    'owner-training',
    'role-coverage',
    'availability',
  ];
}
