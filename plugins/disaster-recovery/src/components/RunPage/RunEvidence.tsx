import { EmptyState, InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import MuiTable from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  RUN_PURPOSE_FEEDS,
  type RecoveryRun,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import useAsync from 'react-use/esm/useAsync';
import { disasterRecoveryApiRef } from '../../api';
import {
  AsyncSection,
  EntityLink,
  LabelledRow,
  StatusChip,
  formatRelative,
  formatSeconds,
  formatTimestamp,
  runStatusColor,
  secondsBetween,
} from '../common';
import { DrillReports } from '../EntityDrContent/DrillReports';
import { RunSteps } from '../EntityDrContent/RecoveryRuns';
import { isNotFound } from '../EntityDrContent/isNotFound';

/** Output keys shown in their own section rather than among the outputs. */
const OWN_SECTIONS = new Set([
  'report',
  'acceptedWarnings',
  'acceptRisks',
  'acceptedRisks',
]);

const USES: Record<string, string> = {
  'recovery-objectives': 'recovery objectives (achieved RTO, data loss)',
  'reliability-metrics': 'MTTR and MTBF',
  'verification-checks': 'verification checks',
  'drill-checks': 'drill checks',
};

/** What the run's evidence counts for, in words. */
export function purposeText(run: RecoveryRun): string {
  if (run.dryRun) return 'dry run: a plan, counts for nothing';
  if (!run.purpose) return 'none: counts for no objective or metric';
  const uses = RUN_PURPOSE_FEEDS[run.purpose].map(u => USES[u] ?? u);
  return `${run.purpose}: counts for ${uses.join(' and ')}`;
}

/** A run output value as text: scalars as they are, lists and objects as JSON. */
function valueText(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  return JSON.stringify(value);
}

/** One accepted warning or risk as a line of text. */
function riskText(item: unknown): string {
  if (item && typeof item === 'object') {
    const r = item as { id?: unknown; status?: unknown; detail?: unknown };
    if (r.id !== undefined) {
      return [r.id, r.status, r.detail]
        .filter(v => v !== undefined)
        .map(String)
        .join(' · ');
    }
  }
  return valueText(item);
}

/** The warnings and risks the run went ahead with because its caller accepted them. */
export function acceptedRisksOf(run: RecoveryRun): string[] {
  const out = run.output ?? {};
  return ['acceptedWarnings', 'acceptedRisks', 'acceptRisks']
    .flatMap(key => (Array.isArray(out[key]) ? (out[key] as unknown[]) : []))
    .map(riskText)
    .filter((v, i, all) => all.indexOf(v) === i);
}

/** One event of the run's audit trail. */
export interface AuditTrailEntry {
  at: string;
  event: string;
  detail: string;
}

/**
 * The run's audit trail as its record holds it: the request (audit event `recovery-operation`,
 * opened when the run was asked for), each step, and the end that closed the event with its
 * outcome, recovery times and accepted risks.
 */
export function auditTrailOf(run: RecoveryRun): AuditTrailEntry[] {
  const entries: AuditTrailEntry[] = [
    {
      at: run.startedAt,
      event: 'recovery-operation requested',
      detail: `${run.dryRun ? 'plan' : 'start'} ${run.operation} of ${
        run.entityRef
      } by ${run.initiatedBy}`,
    },
  ];
  for (const step of run.steps) {
    if (step.startedAt) {
      entries.push({
        at: step.startedAt,
        event: `step ${step.id} started`,
        detail: step.title,
      });
    }
    if (step.finishedAt) {
      entries.push({
        at: step.finishedAt,
        event: `step ${step.id} ${step.status}`,
        detail: step.detail ?? step.title,
      });
    }
  }
  if (run.finishedAt) {
    const risks = acceptedRisksOf(run);
    entries.push({
      at: run.finishedAt,
      event: `recovery-operation ${
        run.status === 'succeeded' ? 'succeeded' : 'failed'
      }`,
      detail: [
        `run ${run.status}`,
        run.error,
        risks.length ? `accepted: ${risks.join('; ')}` : undefined,
      ]
        .filter(Boolean)
        .join(' · '),
    });
  }
  return entries.sort((a, b) => a.at.localeCompare(b.at));
}

function Facts(props: { run: RecoveryRun }) {
  const { run } = props;
  const took = secondsBetween(run.startedAt, run.finishedAt);
  const rows: Array<[string, React.ReactNode]> = [
    [
      'Status',
      <StatusChip status={runStatusColor(run.status)} label={run.status} />,
    ],
    [
      'Operation',
      `${run.operation}${run.scenario ? ` (scenario ${run.scenario})` : ''}${
        run.dryRun ? ', dry run' : ''
      }`,
    ],
    ['Purpose', purposeText(run)],
    [
      'Acted on',
      <>
        <EntityLink entityRef={run.entityRef} />
        {run.databaseRef && run.databaseRef !== run.entityRef && (
          <Typography variant="body2" component="span">
            {' '}
            in shared database <EntityLink entityRef={run.databaseRef} />
          </Typography>
        )}
        <Typography variant="body2" component="span" color="textSecondary">
          {` target ${run.target}`}
        </Typography>
      </>,
    ],
    ['Started by', run.initiatedBy],
    [
      'Started',
      `${formatTimestamp(run.startedAt)} (${formatRelative(run.startedAt)})`,
    ],
    [
      'Finished',
      run.finishedAt
        ? `${formatTimestamp(run.finishedAt)}, took ${formatSeconds(took)}`
        : 'not finished',
    ],
  ];
  if (run.achievedRtoSeconds !== undefined) {
    rows.push(['Achieved RTO', formatSeconds(run.achievedRtoSeconds)]);
  }
  if (run.dataLossSeconds !== undefined) {
    rows.push(['Data loss', formatSeconds(run.dataLossSeconds)]);
  }
  if (run.restorePoint) {
    rows.push(['Restore point', formatTimestamp(run.restorePoint)]);
  }
  if (run.error) rows.push(['Error', run.error]);
  return (
    <Box display="flex" flexDirection="column" style={{ gap: 8 }}>
      {rows.map(([label, value]) => (
        <LabelledRow key={label} label={label} labelWidth={120}>
          {typeof value === 'string' ? (
            <Typography variant="body2" component="span">
              {value}
            </Typography>
          ) : (
            value
          )}
        </LabelledRow>
      ))}
    </Box>
  );
}

function Outputs(props: { run: RecoveryRun }) {
  const entries = Object.entries(props.run.output ?? {}).filter(
    ([key]) => !OWN_SECTIONS.has(key),
  );
  if (entries.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        The run recorded no outputs.
      </Typography>
    );
  }
  return (
    <MuiTable size="small" aria-label="Outputs">
      <TableBody>
        {entries.map(([key, value]) => (
          <TableRow key={key}>
            <TableCell component="th" scope="row">
              {key}
            </TableCell>
            <TableCell style={{ wordBreak: 'break-word' }}>
              {valueText(value)}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </MuiTable>
  );
}

/** Everything recorded about one run: the evidence an auditor asks for. */
export function RunEvidence(props: { run: RecoveryRun }) {
  const { run } = props;
  const risks = acceptedRisksOf(run);
  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={6}>
        <InfoCard title={`Recovery run ${run.id}`}>
          <Facts run={run} />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard title="Accepted warnings and risks">
          {risks.length === 0 ? (
            <Typography variant="body2" color="textSecondary">
              None: the run did not go ahead past any warning or risk.
            </Typography>
          ) : (
            <ul aria-label="Accepted warnings and risks">
              {risks.map(r => (
                <Typography component="li" variant="body2" key={r}>
                  {r}
                </Typography>
              ))}
            </ul>
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="Steps">
          <RunSteps run={run} />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="Outputs">
          <Outputs run={run} />
        </InfoCard>
      </Grid>
      {run.operation === 'drill' && (
        <Grid item xs={12} id="drill-report">
          <DrillReports runs={[run]} />
        </Grid>
      )}
      <Grid item xs={12}>
        <InfoCard title="Audit trail">
          <MuiTable size="small" aria-label="Audit trail">
            <TableBody>
              {auditTrailOf(run).map((e, i) => (
                <TableRow key={`${e.at}-${i}`}>
                  <TableCell>{formatTimestamp(e.at)}</TableCell>
                  <TableCell>{e.event}</TableCell>
                  <TableCell>{e.detail}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </MuiTable>
        </InfoCard>
      </Grid>
    </Grid>
  );
}

/** Loads one run and shows its evidence; says so when there is no such run. */
export function RunEvidenceContent(props: { runId: string }) {
  const api = useApi(disasterRecoveryApiRef);
  const state = useAsync(() => api.getRun(props.runId), [api, props.runId]);
  if (state.error && isNotFound(state.error)) {
    return (
      <EmptyState
        missing="data"
        title={`No recovery run ${props.runId}`}
        description="The run does not exist, or you may not read the runs of its entity."
      />
    );
  }
  return (
    <AsyncSection state={state} title="Could not load the recovery run">
      {run => <RunEvidence run={run} />}
    </AsyncSection>
  );
}
