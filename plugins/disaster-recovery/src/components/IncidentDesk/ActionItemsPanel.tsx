import { useState } from 'react';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { disasterRecoveryApiRef } from '../../api';
import { formatTimestamp } from '../common';
import { ErrorText } from './ErrorText';
import { PersonRefField, useCatalogPeople } from './PersonRefField';

/**
 * The action items of a resolved incident's post-incident review, and a form to add one with
 * its owner (a user or group of the catalog). The review's Markdown download lists them.
 */
export function ActionItemsPanel(props: { incidentId: string }) {
  const { incidentId } = props;
  const api = useApi(disasterRecoveryApiRef);
  const people = useCatalogPeople();
  const review = useAsyncRetry(
    () => api.getIncidentReview(incidentId),
    [api, incidentId],
  );
  const [text, setText] = useState('');
  const [owner, setOwner] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();

  const add = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await api.addIncidentActionItem(incidentId, {
        text: text.trim(),
        ...(owner.trim() ? { owner: owner.trim() } : {}),
      });
      setText('');
      setOwner('');
      review.retry();
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };

  const items = review.value?.actionItems ?? [];
  return (
    <Box>
      <Typography variant="subtitle2">
        Action items of the review of {incidentId}
      </Typography>
      {review.loading && !review.value && <Progress />}
      <ErrorText error={review.error} />
      {review.value && items.length === 0 && (
        <Typography variant="body2">No action item yet.</Typography>
      )}
      {items.length > 0 && (
        <List dense aria-label={`Action items of ${incidentId}`}>
          {items.map(item => (
            <ListItem key={item.id} disableGutters>
              <ListItemText
                primary={item.text}
                secondary={`${
                  item.owner ? `owner ${item.owner} · ` : ''
                }added by ${item.addedBy} ${formatTimestamp(item.addedAt)}`}
              />
            </ListItem>
          ))}
        </List>
      )}
      <Box mt={1} display="flex" style={{ gap: 8 }} alignItems="center">
        <TextField
          size="small"
          label="Action item"
          value={text}
          onChange={e => setText(e.target.value)}
          inputProps={{ 'aria-label': `New action item of ${incidentId}` }}
          style={{ flex: 2 }}
        />
        <PersonRefField
          label="Owner"
          ariaLabel={`Owner of the new action item of ${incidentId}`}
          value={owner}
          onChange={setOwner}
          people={people.value ?? []}
          style={{ flex: 1 }}
        />
        <Button
          size="small"
          variant="outlined"
          disabled={busy || !text.trim()}
          onClick={add}
        >
          Add action item
        </Button>
      </Box>
      <ErrorText error={error} />
    </Box>
  );
}
