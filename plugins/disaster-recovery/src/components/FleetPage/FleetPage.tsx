import { useEffect, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import type { CheckStatus } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { disasterRecoveryApiRef } from '../../api';
import { AsyncSection, formatSeconds, formatTimestamp } from '../common';
import { PostureCounts } from './PostureCounts';
import { BreachingNow, NextBreaches } from './BreachLists';
import { FleetDrillFilter, FleetTable } from './FleetTable';
import { DrillCalendarCard } from './DrillCalendarCard';
import { ComplianceMatrix } from './ComplianceMatrix';
import { MetricsCards } from './MetricsCards';
import { HistoryChart } from './HistoryChart';
import { IncidentReliabilityChart } from './IncidentReliabilityChart';
import { PlatformFindings } from './PlatformFindings';

/** How many entities the "breaching now" and "next breaches" lists show. */
const LIST_SIZE = 10;

/** How often the fleet page reloads by itself (the posture is re-evaluated in the background). */
export const FLEET_REFRESH_INTERVAL_MS = 60_000;

/**
 * The fleet page's content: posture counts, what breaches now and next, drills against the
 * calendar, the paged fleet table,
 * DR metrics, the data-class compliance matrix and the posture trend. Each part loads on its own,
 * so one failing request does not blank the page.
 */
export function FleetPageContent(props: {
  /** Reload interval (default {@link FLEET_REFRESH_INTERVAL_MS}); 0 turns it off. */
  refreshIntervalMs?: number;
}) {
  const refreshIntervalMs =
    props.refreshIntervalMs ?? FLEET_REFRESH_INTERVAL_MS;
  const api = useApi(disasterRecoveryApiRef);
  const [status, setStatus] = useState<CheckStatus[]>([]);
  const [drillFilter, setDrillFilter] = useState<FleetDrillFilter>();
  // every part reloads when `refresh` changes: on the interval, or from the button
  const [refresh, setRefresh] = useState(0);
  const [loadedAt, setLoadedAt] = useState(() => new Date());
  useEffect(() => {
    if (!refreshIntervalMs) return undefined;
    const timer = setInterval(() => setRefresh(n => n + 1), refreshIntervalMs);
    return () => clearInterval(timer);
  }, [refreshIntervalMs]);
  useEffect(() => setLoadedAt(new Date()), [refresh]);

  const summary = useAsync(() => api.getFleet({ limit: 1 }), [api, refresh]);
  const breaching = useAsync(
    () =>
      api.getFleet({
        status: ['fail'],
        sort: 'title',
        order: 'asc',
        limit: LIST_SIZE,
      }),
    [api, refresh],
  );
  // every status: a failing entity breaches further checks too, and its row says so
  const upcoming = useAsync(
    () =>
      api.getFleet({
        sort: 'nextBreachAt',
        order: 'asc',
        limit: LIST_SIZE,
      }),
    [api, refresh],
  );
  const metrics = useAsync(() => api.getMetrics(), [api, refresh]);
  const compliance = useAsync(() => api.getCompliance(), [api, refresh]);
  const history = useAsync(() => api.getHistory(), [api, refresh]);
  const drills = useAsync(() => api.getDrillCalendar(), [api, refresh]);

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <Box display="flex" alignItems="center" style={{ gap: 16 }}>
          <Typography variant="body2" color="textSecondary">
            Updated {formatTimestamp(loadedAt.toISOString())}
            {refreshIntervalMs
              ? ` · reloads every ${formatSeconds(refreshIntervalMs / 1000)}`
              : ''}
          </Typography>
          <Button
            size="small"
            variant="outlined"
            onClick={() => setRefresh(n => n + 1)}
          >
            Reload
          </Button>
        </Box>
      </Grid>
      <Grid item xs={12}>
        <AsyncSection state={summary} title="Could not load the fleet posture">
          {value => (
            <PostureCounts
              counts={value.counts}
              total={value.totalItems}
              onSelect={s => setStatus([s])}
            />
          )}
        </AsyncSection>
      </Grid>
      <Grid item xs={12}>
        <PlatformFindings refresh={refresh} />
      </Grid>
      <Grid item xs={12} md={6}>
        <AsyncSection state={breaching} title="Could not load failing entities">
          {value => (
            <BreachingNow items={value.items} total={value.totalItems} />
          )}
        </AsyncSection>
      </Grid>
      <Grid item xs={12} md={6}>
        <AsyncSection state={upcoming} title="Could not load next breaches">
          {value => <NextBreaches items={value.items} />}
        </AsyncSection>
      </Grid>
      <Grid item xs={12}>
        <AsyncSection state={drills} title="Could not load the drill calendar">
          {value => (
            <DrillCalendarCard calendar={value} onSelect={setDrillFilter} />
          )}
        </AsyncSection>
      </Grid>
      <Grid item xs={12}>
        <FleetTable
          status={status}
          onStatusChange={setStatus}
          refresh={refresh}
          drillFilter={drillFilter}
          onDrillFilterClear={() => setDrillFilter(undefined)}
        />
      </Grid>
      <Grid item xs={12}>
        <AsyncSection state={metrics} title="Could not load DR metrics">
          {value => (
            <>
              <MetricsCards metrics={value} />
              {value.incidents && (
                <Box mt={3}>
                  <IncidentReliabilityChart
                    metrics={value.incidents}
                    windowDays={value.windowDays}
                  />
                </Box>
              )}
            </>
          )}
        </AsyncSection>
      </Grid>
      <Grid item xs={12} lg={6}>
        <AsyncSection state={compliance} title="Could not load compliance">
          {value => <ComplianceMatrix matrix={value} />}
        </AsyncSection>
      </Grid>
      <Grid item xs={12} lg={6}>
        <AsyncSection state={history} title="Could not load posture history">
          {value => <HistoryChart history={value} />}
        </AsyncSection>
      </Grid>
    </Grid>
  );
}

/** The fleet page for the new frontend system, whose page header comes from the app. */
export function FleetPage() {
  return (
    <Box p={3}>
      <FleetPageContent />
    </Box>
  );
}
