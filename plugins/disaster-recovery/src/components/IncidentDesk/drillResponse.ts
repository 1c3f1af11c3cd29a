import {
  incidentResponseTimes,
  type IncidentItem,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { formatSeconds } from '../common';

/**
 * What a response drill measured, in words: the time from its declaration to the acknowledgement
 * and to the first status update ("not yet" for what did not happen).
 */
export function drillResponseText(incident: IncidentItem): string {
  const r = incidentResponseTimes(incident);
  const after = (s: number | undefined) =>
    s === undefined ? 'not yet' : `after ${formatSeconds(s)}`;
  return `acknowledged ${after(
    r.timeToAcknowledgeSeconds,
  )}, first update ${after(r.timeToFirstUpdateSeconds)}`;
}
