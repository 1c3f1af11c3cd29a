import { useEffect, useState } from 'react';
import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import type {
  DrImpact,
  IncidentItem,
  IncidentSettingsResponse,
  IncidentSeveritySuggestionResponse,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { disasterRecoveryApiRef } from '../../api';
import { ErrorText } from './ErrorText';
import { splitRefs } from './refs';

/**
 * The declaration form: title, impact, impact level and affected entities; the severity is
 * suggested by the backend from the impact level and the affected tenants' tiers, and the
 * declarer confirms or changes it.
 */
export function DeclareIncidentForm(props: {
  settings: IncidentSettingsResponse;
  onDeclared: (incident: IncidentItem) => void;
}) {
  const api = useApi(disasterRecoveryApiRef);
  const [title, setTitle] = useState('');
  const [impact, setImpact] = useState('');
  const [impactLevel, setImpactLevel] = useState<DrImpact>('high');
  const [tenants, setTenants] = useState('');
  const [systems, setSystems] = useState('');
  const [databases, setDatabases] = useState('');
  const [drill, setDrill] = useState(false);
  const [severity, setSeverity] = useState('');
  const [touched, setTouched] = useState(false);
  const [suggestion, setSuggestion] =
    useState<IncidentSeveritySuggestionResponse>();
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let cancelled = false;
    const timer = setTimeout(() => {
      api
        .suggestIncidentSeverity({ impactLevel, tenants: splitRefs(tenants) })
        .then(s => {
          if (cancelled) return;
          setSuggestion(s);
          setError(undefined);
          // the suggestion fills the field until the declarer chooses one
          if (!touched) setSeverity(s.severity);
        })
        .catch(e => !cancelled && setError(e));
    }, 300);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [api, impactLevel, tenants, touched]);

  const declare = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const incident = await api.declareIncident({
        severity,
        title,
        impact,
        impactLevel,
        affected: {
          tenants: splitRefs(tenants),
          systems: splitRefs(systems),
          databases: splitRefs(databases),
        },
        drill,
      });
      setTitle('');
      setImpact('');
      setTouched(false);
      props.onDeclared(incident);
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <InfoCard title="Declare an incident">
      <Box display="flex" flexDirection="column" style={{ gap: 12 }}>
        <TextField
          label="Title"
          value={title}
          onChange={e => setTitle(e.target.value)}
          required
          inputProps={{ 'aria-label': 'Title' }}
        />
        <TextField
          label="Impact"
          value={impact}
          onChange={e => setImpact(e.target.value)}
          required
          multiline
          helperText="As told to stakeholders, e.g. Checkout unavailable for EU tenants"
          inputProps={{ 'aria-label': 'Impact' }}
        />
        <TextField
          select
          label="Impact level"
          value={impactLevel}
          onChange={e => setImpactLevel(e.target.value as DrImpact)}
          SelectProps={{
            SelectDisplayProps: { 'aria-label': 'Impact level' } as object,
          }}
        >
          {props.settings.impactLevels.map(l => (
            <MenuItem key={l.id} value={l.id}>
              {l.title} — {l.description}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          label="Affected tenants"
          value={tenants}
          onChange={e => setTenants(e.target.value)}
          helperText="Entity refs or names, separated by commas (resource:default/acme)"
          inputProps={{ 'aria-label': 'Affected tenants' }}
        />
        <TextField
          label="Affected systems"
          value={systems}
          onChange={e => setSystems(e.target.value)}
          inputProps={{ 'aria-label': 'Affected systems' }}
        />
        <TextField
          label="Affected databases"
          value={databases}
          onChange={e => setDatabases(e.target.value)}
          inputProps={{ 'aria-label': 'Affected databases' }}
        />
        <TextField
          select
          label="Severity"
          value={severity}
          onChange={e => {
            setTouched(true);
            setSeverity(e.target.value);
          }}
          helperText={
            suggestion
              ? `Suggested ${suggestion.severity}: ${suggestion.reasons.join(
                  '; ',
                )}`
              : 'Suggested from the impact level and the tenants’ tiers'
          }
          SelectProps={{
            SelectDisplayProps: { 'aria-label': 'Severity' } as object,
          }}
        >
          {props.settings.severityLevels.map(l => (
            <MenuItem key={l.id} value={l.id}>
              {l.id} — {l.title}
            </MenuItem>
          ))}
        </TextField>
        <FormControlLabel
          control={
            <Checkbox
              checked={drill}
              onChange={e => setDrill(e.target.checked)}
            />
          }
          label="Response drill (escalates on the drill clock; never notifies tenants’ owners)"
        />
        <ErrorText error={error} />
        <Box>
          <Button
            variant="contained"
            color="secondary"
            disabled={busy || !title.trim() || !impact.trim() || !severity}
            onClick={declare}
          >
            Declare {severity || 'incident'}
          </Button>
        </Box>
        <Typography variant="caption" color="textSecondary">
          You confirm the severity by declaring; declaring for an entity needs
          the declare permission on it.
        </Typography>
      </Box>
    </InfoCard>
  );
}
