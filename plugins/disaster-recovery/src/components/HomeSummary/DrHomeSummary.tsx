import { Link } from '@backstage/core-components';
import { RouteRef, useApi, useRouteRef } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { CHECK_STATUSES } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { disasterRecoveryApiRef } from '../../api';
import { incidentsRouteRef, rootRouteRef } from '../../routes';
import { AsyncSection, StatusChip } from '../common';

/** A page's path, or undefined in an app that does not mount it. */
function usePath(ref: RouteRef): string | undefined {
  try {
    // useRouteRef throws after its hooks ran when the route is not mounted: the hook order holds
    return useRouteRef(ref)?.();
  } catch {
    return undefined;
  }
}

function Figure(props: { label: string; value: number; testId: string }) {
  return (
    <Box data-testid={props.testId}>
      <Typography variant="h4" component="span">
        {props.value}
      </Typography>{' '}
      <Typography variant="body2" component="span">
        {props.label}
      </Typography>
    </Box>
  );
}

/**
 * The DR numbers of the fleet for a home page, live from the backend: entities per posture,
 * those breaching now, open incidents, drills overdue on the calendar, and entities whose
 * owners' DR training is missing or expired. Each number loads on its own. Use it as the
 * content of a home page widget.
 *
 * @public
 */
export function DrHomeSummary() {
  const api = useApi(disasterRecoveryApiRef);
  const fleetPath = usePath(rootRouteRef);
  const deskPath = usePath(incidentsRouteRef);
  const fleet = useAsync(() => api.getFleet({ limit: 1 }), [api]);
  const incidents = useAsync(
    () => api.listIncidents({ state: 'open', limit: 3 }),
    [api],
  );
  const drills = useAsync(() => api.getDrillCalendar(), [api]);
  const training = useAsync(
    () =>
      api.getFleet({
        failingCheck: 'owner-training',
        status: ['fail'],
        limit: 1,
      }),
    [api],
  );
  return (
    <Grid container spacing={2}>
      <Grid item xs={12}>
        <AsyncSection state={fleet} title="Could not load the fleet posture">
          {value => (
            <>
              <Box display="flex" flexWrap="wrap" style={{ gap: 16 }}>
                {CHECK_STATUSES.map(s => (
                  <Box
                    key={s}
                    display="flex"
                    alignItems="center"
                    style={{ gap: 8 }}
                    data-testid={`home-count-${s}`}
                  >
                    <Typography variant="h4" component="span">
                      {value.counts[s] ?? 0}
                    </Typography>
                    <StatusChip status={s} />
                  </Box>
                ))}
              </Box>
              <Typography variant="body2">
                {value.counts.fail ?? 0} of {value.totalItems} entities breach
                an objective now.{' '}
                {fleetPath && (
                  <Link to={fleetPath}>Open the fleet posture</Link>
                )}
              </Typography>
            </>
          )}
        </AsyncSection>
      </Grid>
      <Grid item xs={12} md={4}>
        <AsyncSection state={incidents} title="Could not load incidents">
          {value => (
            <>
              <Figure
                value={value.totalItems}
                label={
                  value.totalItems === 1 ? 'open incident' : 'open incidents'
                }
                testId="home-open-incidents"
              />
              {value.items.map(i => (
                <Typography variant="body2" key={i.id}>
                  {i.id} {i.severity}: {i.title}
                </Typography>
              ))}
              {deskPath && <Link to={deskPath}>Incident desk</Link>}
            </>
          )}
        </AsyncSection>
      </Grid>
      <Grid item xs={12} md={4}>
        <AsyncSection state={drills} title="Could not load the drill calendar">
          {value => {
            const sum = (key: 'overdue' | 'due' | 'never') =>
              value.scenarios.reduce((n, s) => n + s.counts[key], 0);
            return (
              <>
                <Figure
                  value={sum('overdue')}
                  label="drills overdue"
                  testId="home-drills-overdue"
                />
                <Typography variant="body2">
                  {sum('due')} due and {sum('never')} never drilled, over{' '}
                  {value.scenarios.length} scenarios of {value.totalEntities}{' '}
                  entities
                </Typography>
              </>
            );
          }}
        </AsyncSection>
      </Grid>
      <Grid item xs={12} md={4}>
        <AsyncSection state={training} title="Could not load training">
          {value => (
            <Figure
              value={value.totalItems}
              label="entities whose owners' DR training is missing or expired"
              testId="home-training"
            />
          )}
        </AsyncSection>
      </Grid>
    </Grid>
  );
}
