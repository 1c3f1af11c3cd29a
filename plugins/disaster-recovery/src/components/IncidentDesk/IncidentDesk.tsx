import { useCallback, useEffect, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { disasterRecoveryApiRef } from '../../api';
import { AsyncSection } from '../common';
import { ClosedIncidents } from './ClosedIncidents';
import { DeclareIncidentForm } from './DeclareIncidentForm';
import { OpenIncidentCard } from './OpenIncidentCard';

/** How often the desk reloads by itself (escalations happen in the background). */
export const INCIDENT_DESK_REFRESH_MS = 15_000;

/** How many closed incidents the desk shows. */
const CLOSED_PAGE = 20;

/**
 * The incident desk: the open incidents with their live escalation timers and forms, the
 * declaration form, and the closed incidents with their time to recover and review.
 */
export function IncidentDeskContent(props: { refreshIntervalMs?: number }) {
  const api = useApi(disasterRecoveryApiRef);
  const refreshIntervalMs = props.refreshIntervalMs ?? INCIDENT_DESK_REFRESH_MS;
  const [refresh, setRefresh] = useState(0);
  const reload = useCallback(() => setRefresh(n => n + 1), []);
  useEffect(() => {
    if (!refreshIntervalMs) return undefined;
    const timer = setInterval(reload, refreshIntervalMs);
    return () => clearInterval(timer);
  }, [refreshIntervalMs, reload]);

  const settings = useAsync(() => api.getIncidentSettings(), [api]);
  const open = useAsync(
    () => api.listIncidents({ state: 'open', order: 'asc', limit: 100 }),
    [api, refresh],
  );
  const closed = useAsync(
    () => api.listIncidents({ state: 'closed', limit: CLOSED_PAGE }),
    [api, refresh],
  );

  return (
    <AsyncSection state={settings} title="Could not load the incident settings">
      {s => (
        <Grid container spacing={3}>
          <Grid item xs={12} lg={8}>
            <Typography variant="h5" component="h2" gutterBottom>
              Open incidents
            </Typography>
            <AsyncSection state={open} title="Could not load open incidents">
              {v =>
                v.items.length === 0 ? (
                  <Typography variant="body2">No open incident.</Typography>
                ) : (
                  <Box
                    display="flex"
                    flexDirection="column"
                    style={{ gap: 16 }}
                  >
                    {v.items.map(i => (
                      <OpenIncidentCard
                        key={i.id}
                        incident={i}
                        templates={s.templates}
                        onChanged={reload}
                      />
                    ))}
                  </Box>
                )
              }
            </AsyncSection>
          </Grid>
          <Grid item xs={12} lg={4}>
            <DeclareIncidentForm settings={s} onDeclared={reload} />
          </Grid>
          <Grid item xs={12}>
            <AsyncSection
              state={closed}
              title="Could not load closed incidents"
            >
              {v => (
                <ClosedIncidents
                  items={v.items}
                  totalItems={v.totalItems}
                  templates={s.templates}
                />
              )}
            </AsyncSection>
          </Grid>
        </Grid>
      )}
    </AsyncSection>
  );
}

/** The incident desk page for the new frontend system (the app draws the header). */
export function IncidentDeskPage() {
  return (
    <Box p={3}>
      <IncidentDeskContent />
    </Box>
  );
}
