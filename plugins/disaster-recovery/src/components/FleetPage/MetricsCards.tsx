import { InfoCard } from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import type { DrMetricsResponse } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { NO_EVIDENCE, formatRate, formatSeconds } from '../common';

function Metric(props: { label: string; value: string; help: string }) {
  const missing = props.value === NO_EVIDENCE;
  return (
    <Grid item xs={12} sm={6} md>
      <Typography variant="overline" component="div">
        {props.label}
      </Typography>
      <Typography
        variant={missing ? 'h6' : 'h4'}
        component="div"
        color={missing ? 'textSecondary' : 'textPrimary'}
        aria-label={`${props.label}: ${props.value}`}
      >
        {props.value}
      </Typography>
      <Typography variant="caption" color="textSecondary">
        {props.help}
      </Typography>
    </Grid>
  );
}

/** The plan's DR metrics; a metric without evidence says so rather than showing zero. */
export function MetricsCards(props: { metrics: DrMetricsResponse }) {
  const m = props.metrics;
  return (
    <InfoCard title="DR metrics" subheader={`Last ${m.windowDays} days`}>
      <Grid container spacing={3}>
        <Metric
          label="MTTR"
          value={formatSeconds(m.mttrSeconds)}
          help="Mean time to recovery of real incidents (start to resolution)"
        />
        <Metric
          label="MTBF"
          value={formatSeconds(m.mtbfSeconds)}
          help="Mean time between failures (real incidents)"
        />
        <Metric
          label="Backup success rate"
          value={formatRate(m.backupSuccessRate)}
          help="Backup attempts that succeeded"
        />
        <Metric
          label="Test completion rate"
          value={formatRate(m.testCompletionRate)}
          help="Scheduled DR tests done on time"
        />
        <Metric
          label="Documentation currency"
          value={formatRate(m.documentationCurrency)}
          help="Runbooks reviewed within their interval"
        />
      </Grid>
    </InfoCard>
  );
}
