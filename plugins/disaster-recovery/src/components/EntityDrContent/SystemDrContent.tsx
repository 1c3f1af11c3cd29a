import { useState } from 'react';
import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import {
  CHECK_STATUSES,
  overallStatus,
  type CheckStatus,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import useAsync from 'react-use/esm/useAsync';
import { disasterRecoveryApiRef } from '../../api';
import { AsyncSection, StatusChip } from '../common';
import { FleetTable } from '../FleetPage/FleetTable';
import { PostureCounts } from '../FleetPage/PostureCounts';

/** The worst status that any of the counted entities has; `unknown` when none is counted. */
export function worstOfCounts(
  counts: Record<CheckStatus, number>,
): CheckStatus {
  return overallStatus(CHECK_STATUSES.filter(s => (counts[s] ?? 0) > 0));
}

/**
 * The DR tab of a System: its posture is the worst of its databases and tenants, with their
 * counts by status (a tile filters the list), and the paged list of them linking to each.
 * A System has no database target of its own: no backups, runs or restored copies here.
 */
export function SystemDrContent(props: { entityRef: string }) {
  const { entityRef } = props;
  const api = useApi(disasterRecoveryApiRef);
  const [status, setStatus] = useState<CheckStatus[]>([]);
  const summary = useAsync(
    () => api.getFleet({ system: entityRef, limit: 1 }),
    [api, entityRef],
  );
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <AsyncSection
          state={summary}
          title="Could not load the posture of the system"
        >
          {v =>
            v.totalItems === 0 ? (
              <InfoCard title="System posture">
                <Typography variant="body2">
                  No database or tenant of this system is evaluated: nothing to
                  roll up.
                </Typography>
              </InfoCard>
            ) : (
              <>
                <Box
                  display="flex"
                  alignItems="center"
                  mb={1}
                  style={{ gap: 8 }}
                >
                  <Typography variant="h6" component="h2">
                    System posture:
                  </Typography>
                  <StatusChip status={worstOfCounts(v.counts)} />
                  <Typography variant="body2" color="textSecondary">
                    the worst of its {v.totalItems} databases and tenants
                  </Typography>
                </Box>
                <PostureCounts
                  title="Databases and tenants by posture"
                  counts={v.counts}
                  total={v.totalItems}
                  onSelect={s => setStatus([s])}
                />
              </>
            )
          }
        </AsyncSection>
      </Grid>
      <Grid item xs={12}>
        <FleetTable
          status={status}
          onStatusChange={setStatus}
          scope={{ system: entityRef }}
          title="Databases and tenants of this system"
        />
      </Grid>
    </Grid>
  );
}
