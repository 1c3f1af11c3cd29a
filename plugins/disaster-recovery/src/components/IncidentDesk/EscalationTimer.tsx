import { useEffect } from 'react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type { IncidentItem } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { formatSeconds, formatTimestamp } from '../common';
import { useNow } from './useNow';

/**
 * The live escalation timer of an open incident: how long it has been open, the escalation clock
 * (time since the start, scaled for drills and the demo), the next escalation step with a
 * countdown, and when the next status update is due. Calls `onDue` once a countdown runs out, so
 * the desk reloads what the escalation task has done.
 */
export function EscalationTimer(props: {
  incident: IncidentItem;
  onDue?: () => void;
}) {
  const now = useNow();
  const { incident, onDue } = props;
  const escalation = incident.escalation;
  const scale = escalation?.timeScale ?? 1;
  const openSeconds = (now - Date.parse(incident.startedAt)) / 1000;
  const next = escalation?.nextStep;
  const nextIn = next ? (Date.parse(next.dueAt) - now) / 1000 : undefined;
  const updateIn = escalation?.nextUpdateDueAt
    ? (Date.parse(escalation.nextUpdateDueAt) - now) / 1000
    : undefined;
  const due =
    (nextIn !== undefined && nextIn <= 0) ||
    (updateIn !== undefined && updateIn <= 0);
  useEffect(() => {
    if (due) onDue?.();
  }, [due, onDue]);

  return (
    <Box data-testid={`escalation-timer-${incident.id}`}>
      <Typography variant="h6" component="p">
        Open for {formatSeconds(openSeconds)}
        {scale !== 1 &&
          ` · escalation clock ${formatSeconds(
            openSeconds * scale,
          )} (×${scale})`}
      </Typography>
      <Typography variant="body2">
        {next
          ? `Next escalation: step ${next.step} — ${next.action} (${
              next.role
            }) in ${formatSeconds(Math.max(0, nextIn!))}, due ${formatTimestamp(
              next.dueAt,
            )}`
          : 'Every escalation step has begun'}
      </Typography>
      {escalation?.nextUpdateDueAt && (
        <Typography variant="body2" color="textSecondary">
          Status update due in {formatSeconds(Math.max(0, updateIn!))}
          {incident.acknowledgedAt ? '' : ' (reminders until acknowledged)'}
        </Typography>
      )}
    </Box>
  );
}
