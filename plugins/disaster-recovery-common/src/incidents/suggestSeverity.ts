import { DrImpact, DrPolicy, DrSeverityLevel } from '../policy/types';

/** The plan's impact levels from worst to mildest. */
const IMPACT_ORDER: readonly DrImpact[] = ['critical', 'high', 'medium', 'low'];

/** What {@link suggestIncidentSeverity} weighs. @public */
export interface IncidentSeverityFacts {
  /** The plan's impact level of the incident. */
  impactLevel: DrImpact;
  /** The tier id of every affected tenant (a tenant without one is in the default tier). */
  tenantTiers: ReadonlyArray<string | undefined>;
}

/** A suggested severity and why; the declarer confirms or overrides it. @public */
export interface IncidentSeveritySuggestion {
  severity: DrSeverityLevel;
  reasons: string[];
}

/**
 * Suggests an incident's severity from the plan's impact levels and the affected tenants' tiers.
 * The impact level picks the severity of the same rank (critical → SEV-0, high → SEV-1, medium →
 * SEV-2, low → SEV-3, in the policy's order of severity levels). When an affected tenant's tier
 * has a stricter recovery time objective than the default tier, the suggestion is raised one
 * level: the same outage breaches that tenant's objectives sooner.
 * @public
 */
export function suggestIncidentSeverity(
  policy: Pick<DrPolicy, 'severityLevels' | 'tiers' | 'defaultTier'>,
  facts: IncidentSeverityFacts,
): IncidentSeveritySuggestion {
  const levels = policy.severityLevels;
  if (!levels.length) {
    throw new Error('The DR policy defines no incident severity levels');
  }
  const rank = IMPACT_ORDER.indexOf(facts.impactLevel);
  if (rank < 0) {
    throw new RangeError(
      `impactLevel must be one of ${IMPACT_ORDER.join(', ')}, got '${
        facts.impactLevel
      }'`,
    );
  }
  let index = Math.min(rank, levels.length - 1);
  const reasons = [
    `impact ${facts.impactLevel} → ${levels[index].id} (${levels[index].title})`,
  ];

  const tiers = new Map(policy.tiers.map(t => [t.id, t]));
  const defaultTier = tiers.get(policy.defaultTier);
  if (defaultTier) {
    const stricter = [
      ...new Set(facts.tenantTiers.map(t => t ?? policy.defaultTier)),
    ]
      .map(id => tiers.get(id))
      .filter(
        (t): t is NonNullable<typeof t> =>
          !!t && t.objectives.rto.ms < defaultTier.objectives.rto.ms,
      );
    if (stricter.length && index > 0) {
      index -= 1;
      reasons.push(
        `tenants in tier ${stricter
          .map(t => t.id)
          .join(', ')} (RTO stricter than ${defaultTier.id}) → ${
          levels[index].id
        }`,
      );
    }
  }
  return { severity: levels[index], reasons };
}
