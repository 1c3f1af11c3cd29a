import {
  DrImpact,
  IncidentActionItem,
  IncidentAffected,
  IncidentEvent,
  IncidentEventType,
  IncidentItem,
  IncidentStatus,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { bool, iso, isoOrUndefined } from './conversions';

/** Rows of the incident tables and their mapping to API values. */

/** The `role` column of `dr_incident_entities` per list of affected entities. */
export const AFFECTED_ROLES = {
  tenants: 'tenant',
  systems: 'system',
  databases: 'database',
} as const;

/** A row of `dr_incidents`. */
export type IncidentRow = {
  id: string;
  severity: string;
  title: string;
  status: IncidentStatus;
  impact: string;
  impact_level: DrImpact | null;
  started_at: unknown;
  declared_at: unknown;
  declared_by: string;
  roles: string;
  last_update_at: unknown;
  acknowledged_at: unknown;
  resolved_at: unknown;
  root_cause: string | null;
  drill: unknown;
  /** Selected with the row: the time of its first status event. */
  first_update_at?: unknown;
};

/** A row of `dr_incident_entities`. */
export type EntityRow = {
  incident_id: string;
  entity_ref: string;
  role: string;
};

/** A row of `dr_incident_events`. */
export type EventRow = {
  id: number | string;
  incident_id: string;
  type: IncidentEventType;
  at: unknown;
  actor: string;
  message: string | null;
  status: IncidentStatus | null;
  role: string | null;
  assignee: string | null;
  step: number | null;
};

/** An incident row and its entity rows as the API item. */
export function toItem(row: IncidentRow, entities: EntityRow[]): IncidentItem {
  const affected: IncidentAffected = {
    tenants: [],
    systems: [],
    databases: [],
  };
  for (const e of entities) {
    const key = (
      Object.keys(AFFECTED_ROLES) as (keyof typeof AFFECTED_ROLES)[]
    ).find(k => AFFECTED_ROLES[k] === e.role);
    if (key) affected[key].push(e.entity_ref);
  }
  for (const list of Object.values(affected)) list.sort();
  const acknowledgedAt = isoOrUndefined(row.acknowledged_at);
  const firstUpdateAt = isoOrUndefined(row.first_update_at);
  const resolvedAt = isoOrUndefined(row.resolved_at);
  return {
    id: row.id,
    severity: row.severity,
    title: row.title,
    status: row.status,
    impact: row.impact,
    ...(row.impact_level ? { impactLevel: row.impact_level } : {}),
    affected,
    startedAt: iso(row.started_at),
    declaredAt: iso(row.declared_at),
    declaredBy: row.declared_by,
    roles: JSON.parse(row.roles),
    lastUpdateAt: iso(row.last_update_at),
    ...(acknowledgedAt ? { acknowledgedAt } : {}),
    ...(firstUpdateAt ? { firstUpdateAt } : {}),
    ...(resolvedAt ? { resolvedAt } : {}),
    ...(row.root_cause ? { rootCause: row.root_cause } : {}),
    drill: bool(row.drill),
  };
}

/** An event row as the API event. */
export function toEvent(row: EventRow): IncidentEvent {
  return {
    id: String(row.id),
    incidentId: row.incident_id,
    type: row.type,
    at: iso(row.at),
    actor: row.actor,
    ...(row.message ? { message: row.message } : {}),
    ...(row.status ? { status: row.status } : {}),
    ...(row.role ? { role: row.role } : {}),
    ...(row.assignee ? { assignee: row.assignee } : {}),
    ...(row.step !== null && row.step !== undefined
      ? { step: Number(row.step) }
      : {}),
  };
}

/** An event as a row to insert. */
export function eventRow(
  id: string,
  event: Omit<IncidentEvent, 'id' | 'incidentId' | 'at'> & { at: Date },
): Record<string, unknown> {
  return {
    incident_id: id,
    type: event.type,
    at: event.at,
    actor: event.actor,
    message: event.message ?? null,
    status: event.status ?? null,
    role: event.role ?? null,
    assignee: event.assignee ?? null,
    step: event.step ?? null,
  };
}

/** A row of `dr_incident_action_items`. */
export type ActionItemRow = {
  id: number | string;
  incident_id: string;
  text: string;
  owner: string | null;
  added_at: unknown;
  added_by: string;
};

/** An action item row as the API item. */
export function toActionItem(row: ActionItemRow): IncidentActionItem {
  return {
    id: String(row.id),
    text: row.text,
    ...(row.owner ? { owner: row.owner } : {}),
    addedAt: iso(row.added_at),
    addedBy: row.added_by,
  };
}
