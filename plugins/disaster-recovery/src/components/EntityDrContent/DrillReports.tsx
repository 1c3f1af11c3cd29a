import { InfoCard } from '@backstage/core-components';
import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import MuiTable from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import GetAppIcon from '@material-ui/icons/GetApp';
import {
  DrillReport,
  drillReportFileName,
  RecoveryRun,
  renderDrillReportMarkdown,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { StatusChip, formatSeconds, formatTimestamp } from '../common';

/** The test reports the drill runs recorded (`output.report`), newest first. */
export function drillReportsOf(runs: RecoveryRun[]): DrillReport[] {
  return runs
    .filter(r => r.operation === 'drill' && !r.dryRun)
    .map(r => r.output?.report as DrillReport | undefined)
    .filter((r): r is DrillReport => !!r && typeof r === 'object')
    .sort((a, b) => b.date.localeCompare(a.date));
}

/** Saves the report as a Markdown file (the same rendering as `GET /runs/:id/report.md`). */
function download(report: DrillReport) {
  const blob = new Blob([renderDrillReportMarkdown(report)], {
    type: 'text/markdown;charset=utf-8',
  });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = drillReportFileName(report);
  document.body.appendChild(a);
  a.click();
  a.remove();
  URL.revokeObjectURL(url);
}

function List(props: { title: string; items: string[]; checklist?: boolean }) {
  return (
    <Box mt={2}>
      <Typography variant="subtitle2">{props.title}</Typography>
      {props.items.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          None.
        </Typography>
      ) : (
        <ul>
          {props.items.map(item => (
            <li key={item}>
              <Typography variant="body2">
                {props.checklist ? '☐ ' : ''}
                {item}
              </Typography>
            </li>
          ))}
        </ul>
      )}
    </Box>
  );
}

function ReportBody(props: { report: DrillReport }) {
  const { report } = props;
  return (
    <Box width="100%">
      <Typography variant="body2" gutterBottom>
        {formatTimestamp(report.date)} · took{' '}
        {formatSeconds(report.durationSeconds)} · participants:{' '}
        {report.participants.join(', ')}
        {report.restorePoint
          ? ` · restore point ${formatTimestamp(report.restorePoint)}`
          : ''}
      </Typography>
      <MuiTable
        size="small"
        aria-label={`Results of the drill ${report.runId}`}
      >
        <TableHead>
          <TableRow>
            <TableCell>Objective</TableCell>
            <TableCell>Target</TableCell>
            <TableCell>Achieved</TableCell>
            <TableCell>Result</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {report.results.map(r => (
            <TableRow key={r.id}>
              <TableCell>{r.title}</TableCell>
              <TableCell>{r.target}</TableCell>
              <TableCell>{r.achieved}</TableCell>
              <TableCell>
                <StatusChip
                  status={r.result}
                  label={r.result === 'pass' ? 'Pass' : 'Fail'}
                />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </MuiTable>
      <List title="Issues found" items={report.issues} />
      <List title="Action items" items={report.actionItems} checklist />
      <Button
        variant="outlined"
        size="small"
        startIcon={<GetAppIcon />}
        onClick={() => download(report)}
        aria-label={`Download the report of the drill ${report.runId} as Markdown`}
      >
        Download Markdown
      </Button>
    </Box>
  );
}

/**
 * The DR test reports of the entity's drills, newest first (the newest one open): date, type,
 * scenario, duration, participants, target against achieved per objective, issues found, action
 * items, and a Markdown download.
 */
export function DrillReports(props: { runs: RecoveryRun[]; max?: number }) {
  const reports = drillReportsOf(props.runs).slice(0, props.max ?? 5);
  if (reports.length === 0) return null;
  return (
    <InfoCard title="DR drill reports">
      {reports.map((report, i) => (
        <Accordion
          key={report.runId}
          defaultExpanded={i === 0}
          TransitionProps={{ unmountOnExit: true }}
        >
          <AccordionSummary expandIcon={<ExpandMoreIcon />}>
            <Box
              display="flex"
              alignItems="center"
              flexWrap="wrap"
              style={{ gap: 8 }}
            >
              <StatusChip
                status={report.result}
                label={report.result === 'pass' ? 'Pass' : 'Fail'}
              />
              <Typography variant="subtitle2">
                {report.typeTitle}: {report.scenario.title}
              </Typography>
              <Typography variant="body2" color="textSecondary">
                {formatTimestamp(report.date)}
              </Typography>
            </Box>
          </AccordionSummary>
          <AccordionDetails>
            <ReportBody report={report} />
          </AccordionDetails>
        </Accordion>
      ))}
    </InfoCard>
  );
}
