import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import ButtonBase from '@material-ui/core/ButtonBase';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import {
  CHECK_STATUSES,
  type CheckStatus,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { StatusChip } from '../common';

/** Props of {@link PostureCounts}. */
export interface PostureCountsProps {
  counts: Record<CheckStatus, number>;
  total: number;
  /** Called with a status when its tile is clicked (to filter the table). */
  onSelect?: (status: CheckStatus) => void;
  /** Card title (default "Fleet posture"). */
  title?: string;
}

/** The fleet's overall statuses as four counted tiles. */
export function PostureCounts(props: PostureCountsProps) {
  const { counts, total, onSelect } = props;
  return (
    <InfoCard
      title={props.title ?? 'Fleet posture'}
      subheader={`${total} ${total === 1 ? 'entity' : 'entities'} evaluated`}
    >
      <Grid container spacing={2}>
        {CHECK_STATUSES.map(status => (
          <Grid item xs={6} md={3} key={status}>
            <ButtonBase
              onClick={() => onSelect?.(status)}
              aria-label={`Show ${status} entities`}
              style={{ width: '100%', justifyContent: 'flex-start' }}
            >
              <Box
                p={1}
                display="flex"
                flexDirection="column"
                alignItems="flex-start"
                data-testid={`posture-count-${status}`}
              >
                <Typography variant="h3" component="span">
                  {counts[status] ?? 0}
                </Typography>
                <StatusChip status={status} />
              </Box>
            </ButtonBase>
          </Grid>
        ))}
      </Grid>
    </InfoCard>
  );
}
