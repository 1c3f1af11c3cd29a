import {
  type PostureResult,
  summarizeStatuses,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { StatusChip, formatBreach, formatRelative } from '../common';

/** One line: overall status, counts by status, next breach, when evaluated. */
export function PostureSummary(props: { posture: PostureResult }) {
  const { posture } = props;
  const counts = summarizeStatuses(posture.checks);
  return (
    <Box display="flex" alignItems="center" flexWrap="wrap" style={{ gap: 12 }}>
      <Typography variant="h6" component="span">
        Overall
      </Typography>
      <StatusChip status={posture.overall} size="medium" />
      <Typography variant="body2" component="span">
        {counts.fail} failing · {counts.unknown} unknown · {counts.warn} warning
        · {counts.pass} passing
      </Typography>
      <Typography variant="body2" component="span" color="textSecondary">
        {posture.nextBreachAt
          ? `Next: ${formatBreach(posture.nextBreachAt)}`
          : 'No upcoming breach predicted'}{' '}
        · evaluated {formatRelative(posture.evaluatedAt)}
      </Typography>
    </Box>
  );
}
