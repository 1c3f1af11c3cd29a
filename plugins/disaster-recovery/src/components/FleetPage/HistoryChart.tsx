import { EmptyState, InfoCard } from '@backstage/core-components';
import { useTheme } from '@material-ui/core/styles';
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

/** The fleet's posture counts over time as a stacked area chart (recharts). */
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
        <div
          style={{ width: '100%', height: 300 }}
          aria-label="Posture trend chart"
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
      )}
    </InfoCard>
  );
}
