import {
  type CheckResult,
  type CheckStatus,
  overallStatus,
  type PostureResult,
  runFeeds,
  type RecoveryRun,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { InfoCard } from '@backstage/core-components';
import MuiTable from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import {
  NO_EVIDENCE,
  StatusChip,
  formatAvailability,
  formatIsoDuration,
  formatRelative,
  formatSeconds,
  durationSeconds,
  toCheckStatus,
} from '../common';

interface Row {
  objective: string;
  target: string;
  measured: string;
  status: CheckStatus;
  basis: string;
}

/** Compares a measured duration with a target duration; unknown when either is missing. */
function within(measured?: number, targetIso?: string): CheckStatus {
  const target = durationSeconds(targetIso);
  if (measured === undefined || target === undefined) return 'unknown';
  return measured <= target ? 'pass' : 'fail';
}

function check(checks: CheckResult[], id: string) {
  return checks.find(c => c.id === id);
}

/**
 * The newest finished real recovery (purpose `recovery`, not a test restore or a drill) that
 * measured a recovery time.
 */
export function latestMeasuredRun(
  runs: RecoveryRun[],
): RecoveryRun | undefined {
  return runs
    .filter(
      r =>
        runFeeds(r, 'recovery-objectives') &&
        r.achievedRtoSeconds !== undefined &&
        (r.status === 'succeeded' || r.status === 'failed'),
    )
    .sort((a, b) =>
      (b.finishedAt ?? b.startedAt).localeCompare(a.finishedAt ?? a.startedAt),
    )[0];
}

/** Builds the rows of {@link ObjectivesCard}: each objective's target beside what was measured. */
export function objectiveRows(
  posture: PostureResult,
  runs: RecoveryRun[],
): Row[] {
  const { objectives, checks } = posture;
  const run = latestMeasuredRun(runs);
  const runBasis = run
    ? `${run.operation} ${formatRelative(run.finishedAt ?? run.startedAt)}`
    : 'no recovery run recorded';
  const rpo = check(checks, 'rpo');
  const lag = check(checks, 'replica-lag');
  const availability = check(checks, 'availability');
  const drills = checks.filter(c => c.id.startsWith('drill:'));
  return [
    {
      objective: 'RTO (recovery time)',
      target: formatIsoDuration(objectives.rto),
      measured: run ? formatSeconds(run.achievedRtoSeconds) : NO_EVIDENCE,
      status: drills.length
        ? overallStatus(drills.map(d => toCheckStatus(d.status)))
        : within(run?.achievedRtoSeconds, objectives.rto),
      basis: drills.length
        ? `${runBasis}; status from ${drills.length} drill check(s)`
        : runBasis,
    },
    {
      objective: 'RPO (age of newest recovery point)',
      target: formatIsoDuration(objectives.rpo),
      measured: rpo?.measured ?? NO_EVIDENCE,
      status: toCheckStatus(rpo?.status),
      basis: rpo ? 'rpo check' : 'no rpo check',
    },
    {
      objective: 'Replica lag',
      target: lag?.target ?? formatIsoDuration(objectives.rpo),
      measured: lag?.measured ?? NO_EVIDENCE,
      status: toCheckStatus(lag?.status),
      basis: lag ? 'replica-lag check' : 'no replica-lag check',
    },
    {
      objective: 'Data loss in last recovery',
      target: formatIsoDuration(objectives.rpo),
      measured:
        run?.dataLossSeconds !== undefined
          ? formatSeconds(run.dataLossSeconds)
          : NO_EVIDENCE,
      status: within(run?.dataLossSeconds, objectives.rpo),
      basis: runBasis,
    },
    {
      objective: 'MTD (maximum tolerable downtime)',
      target: formatIsoDuration(objectives.mtd),
      measured: run ? formatSeconds(run.achievedRtoSeconds) : NO_EVIDENCE,
      status: within(run?.achievedRtoSeconds, objectives.mtd),
      basis: runBasis,
    },
    {
      objective: 'Availability',
      target:
        availability?.target ?? formatAvailability(objectives.availability),
      measured: availability?.measured ?? NO_EVIDENCE,
      status: toCheckStatus(availability?.status),
      basis: availability
        ? `availability check: ${availability.reason}`
        : 'no availability check',
    },
  ];
}

/** The tier's recovery objectives beside the measured reality. */
export function ObjectivesCard(props: {
  posture: PostureResult;
  runs: RecoveryRun[];
}) {
  const rows = objectiveRows(props.posture, props.runs);
  return (
    <InfoCard
      title="Targets and measured reality"
      subheader={`Tier ${props.posture.objectives.tier}`}
    >
      <MuiTable size="small" aria-label="Objectives">
        <TableHead>
          <TableRow>
            <TableCell>Objective</TableCell>
            <TableCell>Target</TableCell>
            <TableCell>Measured</TableCell>
            <TableCell>Status</TableCell>
            <TableCell>Based on</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map(r => (
            <TableRow key={r.objective}>
              <TableCell>{r.objective}</TableCell>
              <TableCell>{r.target}</TableCell>
              <TableCell>{r.measured}</TableCell>
              <TableCell>
                <StatusChip status={r.status} />
              </TableCell>
              <TableCell>{r.basis}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </MuiTable>
    </InfoCard>
  );
}
