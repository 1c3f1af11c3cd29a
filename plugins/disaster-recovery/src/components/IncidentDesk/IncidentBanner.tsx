import { Link } from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { disasterRecoveryApiRef } from '../../api';
import { incidentsRouteRef } from '../../routes';
import { formatSeconds } from '../common';
import { useNow } from './useNow';

/** The incident desk's path, or undefined in an app that does not mount the desk. */
function useDeskPath(): string | undefined {
  try {
    // useRouteRef throws after its hooks ran when the route is not mounted: the hook order holds
    return useRouteRef(incidentsRouteRef)?.();
  } catch {
    return undefined;
  }
}

/**
 * A banner on an entity's DR tab for every open incident that affects it: severity, title,
 * status and how long it has been open, with a link to the incident desk. Nothing when none.
 */
export function IncidentBanner(props: { entityRef: string }) {
  const api = useApi(disasterRecoveryApiRef);
  const to = useDeskPath();
  const now = useNow(10_000);
  const open = useAsync(
    () => api.listIncidents({ state: 'open', entityRef: props.entityRef }),
    [api, props.entityRef],
  );
  const items = open.value?.items ?? [];
  if (!items.length) return null;
  return (
    <Box display="flex" flexDirection="column" style={{ gap: 8 }} mb={2}>
      {items.map(i => (
        <Paper
          key={i.id}
          role="alert"
          aria-label={`Open incident ${i.id}`}
          style={{ padding: 12, borderLeft: '6px solid #d32f2f' }}
        >
          <Typography variant="subtitle1">
            <strong>
              {i.drill ? '[DRILL] ' : ''}
              {i.severity} incident {i.id}: {i.title}
            </strong>
          </Typography>
          <Typography variant="body2">
            {i.status} · open for{' '}
            {formatSeconds((now - Date.parse(i.startedAt)) / 1000)} · {i.impact}
            {to && (
              <>
                {' · '}
                <Link to={to}>Incident desk</Link>
              </>
            )}
          </Typography>
        </Paper>
      ))}
    </Box>
  );
}
