import { IncidentItem } from './types';

/** How fast the response was: from the declaration to the first acknowledgement and status update. @public */
export interface IncidentResponseTimes {
  /** Declaration to acknowledgement, seconds; absent while unacknowledged. */
  timeToAcknowledgeSeconds?: number;
  /** Declaration to the first status update, seconds; absent before one. */
  timeToFirstUpdateSeconds?: number;
}

const since = (from: string, to: string | undefined) =>
  to === undefined
    ? undefined
    : Math.max(0, (Date.parse(to) - Date.parse(from)) / 1000);

/**
 * The response times of an incident, measured from its declaration (the moment the response
 * starts; for a response drill, the start of the drill): time to acknowledge the escalation and
 * time to the first status update. The desk shows them for drills, the review for every incident.
 *
 * @public
 */
export function incidentResponseTimes(
  incident: Pick<
    IncidentItem,
    'declaredAt' | 'acknowledgedAt' | 'firstUpdateAt'
  >,
): IncidentResponseTimes {
  const ack = since(incident.declaredAt, incident.acknowledgedAt);
  const update = since(incident.declaredAt, incident.firstUpdateAt);
  return {
    ...(ack === undefined ? {} : { timeToAcknowledgeSeconds: ack }),
    ...(update === undefined ? {} : { timeToFirstUpdateSeconds: update }),
  };
}
