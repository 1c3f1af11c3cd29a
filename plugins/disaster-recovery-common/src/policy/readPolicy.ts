import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { DrPolicyConfig, drPolicyConfigSchema } from './config';
import { defaultPolicyConfig } from './defaultPolicyConfig';
import { normalizePolicy } from './normalizePolicy';
import { DrPolicy, DrTier } from './types';
import { validatePolicy } from './validatePolicy';

/** The config key the policy is read from. @public */
export const POLICY_CONFIG_KEY = 'disasterRecovery.policy';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Merges config over defaults the way app-config files merge: objects key by key (so a tier or
 * data class can be changed or added by id), arrays and scalars replaced.
 */
function mergeOver(base: unknown, override: unknown): unknown {
  if (override === undefined) return base;
  if (isPlainObject(base) && isPlainObject(override)) {
    const result: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(override)) {
      result[key] = mergeOver(base[key], value);
    }
    return result;
  }
  return override;
}

function fail(problems: string[]): never {
  throw new InputError(
    `Invalid ${POLICY_CONFIG_KEY} (${problems.length} problem${
      problems.length === 1 ? '' : 's'
    }):\n${problems.map(p => `  - ${p}`).join('\n')}`,
  );
}

/**
 * Builds a policy from the `disasterRecovery.policy` section as plain data, merged over the
 * shipped defaults. Throws an InputError listing every problem when the section is malformed or
 * the result contradicts itself.
 *
 * @public
 */
export function policyFromConfig(section?: unknown): DrPolicy {
  const parsed = drPolicyConfigSchema.safeParse(section ?? {});
  if (!parsed.success) {
    fail(
      parsed.error.issues.map(issue => {
        const path = issue.path.length
          ? `${POLICY_CONFIG_KEY}.${issue.path.join('.')}`
          : POLICY_CONFIG_KEY;
        return `${path}: ${issue.message}`;
      }),
    );
  }
  const merged = mergeOver(defaultPolicyConfig, parsed.data) as DrPolicyConfig;
  const { policy, problems } = normalizePolicy(merged);
  const all = [...problems, ...validatePolicy(policy)];
  if (all.length > 0) fail(all);
  return policy;
}

/**
 * Reads the disaster-recovery policy from app-config (`disasterRecovery.policy`, everything
 * optional), merged over the plan's defaults and validated. Throws an InputError listing every
 * contradiction, so a backend refuses to start with a policy that contradicts itself.
 *
 * @public
 */
export function readPolicy(config: Config): DrPolicy {
  return policyFromConfig(config.getOptional(POLICY_CONFIG_KEY));
}

/** The plan's policy, as shipped (validated when this module loads). @public */
export const defaultPolicy: DrPolicy = policyFromConfig();

/**
 * Finds a tier by id; falls back to the policy's default tier when the id is missing or unknown.
 *
 * @public
 */
export function getTier(policy: DrPolicy, id?: string): DrTier {
  return (
    policy.tiers.find(t => t.id === id) ??
    policy.tiers.find(t => t.id === policy.defaultTier) ??
    policy.tiers[0]
  );
}
