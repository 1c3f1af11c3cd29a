import {
  DrPolicy,
  IncidentEvidence,
  incidentAffects,
  IncidentItem,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { IncidentStore } from '../database/IncidentStore';
import { PostureSubject } from './tenants';

/**
 * The incidents (drills left out) open at some moment of the policy's availability window
 * ending at `now`: read once per evaluation and scoped to each subject by
 * {@link incidentEvidenceOf}.
 */
export function loadWindowIncidents(
  store: Pick<IncidentStore, 'listIncidentsDuring'>,
  policy: DrPolicy,
  now: Date,
): Promise<IncidentItem[]> {
  return store.listIncidentsDuring({
    from: new Date(now.getTime() - policy.availability.window.ms),
    to: now,
  });
}

/**
 * The incidents that reached a subject (named it, one of its databases or its system, or no
 * entity at all), as the evidence of its availability check.
 */
export function incidentEvidenceOf(
  subject: Pick<
    PostureSubject,
    'entityRef' | 'dependsOn' | 'database' | 'system'
  >,
  incidents: IncidentItem[],
): IncidentEvidence[] {
  const scope = {
    entityRef: subject.entityRef,
    databases: [
      ...subject.dependsOn,
      ...(subject.database ? [subject.database] : []),
    ],
    system: subject.system,
  };
  return incidents
    .filter(i => incidentAffects(i.affected, scope))
    .map(i => ({
      id: i.id,
      severity: i.severity,
      title: i.title,
      startedAt: i.startedAt,
      ...(i.resolvedAt ? { resolvedAt: i.resolvedAt } : {}),
      drill: i.drill,
    }));
}
