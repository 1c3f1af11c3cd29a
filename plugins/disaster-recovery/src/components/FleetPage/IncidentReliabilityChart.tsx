import { EmptyState, InfoCard } from '@backstage/core-components';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { useTheme } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { IncidentReliabilityMetrics } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { EntityLink, formatSeconds } from '../common';

const HOUR = 3600;
const DAY = 24 * HOUR;

/** The chart in words: MTTR and MTBF of each tier. */
export function describeReliability(m: IncidentReliabilityMetrics): string {
  return `${m.incidents} incident${m.incidents === 1 ? '' : 's'}: ${m.byTier
    .map(
      t =>
        `tier ${t.tier} MTTR ${formatSeconds(
          t.mttrSeconds,
        )}, MTBF ${formatSeconds(t.mtbfSeconds)} (${t.incidents} incident${
          t.incidents === 1 ? '' : 's'
        })`,
    )
    .join('; ')}.`;
}

/**
 * MTTR and MTBF from incidents per tier as a bar chart (recharts; MTTR in hours, MTBF in days),
 * described in words, and per tenant as a table of the tenants with the most incidents.
 */
export function IncidentReliabilityChart(props: {
  metrics: IncidentReliabilityMetrics;
  windowDays: number;
}) {
  const theme = useTheme();
  const m = props.metrics;
  const data = m.byTier.map(t => ({
    tier: t.tier,
    'MTTR (hours)':
      t.mttrSeconds === null ? 0 : Math.round((t.mttrSeconds / HOUR) * 10) / 10,
    'MTBF (days)':
      t.mtbfSeconds === null ? 0 : Math.round((t.mtbfSeconds / DAY) * 10) / 10,
  }));
  return (
    <InfoCard
      title="Incident reliability"
      subheader={`MTTR and MTBF from real incidents (drills excluded), last ${props.windowDays} days`}
    >
      {m.incidents === 0 ? (
        <EmptyState
          missing="data"
          title="No incident in the window"
          description="MTTR and MTBF are measured from incidents declared at the incident desk."
        />
      ) : (
        <>
          <figure style={{ margin: 0 }}>
            <div
              style={{ width: '100%', height: 260 }}
              role="img"
              aria-label="MTTR and MTBF per tier chart"
              aria-describedby="dr-incident-reliability-description"
            >
              <ResponsiveContainer>
                <BarChart data={data}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="tier" />
                  <YAxis />
                  <Tooltip />
                  <Legend />
                  <Bar
                    dataKey="MTTR (hours)"
                    fill={theme.palette.error.main}
                    isAnimationActive={false}
                  />
                  <Bar
                    dataKey="MTBF (days)"
                    fill={theme.palette.success.main}
                    isAnimationActive={false}
                  />
                </BarChart>
              </ResponsiveContainer>
            </div>
            <Typography
              component="figcaption"
              variant="body2"
              id="dr-incident-reliability-description"
            >
              {describeReliability(m)}
            </Typography>
          </figure>
          <Table size="small" aria-label="Incidents per tenant">
            <TableHead>
              <TableRow>
                <TableCell>Tenant</TableCell>
                <TableCell>Tier</TableCell>
                <TableCell>Incidents</TableCell>
                <TableCell>MTTR</TableCell>
                <TableCell>MTBF</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {m.byTenant.map(t => (
                <TableRow key={t.entityRef}>
                  <TableCell>
                    <EntityLink entityRef={t.entityRef} />
                  </TableCell>
                  <TableCell>{t.tier}</TableCell>
                  <TableCell>{t.incidents}</TableCell>
                  <TableCell>{formatSeconds(t.mttrSeconds)}</TableCell>
                  <TableCell>{formatSeconds(t.mtbfSeconds)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          {m.moreTenants > 0 && (
            <Typography variant="caption" color="textSecondary">
              and {m.moreTenants} more tenant{m.moreTenants === 1 ? '' : 's'}{' '}
              with incidents
            </Typography>
          )}
        </>
      )}
    </InfoCard>
  );
}
