import { IncidentItem } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { INCIDENT_PAGE } from '../database/DatabaseIncidentStore';
import { IncidentQuery, IncidentStore } from '../database/IncidentStore';

/** Every incident matching a query, read page by page (largest pages). */
export async function* pageIncidents(
  store: Pick<IncidentStore, 'listIncidents'>,
  query: Omit<IncidentQuery, 'offset' | 'limit'>,
): AsyncGenerator<IncidentItem> {
  for (let offset = 0; ; offset += INCIDENT_PAGE.maxLimit) {
    const { items } = await store.listIncidents({
      ...query,
      offset,
      limit: INCIDENT_PAGE.maxLimit,
    });
    yield* items;
    if (items.length < INCIDENT_PAGE.maxLimit) return;
  }
}

/**
 * The incidents that may have started at or after `since`: newest declaration first, stopping at
 * the first declared before it (an incident starts no later than it is declared).
 */
export async function incidentsSince(
  store: Pick<IncidentStore, 'listIncidents'>,
  since: Date,
): Promise<IncidentItem[]> {
  const result: IncidentItem[] = [];
  for await (const incident of pageIncidents(store, { order: 'desc' })) {
    if (Date.parse(incident.declaredAt) < since.getTime()) break;
    result.push(incident);
  }
  return result;
}
