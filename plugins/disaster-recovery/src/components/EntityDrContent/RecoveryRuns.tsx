import { EmptyState, InfoCard } from '@backstage/core-components';
import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Box from '@material-ui/core/Box';
import MuiTable from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import type { RecoveryRun } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import {
  RunEvidenceLink,
  StatusChip,
  formatRelative,
  formatSeconds,
  formatTimestamp,
  runStatusColor,
  secondsBetween,
} from '../common';

function duration(start?: string, end?: string): string {
  const s = secondsBetween(start, end);
  return s === undefined ? '—' : formatSeconds(s);
}

/** Where a run acted, when not on the entity whose tab shows it (e.g. its shared database). */
export function actedOn(
  run: RecoveryRun,
  entityRef?: string,
): string | undefined {
  if (!entityRef || run.entityRef === entityRef) return undefined;
  return run.databaseRef === run.entityRef
    ? `on shared database ${run.entityRef}`
    : `on ${run.entityRef}`;
}

function RunSummary(props: { run: RecoveryRun; entityRef?: string }) {
  const { run } = props;
  const where = actedOn(run, props.entityRef);
  const facts = [
    run.purpose,
    where,
    `by ${run.initiatedBy}`,
    `started ${formatRelative(run.startedAt)}`,
    run.finishedAt
      ? `took ${duration(run.startedAt, run.finishedAt)}`
      : 'not finished',
    run.achievedRtoSeconds !== undefined
      ? `achieved RTO ${formatSeconds(run.achievedRtoSeconds)}`
      : undefined,
    run.dataLossSeconds !== undefined
      ? `data loss ${formatSeconds(run.dataLossSeconds)}`
      : undefined,
  ].filter(Boolean);
  return (
    <Box display="flex" alignItems="center" flexWrap="wrap" style={{ gap: 8 }}>
      <StatusChip status={runStatusColor(run.status)} label={run.status} />
      <Typography variant="subtitle2">
        {run.operation}
        {run.scenario ? ` (${run.scenario})` : ''} on {run.target}
      </Typography>
      {run.dryRun && <StatusChip status="unknown" label="dry run" />}
      <Typography variant="body2" color="textSecondary">
        {facts.join(' · ')}
      </Typography>
    </Box>
  );
}

/** A run's error, restore point and steps with their timings. */
export function RunSteps(props: { run: RecoveryRun }) {
  const { run } = props;
  return (
    <Box width="100%">
      {run.error && (
        <Typography color="error" variant="body2" gutterBottom>
          {run.error}
        </Typography>
      )}
      {run.restorePoint && (
        <Typography variant="body2" gutterBottom>
          Restore point: {formatTimestamp(run.restorePoint)}
        </Typography>
      )}
      <MuiTable size="small" aria-label={`Steps of run ${run.id}`}>
        <TableHead>
          <TableRow>
            <TableCell>Step</TableCell>
            <TableCell>Status</TableCell>
            <TableCell>Started</TableCell>
            <TableCell>Duration</TableCell>
            <TableCell>Detail</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {run.steps.map(step => (
            <TableRow key={step.id}>
              <TableCell>{step.title}</TableCell>
              <TableCell>
                <StatusChip
                  status={runStatusColor(step.status)}
                  label={step.status}
                />
              </TableCell>
              <TableCell>{formatTimestamp(step.startedAt)}</TableCell>
              <TableCell>{duration(step.startedAt, step.finishedAt)}</TableCell>
              <TableCell>{step.detail ?? ''}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </MuiTable>
    </Box>
  );
}

/** Recent recovery runs of an entity (restores, failovers, drills, verifications) with step timings. */
export function RecoveryRuns(props: {
  runs: RecoveryRun[];
  max?: number;
  /** The entity whose tab this is: runs that acted elsewhere say where. */
  entityRef?: string;
}) {
  const runs = [...props.runs]
    .sort((a, b) => b.startedAt.localeCompare(a.startedAt))
    .slice(0, props.max ?? 10);
  return (
    <InfoCard title="Recent recovery runs">
      {runs.length === 0 ? (
        <EmptyState
          missing="data"
          title="No recovery runs recorded"
          description="Backups, verifications, restores, failovers and drills run from the scaffolder templates are recorded here."
        />
      ) : (
        runs.map(run => (
          <Accordion key={run.id} TransitionProps={{ unmountOnExit: true }}>
            <AccordionSummary expandIcon={<ExpandMoreIcon />}>
              <RunSummary run={run} entityRef={props.entityRef} />
            </AccordionSummary>
            <AccordionDetails>
              <Box width="100%">
                <RunEvidenceLink
                  runId={run.id}
                  label={`Evidence of run ${run.id}`}
                />
                <RunSteps run={run} />
              </Box>
            </AccordionDetails>
          </Accordion>
        ))
      )}
    </InfoCard>
  );
}
