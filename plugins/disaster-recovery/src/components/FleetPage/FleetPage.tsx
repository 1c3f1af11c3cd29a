import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import useAsync from 'react-use/esm/useAsync';
import type { CheckStatus } from '@internal/backstage-plugin-disaster-recovery-common';
import { disasterRecoveryApiRef } from '../../api';
import { AsyncSection } from '../common';
import { PostureCounts } from './PostureCounts';
import { BreachingNow, NextBreaches } from './BreachLists';
import { FleetTable } from './FleetTable';
import { ComplianceMatrix } from './ComplianceMatrix';
import { MetricsCards } from './MetricsCards';
import { HistoryChart } from './HistoryChart';

/** How many entities the "breaching now" and "next breaches" lists show. */
const LIST_SIZE = 10;

/**
 * The fleet page's content: posture counts, what breaches now and next, the paged fleet table,
 * DR metrics, the data-class compliance matrix and the posture trend. Each part loads on its own,
 * so one failing request does not blank the page.
 */
export function FleetPageContent() {
  const api = useApi(disasterRecoveryApiRef);
  const [status, setStatus] = useState<CheckStatus[]>([]);

  const summary = useAsync(() => api.getFleet({ limit: 1 }), [api]);
  const breaching = useAsync(
    () =>
      api.getFleet({
        status: ['fail'],
        sort: 'title',
        order: 'asc',
        limit: LIST_SIZE,
      }),
    [api],
  );
  const upcoming = useAsync(
    () =>
      api.getFleet({
        status: ['pass', 'warn', 'unknown'],
        sort: 'nextBreachAt',
        order: 'asc',
        limit: LIST_SIZE,
      }),
    [api],
  );
  const metrics = useAsync(() => api.getMetrics(), [api]);
  const compliance = useAsync(() => api.getCompliance(), [api]);
  const history = useAsync(() => api.getHistory(), [api]);

  return (
    <Grid container spacing={3}>
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
        <FleetTable status={status} onStatusChange={setStatus} />
      </Grid>
      <Grid item xs={12}>
        <AsyncSection state={metrics} title="Could not load DR metrics">
          {value => <MetricsCards metrics={value} />}
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
