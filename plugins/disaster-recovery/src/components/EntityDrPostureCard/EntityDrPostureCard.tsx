import {
  compareStatus,
  type PostureResult,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { disasterRecoveryApiRef } from '../../api';
import {
  StatusChip,
  formatBreach,
  formatIsoDuration,
  toCheckStatus,
} from '../common';
import { isNotFound } from '../EntityDrContent/isNotFound';

/** How many not-passing checks the card lists before summarising the rest. */
const MAX_LISTED = 5;

function PostureCardBody(props: { posture: PostureResult }) {
  const { posture } = props;
  const o = posture.objectives;
  const notPassing = posture.checks
    .filter(c => toCheckStatus(c.status) !== 'pass')
    .sort((a, b) => compareStatus(a.status, b.status));
  const failing = notPassing.filter(c => c.status === 'fail');
  const listed = (failing.length ? failing : notPassing).slice(0, MAX_LISTED);
  const rest = notPassing.length - listed.length;
  return (
    <>
      <Box
        display="flex"
        alignItems="center"
        flexWrap="wrap"
        style={{ gap: 8 }}
      >
        <StatusChip status={posture.overall} size="medium" />
        <Typography variant="body2">
          Tier {o.tier}: RTO {formatIsoDuration(o.rto)} · RPO{' '}
          {formatIsoDuration(o.rpo)} · MTD {formatIsoDuration(o.mtd)} ·{' '}
          {o.availability} %
        </Typography>
      </Box>
      {posture.nextBreachAt && (
        <Typography variant="body2" color="textSecondary">
          Next: {formatBreach(posture.nextBreachAt)}
        </Typography>
      )}
      {listed.length === 0 ? (
        <Box mt={1}>
          <Typography variant="body2">
            All {posture.checks.length} checks pass.
          </Typography>
        </Box>
      ) : (
        <List dense>
          {listed.map(c => (
            <ListItem key={c.id} disableGutters>
              <Box mr={1}>
                <StatusChip status={c.status} />
              </Box>
              <ListItemText primary={c.title} secondary={c.reason} />
            </ListItem>
          ))}
        </List>
      )}
      {rest > 0 && (
        <Typography variant="caption" color="textSecondary">
          and {rest} more not passing
        </Typography>
      )}
    </>
  );
}

/** Overview card: the entity's overall DR posture and the checks that fail. */
export function EntityDrPostureCard() {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const api = useApi(disasterRecoveryApiRef);
  const posture = useAsync(
    () => api.getEntityPosture(entityRef),
    [api, entityRef],
  );
  let body;
  if (posture.loading) body = <Progress />;
  else if (posture.error) {
    body = isNotFound(posture.error) ? (
      <EmptyState missing="data" title="No DR posture for this entity" />
    ) : (
      <ResponseErrorPanel error={posture.error} />
    );
  } else if (posture.value) body = <PostureCardBody posture={posture.value} />;
  return <InfoCard title="DR posture">{body}</InfoCard>;
}
