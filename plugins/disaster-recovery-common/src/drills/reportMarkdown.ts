import {
  formatReportTime as utc,
  renderReportDocument,
  reportFileNamePart as safe,
} from '../report/reportDocument';
import { DrillReport } from './report';

function seconds(value: number | undefined): string {
  return value === undefined ? '–' : `${value.toFixed(1)} s`;
}

function verdict(result: 'pass' | 'fail'): string {
  return result === 'pass' ? 'PASS' : 'FAIL';
}

/**
 * Renders a drill report as Markdown in the plan's test report structure: a summary table (date,
 * type, scenario, duration, participants, result), the objectives, the results per objective
 * (target, achieved, pass/fail), the steps with their timings, the issues found and the action
 * items (as a checklist).
 * @public
 */
export function renderDrillReportMarkdown(report: DrillReport): string {
  return renderReportDocument({
    title: `DR test report: ${report.typeTitle} – ${report.scenario.title}`,
    summary: [
      ['Date', utc(report.date)],
      ['Type', `${report.typeTitle} (\`${report.type}\`)`],
      ['Scenario', `${report.scenario.title} (\`${report.scenario.id}\`)`],
      ['Entity', `${report.entityRef} (target \`${report.target}\`)`],
      ['Duration', seconds(report.durationSeconds)],
      ['Participants', report.participants.join(', ')],
      ...(report.restorePoint
        ? [['Restore point', utc(report.restorePoint)] as [string, string]]
        : []),
      ['Result', `**${verdict(report.result)}**`],
      ['Run', `\`${report.runId}\``],
    ],
    sections: [
      { heading: 'Objectives', numbered: report.objectives },
      {
        heading: 'Results',
        table: {
          columns: ['Objective', 'Target', 'Achieved', 'Result'],
          rows: report.results.map(r => [
            r.title,
            r.target,
            r.achieved,
            r.result === 'pass' ? 'pass' : '**fail**',
          ]),
        },
      },
      {
        heading: 'Steps',
        table: {
          columns: ['Step', 'Status', 'Started', 'Duration', 'Detail'],
          rows: report.steps.map(s => [
            s.title,
            s.status,
            s.startedAt ? utc(s.startedAt) : '–',
            seconds(s.durationSeconds),
            s.detail ?? '',
          ]),
        },
      },
      { heading: 'Issues found', bullets: report.issues },
      { heading: 'Action items', checklist: report.actionItems },
    ],
  });
}

/** File name for a report's Markdown download, e.g. `dr-drill-restore-database-corruption-2026-12-03.md`. @public */
export function drillReportFileName(report: DrillReport): string {
  return `dr-drill-${safe(report.type)}-${safe(
    report.scenario.id,
  )}-${report.date.slice(0, 10)}.md`;
}
