import { stringifyEntityRef } from '@backstage/catalog-model';
import { RunbookEntity, TrainingRecordEntity, VendorEntity } from './types';
import { TrainingRecordInput } from '../training/types';

/**
 * The posture evidence of a Runbook entity (ref, scenarios, last review, review interval), in the
 * shape the posture engine's runbook evidence takes.
 *
 * @public
 */
export function runbookToEvidence(entity: RunbookEntity): {
  ref: string;
  title?: string;
  scenarios: string[];
  lastReviewed?: string;
  reviewInterval?: string;
} {
  return {
    ref: stringifyEntityRef(entity),
    title: entity.metadata.title,
    scenarios: [...entity.spec.scenarios],
    lastReviewed: entity.spec.lastReviewed,
    reviewInterval: entity.spec.reviewInterval,
  };
}

/**
 * The posture evidence of a Vendor entity (SLA resolution, whether an alternative exists, contract
 * review date), in the shape the posture engine's vendor evidence takes.
 *
 * @public
 */
export function vendorToEvidence(entity: VendorEntity): {
  ref: string;
  title?: string;
  slaResolution?: string;
  hasAlternative?: boolean;
  contractReviewDue?: string;
} {
  return {
    ref: stringifyEntityRef(entity),
    title: entity.metadata.title,
    slaResolution: entity.spec.sla?.resolution,
    hasAlternative: (entity.spec.alternatives ?? []).length > 0,
    contractReviewDue: entity.spec.contractReviewDue,
  };
}

/** A TrainingRecord entity as input of `trainingStatus` / `roleCoverage`. @public */
export function trainingRecordToInput(
  entity: TrainingRecordEntity,
): TrainingRecordInput {
  return {
    ref: stringifyEntityRef(entity),
    person: entity.spec.person,
    course: entity.spec.course,
    completed: entity.spec.completed,
    expires: entity.spec.expires,
    evidence: entity.spec.evidence,
  };
}
