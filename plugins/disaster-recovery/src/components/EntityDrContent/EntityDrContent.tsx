import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import useAsync from 'react-use/esm/useAsync';
import { disasterRecoveryApiRef } from '../../api';
import { AsyncSection } from '../common';
import { BackupsTable } from './BackupsTable';
import { ChecksTable } from './ChecksTable';
import { DrillReports } from './DrillReports';
import { ObjectivesCard } from './ObjectivesCard';
import { PostureSummary } from './PostureSummary';
import { RecoveryActionsCard } from './RecoveryActionsCard';
import { RecoveryRuns } from './RecoveryRuns';
import { RecoveryWindowCard } from './RecoveryWindowCard';
import { RestoredCopies } from './RestoredCopies';
import { SystemDrContent } from './SystemDrContent';
import { TopologyCard } from './TopologyCard';
import { isNotFound } from './isNotFound';
import { IncidentBanner } from '../IncidentDesk/IncidentBanner';

/**
 * The entity's DR tab: a System's roll-up of its databases and tenants, or the tab of a
 * database or tenant Resource (below).
 */
export function EntityDrContent() {
  const { entity } = useEntity();
  return entity.kind.toLocaleLowerCase('en-US') === 'system' ? (
    <SystemDrContent entityRef={stringifyEntityRef(entity)} />
  ) : (
    <ResourceDrContent />
  );
}

/**
 * The DR tab of a database or tenant: targets next to measured reality, every check with its reason and breach
 * time, the backups with their verification, the drills' test reports (downloadable as Markdown),
 * the recent recovery runs with step timings, and the restored copies waiting to be discarded.
 */
function ResourceDrContent() {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const api = useApi(disasterRecoveryApiRef);
  const posture = useAsync(
    () => api.getEntityPosture(entityRef),
    [api, entityRef],
  );
  const runs = useAsync(
    () => api.getRecoveryRuns({ entityRef }),
    [api, entityRef],
  );
  const copies = useAsync(
    () => api.getRestoredCopies(entityRef),
    [api, entityRef],
  );

  if (posture.loading) return <Progress />;
  if (posture.error) {
    return isNotFound(posture.error) ? (
      <EmptyState
        missing="data"
        title="No DR posture for this entity"
        description="The disaster-recovery backend does not evaluate this entity. Tenants and databases need a tier and a target annotation."
      />
    ) : (
      <ResponseErrorPanel
        error={posture.error}
        title="Could not load the DR posture"
      />
    );
  }
  const value = posture.value;
  if (!value) return null;

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <IncidentBanner entityRef={entityRef} />
        <Box mb={1}>
          <PostureSummary posture={value} />
        </Box>
        <ObjectivesCard posture={value} runs={runs.value?.items ?? []} />
      </Grid>
      <Grid item xs={12}>
        <ChecksTable checks={value.checks} />
      </Grid>
      <Grid item xs={12}>
        <BackupsTable entityRef={entityRef} />
      </Grid>
      <Grid item xs={12}>
        <RecoveryActionsCard entity={entity} />
      </Grid>
      <Grid item xs={12}>
        <RecoveryWindowCard entity={entity} />
      </Grid>
      <Grid item xs={12}>
        <TopologyCard entity={entity} />
      </Grid>
      <Grid item xs={12}>
        <AsyncSection state={runs} title="Could not load recovery runs">
          {v => (
            <>
              <DrillReports runs={v.items} />
              <Box mt={3}>
                <RecoveryRuns runs={v.items} entityRef={entityRef} />
              </Box>
            </>
          )}
        </AsyncSection>
      </Grid>
      <Grid item xs={12}>
        <AsyncSection state={copies} title="Could not list restored copies">
          {v => <RestoredCopies items={v.items} />}
        </AsyncSection>
      </Grid>
    </Grid>
  );
}
