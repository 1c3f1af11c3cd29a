import { useState } from 'react';
import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import {
  INCIDENT_STATUSES,
  type IncidentItem,
  type IncidentRole,
  type IncidentUpdateRequest,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { disasterRecoveryApiRef } from '../../api';
import { EntityLink, formatTimestamp } from '../common';
import { CommunicationPanel } from './CommunicationPanel';
import { ErrorText } from './ErrorText';
import { EscalationTimer } from './EscalationTimer';
import { useCatalogPeople } from './PersonRefField';
import { RoleAssignmentForm, ROLE_TITLES } from './RoleAssignmentForm';

type UpdateStatus = IncidentUpdateRequest['status'];
const UPDATE_STATUSES = INCIDENT_STATUSES.filter(
  (s): s is UpdateStatus => s !== 'resolved',
);

function Affected(props: { incident: IncidentItem }) {
  const { tenants, systems, databases } = props.incident.affected;
  const all = [...tenants, ...systems, ...databases];
  if (!all.length) return <>no entity named</>;
  return (
    <>
      {all.map((ref, i) => (
        <span key={ref}>
          {i > 0 && ', '}
          <EntityLink entityRef={ref} />
        </span>
      ))}
    </>
  );
}

/**
 * An open incident on the desk: severity, status, what it affects, its live escalation timer,
 * and the forms to post an update, acknowledge, resolve, and send its communications.
 */
export function OpenIncidentCard(props: {
  incident: IncidentItem;
  templates: string[];
  onChanged: () => void;
}) {
  const { incident, onChanged } = props;
  const api = useApi(disasterRecoveryApiRef);
  const [status, setStatus] = useState<UpdateStatus>(
    incident.status === 'resolved' ? 'monitoring' : incident.status,
  );
  const [message, setMessage] = useState('');
  const [rootCause, setRootCause] = useState('');
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);
  const people = useCatalogPeople();

  const act = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await fn();
      onChanged();
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <InfoCard
      title={`${incident.id} · ${incident.title}`}
      subheader={
        <Box display="flex" alignItems="center" style={{ gap: 8 }}>
          <Chip
            size="small"
            color="secondary"
            label={incident.severity}
            aria-label={`Severity ${incident.severity}`}
          />
          <Chip size="small" label={incident.status} />
          {incident.drill && <Chip size="small" label="drill" />}
          <Typography variant="body2" color="textSecondary">
            started {formatTimestamp(incident.startedAt)}, declared by{' '}
            {incident.declaredBy}
          </Typography>
        </Box>
      }
    >
      <Grid container spacing={2}>
        <Grid item xs={12} md={6}>
          <EscalationTimer incident={incident} onDue={onChanged} />
          <Box mt={1}>
            <Typography variant="body2">
              <strong>Impact:</strong> {incident.impact}
            </Typography>
            <Typography variant="body2">
              <strong>Affected:</strong> <Affected incident={incident} />
            </Typography>
            {Object.entries(incident.roles).map(([role, who]) => (
              <Typography variant="body2" key={role}>
                <strong>{ROLE_TITLES[role as IncidentRole] ?? role}:</strong>{' '}
                {who}
              </Typography>
            ))}
            <Typography variant="body2" color="textSecondary">
              {incident.acknowledgedAt
                ? `Acknowledged ${formatTimestamp(incident.acknowledgedAt)}`
                : 'Not acknowledged: update reminders repeat'}
            </Typography>
          </Box>
          <Box mt={2} display="flex" style={{ gap: 8 }} alignItems="center">
            <TextField
              select
              size="small"
              label="Status"
              value={status}
              onChange={e => setStatus(e.target.value as UpdateStatus)}
              SelectProps={{
                SelectDisplayProps: {
                  'aria-label': `Status of ${incident.id}`,
                } as object,
              }}
            >
              {UPDATE_STATUSES.map(s => (
                <MenuItem key={s} value={s}>
                  {s}
                </MenuItem>
              ))}
            </TextField>
            <TextField
              size="small"
              label="Update"
              value={message}
              onChange={e => setMessage(e.target.value)}
              inputProps={{ 'aria-label': `Update message of ${incident.id}` }}
              style={{ flex: 1 }}
            />
            <Button
              size="small"
              variant="outlined"
              disabled={busy || !message.trim()}
              onClick={() =>
                act(async () => {
                  await api.postIncidentUpdate(incident.id, {
                    status,
                    message,
                  });
                  setMessage('');
                })
              }
            >
              Post update
            </Button>
          </Box>
          <RoleAssignmentForm
            incident={incident}
            people={people.value ?? []}
            busy={busy}
            onAssign={(role, assignee) =>
              act(() => api.assignIncidentRole(incident.id, { role, assignee }))
            }
          />
          <Box mt={2} display="flex" style={{ gap: 8 }} alignItems="center">
            {!incident.acknowledgedAt && (
              <Button
                size="small"
                variant="outlined"
                disabled={busy}
                onClick={() => act(() => api.acknowledgeIncident(incident.id))}
              >
                Acknowledge
              </Button>
            )}
            <TextField
              size="small"
              label="Root cause"
              value={rootCause}
              onChange={e => setRootCause(e.target.value)}
              inputProps={{ 'aria-label': `Root cause of ${incident.id}` }}
              style={{ flex: 1 }}
            />
            <Button
              size="small"
              variant="contained"
              color="primary"
              disabled={busy || !rootCause.trim()}
              onClick={() =>
                act(() => api.resolveIncident(incident.id, { rootCause }))
              }
            >
              Resolve
            </Button>
          </Box>
          <ErrorText error={error} />
        </Grid>
        <Grid item xs={12} md={6}>
          <CommunicationPanel
            incidentId={incident.id}
            templates={props.templates}
            version={incident.lastUpdateAt}
            onSent={onChanged}
          />
        </Grid>
      </Grid>
    </InfoCard>
  );
}
