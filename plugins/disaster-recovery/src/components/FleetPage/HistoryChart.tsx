import { EmptyState, InfoCard } from '@backstage/core-components';
import { useTheme } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import {
  Area,
  AreaChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { DateTime } from 'luxon';
import type { PostureHistoryResponse } from '@dr-portal/backstage-plugin-disaster-recovery-common';

/**
 * The chart in words: the period, and each status's count at its start and end, so that the
 * trend does not depend on seeing the chart's colours.
 */
export function describeHistory(history: PostureHistoryResponse): string {
  const points = history.points;
  if (points.length === 0) return 'No posture history yet.';
  const first = points[0];
  const last = points[points.length - 1];
  const day = (iso: string) =>
    DateTime.fromISO(iso).toLocaleString(DateTime.DATE_MED);
  const statuses = ['fail', 'unknown', 'warn', 'pass'] as const;
  const changes = statuses.map(s => {
    const from = first.counts[s] ?? 0;
    const to = last.counts[s] ?? 0;
    return from === to
      ? `${s} ${to} (unchanged)`
      : `${s} from ${from} to ${to}`;
  });
  return `Entities per posture over ${points.length} evaluation${
    points.length === 1 ? '' : 's'
  } from ${day(first.at)} to ${day(last.at)}: ${changes.join(', ')}.`;
}

/** The fleet's posture counts over time as a stacked area chart (recharts), with a text description. */
export function HistoryChart(props: { history: PostureHistoryResponse }) {
  const theme = useTheme();
  const data = props.history.points.map(p => ({
    at: DateTime.fromISO(p.at).toLocaleString(DateTime.DATE_SHORT),
    pass: p.counts.pass ?? 0,
    warn: p.counts.warn ?? 0,
    unknown: p.counts.unknown ?? 0,
    fail: p.counts.fail ?? 0,
  }));
  const series = [
    { key: 'pass', color: theme.palette.success.main },
    { key: 'warn', color: theme.palette.warning.main },
    { key: 'unknown', color: theme.palette.grey[500] },
    { key: 'fail', color: theme.palette.error.main },
  ];
  return (
    <InfoCard title="Posture trend" variant="fullHeight">
      {data.length === 0 ? (
        <EmptyState missing="data" title="No posture history yet" />
      ) : (
        <figure style={{ margin: 0 }}>
          <div
            style={{ width: '100%', height: 300 }}
            role="img"
            aria-label="Posture trend chart"
            aria-describedby="dr-posture-trend-description"
          >
            <ResponsiveContainer>
              <AreaChart data={data}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="at" />
                <YAxis allowDecimals={false} />
                <Tooltip />
                <Legend />
                {series.map(s => (
                  <Area
                    key={s.key}
                    type="monotone"
                    dataKey={s.key}
                    stackId="posture"
                    stroke={s.color}
                    fill={s.color}
                    isAnimationActive={false}
                  />
                ))}
              </AreaChart>
            </ResponsiveContainer>
          </div>
          <Typography
            component="figcaption"
            variant="body2"
            id="dr-posture-trend-description"
          >
            {describeHistory(props.history)}
          </Typography>
        </figure>
      )}
    </InfoCard>
  );
}
