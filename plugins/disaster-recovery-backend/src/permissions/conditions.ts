import { createConditionExports } from '@backstage/plugin-permission-node';
import { drEntityPermissionResourceRef } from './resource';
import { drPermissionRules } from './rules';

const { conditions, createConditionalDecision } = createConditionExports({
  resourceRef: drEntityPermissionResourceRef,
  rules: drPermissionRules,
});

/**
 * Conditions a permission policy can return for `disaster-recovery.posture.read`, e.g.
 * `disasterRecoveryConditions.isEntityOwner({ claims: user.identity.ownershipEntityRefs })`.
 *
 * @public
 */
export const disasterRecoveryConditions = conditions;

/** Wraps disaster-recovery conditions into a conditional policy decision. @public */
export const createDisasterRecoveryConditionalDecision =
  createConditionalDecision;
