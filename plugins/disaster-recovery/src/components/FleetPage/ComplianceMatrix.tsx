import {
  CHECK_STATUSES,
  type CheckStatus,
  type ComplianceMatrixResponse,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { EmptyState, InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import MuiTable from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { StatusChip } from '../common';

function Counts(props: {
  target: string;
  counts: Record<CheckStatus, number> | undefined;
}) {
  const entries = CHECK_STATUSES.map(
    s => [s, props.counts?.[s] ?? 0] as const,
  ).filter(([, n]) => n > 0);
  return (
    <>
      <Typography variant="body2" color="textSecondary">
        {props.target}
      </Typography>
      <Box display="flex" flexWrap="wrap" style={{ gap: 4 }}>
        {entries.length === 0 ? (
          <StatusChip status="unknown" label="no entities" />
        ) : (
          entries.map(([s, n]) => (
            <StatusChip key={s} status={s} label={`${n} ${s}`} />
          ))
        )}
      </Box>
    </>
  );
}

/** Data classes by backup frequency and retention compliance, counted over the fleet. */
export function ComplianceMatrix(props: { matrix: ComplianceMatrixResponse }) {
  const { dataClasses, rows } = props.matrix;
  return (
    <InfoCard title="Data-class compliance" variant="fullHeight">
      {dataClasses.length === 0 ? (
        <EmptyState missing="data" title="No data classes in the policy" />
      ) : (
        <MuiTable size="small" aria-label="Data-class compliance matrix">
          <TableHead>
            <TableRow>
              <TableCell>Data class</TableCell>
              <TableCell>Backup frequency</TableCell>
              <TableCell>Retention</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {dataClasses.map(dc => {
              const row = rows.find(r => r.dataClass === dc.id);
              return (
                <TableRow key={dc.id}>
                  <TableCell>
                    <Typography variant="body2">{dc.title}</Typography>
                    <Typography variant="caption" color="textSecondary">
                      {dc.classification}
                    </Typography>
                  </TableCell>
                  <TableCell>
                    <Counts target={dc.frequency} counts={row?.frequency} />
                  </TableCell>
                  <TableCell>
                    <Counts target={dc.retention} counts={row?.retention} />
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </MuiTable>
      )}
    </InfoCard>
  );
}
