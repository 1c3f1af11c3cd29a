import { DrScenario, DrTier } from '../policy/types';

/** The targets a drill of a scenario is judged against, in milliseconds and as text. @public */
export interface DrillTargets {
  rtoMs: number;
  rpoMs: number;
  rtoText: string;
  rpoText: string;
}

/**
 * The targets a drill of a scenario is judged against for a tier: the scenario's own targets,
 * tightened by the tier (RTO at most the tier's MTD, RPO at most the tier's RPO). For the
 * scenario's own tier these are the scenario's targets (validation guarantees it). The posture's
 * drill checks and the drill reports use this one rule.
 * @public
 */
export function drillTargets(tier: DrTier, scenario: DrScenario): DrillTargets {
  const { mtd, rpo } = tier.objectives;
  const rtoFromTier = mtd.ms < scenario.rto.ms;
  const rpoFromTier = rpo.ms < scenario.rpo.ms;
  return {
    rtoMs: rtoFromTier ? mtd.ms : scenario.rto.ms,
    rtoText: rtoFromTier ? `${mtd.text} (tier MTD)` : scenario.rto.text,
    rpoMs: rpoFromTier ? rpo.ms : scenario.rpo.ms,
    rpoText: rpoFromTier ? `${rpo.text} (tier RPO)` : scenario.rpo.text,
  };
}
