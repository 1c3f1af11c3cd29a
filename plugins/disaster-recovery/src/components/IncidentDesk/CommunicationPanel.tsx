import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { disasterRecoveryApiRef } from '../../api';
import { ErrorText } from './ErrorText';

/**
 * A communication template rendered with the incident's data (Markdown), with copy to the
 * clipboard and send (notifications to the response groups, role holders and, for real
 * incidents, the affected tenants' owners).
 */
export function CommunicationPanel(props: {
  incidentId: string;
  templates: string[];
  /** Changes when the incident changes, so the rendering follows it. */
  version: string;
  defaultTemplate?: string;
  onSent?: () => void;
}) {
  const api = useApi(disasterRecoveryApiRef);
  const [template, setTemplate] = useState(
    props.defaultTemplate ?? props.templates[0] ?? 'initial',
  );
  const [note, setNote] = useState<string>();
  const [error, setError] = useState<Error>();
  const rendered = useAsync(
    () => api.getIncidentCommunication(props.incidentId, template),
    [api, props.incidentId, template, props.version],
  );

  const copy = async () => {
    if (!rendered.value) return;
    try {
      await navigator.clipboard.writeText(rendered.value);
      setNote('Copied to the clipboard');
    } catch (e) {
      setError(e as Error);
    }
  };
  const send = async () => {
    setError(undefined);
    try {
      const sent = await api.sendIncidentCommunication(
        props.incidentId,
        template,
      );
      setNote(`Sent to ${sent.recipients.join(', ')}`);
      props.onSent?.();
    } catch (e) {
      setError(e as Error);
    }
  };

  return (
    <Box display="flex" flexDirection="column" style={{ gap: 8 }}>
      <Box display="flex" alignItems="center" style={{ gap: 8 }}>
        <TextField
          select
          size="small"
          label="Communication"
          value={template}
          onChange={e => {
            setTemplate(e.target.value);
            setNote(undefined);
          }}
          SelectProps={{
            SelectDisplayProps: {
              'aria-label': `Communication template of ${props.incidentId}`,
            } as object,
          }}
        >
          {props.templates.map(t => (
            <MenuItem key={t} value={t}>
              {t}
            </MenuItem>
          ))}
        </TextField>
        <Button size="small" onClick={copy} disabled={!rendered.value}>
          Copy
        </Button>
        <Button
          size="small"
          variant="outlined"
          onClick={send}
          disabled={!rendered.value}
        >
          Send
        </Button>
      </Box>
      {rendered.error ? (
        <Typography variant="body2" color="textSecondary">
          {rendered.error.message}
        </Typography>
      ) : (
        <Box
          component="pre"
          aria-label={`Rendered ${template} communication`}
          style={{ whiteSpace: 'pre-wrap', margin: 0, fontSize: 13 }}
        >
          {rendered.value ?? ''}
        </Box>
      )}
      {note && (
        <Typography variant="body2" role="status">
          {note}
        </Typography>
      )}
      <ErrorText error={error} />
    </Box>
  );
}
