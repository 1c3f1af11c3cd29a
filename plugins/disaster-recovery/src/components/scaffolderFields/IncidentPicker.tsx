import { useApi } from '@backstage/core-plugin-api';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import FormControl from '@material-ui/core/FormControl';
import FormHelperText from '@material-ui/core/FormHelperText';
import InputLabel from '@material-ui/core/InputLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';
import useAsync from 'react-use/esm/useAsync';
import { disasterRecoveryApiRef } from '../../api';
import { formatRelative } from '../common';

/** How many open incidents the picker offers (newest first). */
const INCIDENT_CHOICES = 100;

/**
 * Scaffolder field `DrIncidentPicker`: the open incidents (newest first, with severity, title and
 * how long they have been open), or none. The value is the incident id (`INC-YYYY-NNN`), or
 * undefined when the run serves no incident.
 */
export function IncidentPicker(props: FieldExtensionComponentProps<string>) {
  const api = useApi(disasterRecoveryApiRef);
  const incidents = useAsync(
    async () =>
      (await api.listIncidents({ state: 'open', limit: INCIDENT_CHOICES }))
        .items,
    [api],
  );
  const items = incidents.value ?? [];
  const value = props.formData ?? '';
  const label = props.schema?.title ?? 'Incident';
  const id = props.idSchema?.$id ?? 'incident-picker';
  let help = props.schema?.description ?? '';
  if (incidents.error) {
    help = `Could not list the open incidents (${incidents.error.message}).`;
  } else if (!incidents.loading && items.length === 0) {
    help = 'No incident is open: the run serves none.';
  }
  return (
    <FormControl
      fullWidth
      margin="normal"
      required={props.required}
      error={(props.rawErrors?.length ?? 0) > 0}
    >
      <InputLabel id={`${id}-label`}>{label}</InputLabel>
      <Select
        labelId={`${id}-label`}
        value={value}
        displayEmpty
        onChange={e => props.onChange(String(e.target.value) || undefined)}
        SelectDisplayProps={{ 'aria-label': label }}
      >
        <MenuItem value="">None</MenuItem>
        {items.map(i => (
          <MenuItem key={i.id} value={i.id}>
            {`${i.id} · ${i.severity} · ${i.title} (${
              i.status
            }, started ${formatRelative(i.startedAt)})`}
          </MenuItem>
        ))}
        {value && !items.some(i => i.id === value) && (
          <MenuItem value={value}>{value}</MenuItem>
        )}
      </Select>
      <FormHelperText>{help}</FormHelperText>
    </FormControl>
  );
}
