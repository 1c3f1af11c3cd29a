import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import {
  INCIDENT_ROLES,
  type IncidentItem,
  type IncidentRole,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { PersonRefField } from './PersonRefField';

/** How the desk names each response role. */
export const ROLE_TITLES: Record<IncidentRole, string> = {
  'incident-commander': 'Incident commander',
  'technical-lead': 'Technical lead',
  'communications-lead': 'Communications lead',
  'business-lead': 'Business lead',
};

/**
 * Assigns one of the response roles of an open incident to a user or group of the catalog
 * (`POST /incidents/:id/roles`); the role's current holder is the field's starting value.
 */
export function RoleAssignmentForm(props: {
  incident: IncidentItem;
  people: Array<{ ref: string; label: string }>;
  busy: boolean;
  onAssign: (role: IncidentRole, assignee: string) => Promise<void>;
}) {
  const { incident } = props;
  const [role, setRole] = useState<IncidentRole>('incident-commander');
  const [assignee, setAssignee] = useState(incident.roles[role] ?? '');
  const choose = (next: IncidentRole) => {
    setRole(next);
    setAssignee(incident.roles[next] ?? '');
  };
  const unchanged = assignee.trim() === (incident.roles[role] ?? '');
  return (
    <Box mt={2} display="flex" style={{ gap: 8 }} alignItems="center">
      <TextField
        select
        size="small"
        label="Role"
        value={role}
        onChange={e => choose(e.target.value as IncidentRole)}
        SelectProps={{
          SelectDisplayProps: {
            'aria-label': `Role to assign in ${incident.id}`,
          } as object,
        }}
      >
        {INCIDENT_ROLES.map(r => (
          <MenuItem key={r} value={r}>
            {ROLE_TITLES[r]}
          </MenuItem>
        ))}
      </TextField>
      <PersonRefField
        label="Assignee"
        ariaLabel={`Assignee of the role in ${incident.id}`}
        value={assignee}
        onChange={setAssignee}
        people={props.people}
        style={{ flex: 1 }}
      />
      <Button
        size="small"
        variant="outlined"
        disabled={props.busy || !assignee.trim() || unchanged}
        onClick={() => props.onAssign(role, assignee.trim())}
      >
        Assign
      </Button>
    </Box>
  );
}
