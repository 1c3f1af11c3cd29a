import { DrillReport } from './report';

/** A table cell: one line, pipes escaped. */
function cell(value: string): string {
  return value.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
}

/** A list item: one line. */
function line(value: string): string {
  return value.replace(/\r?\n/g, ' ');
}

/** ISO 8601 as `YYYY-MM-DD HH:MM:SS UTC`. */
function utc(iso: string): string {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return iso;
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

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
  const out: string[] = [];
  out.push(
    `# DR test report: ${report.typeTitle} – ${report.scenario.title}`,
    '',
    '| | |',
    '| --- | --- |',
    `| Date | ${utc(report.date)} |`,
    `| Type | ${cell(report.typeTitle)} (\`${report.type}\`) |`,
    `| Scenario | ${cell(report.scenario.title)} (\`${report.scenario.id}\`) |`,
    `| Entity | ${cell(report.entityRef)} (target \`${cell(
      report.target,
    )}\`) |`,
    `| Duration | ${seconds(report.durationSeconds)} |`,
    `| Participants | ${cell(report.participants.join(', '))} |`,
  );
  if (report.restorePoint) {
    out.push(`| Restore point | ${utc(report.restorePoint)} |`);
  }
  out.push(
    `| Result | **${verdict(report.result)}** |`,
    `| Run | \`${cell(report.runId)}\` |`,
    '',
    '## Objectives',
    '',
    ...report.objectives.map((o, i) => `${i + 1}. ${line(o)}`),
    '',
    '## Results',
    '',
    '| Objective | Target | Achieved | Result |',
    '| --- | --- | --- | --- |',
    ...report.results.map(
      r =>
        `| ${cell(r.title)} | ${cell(r.target)} | ${cell(r.achieved)} | ${
          r.result === 'pass' ? 'pass' : '**fail**'
        } |`,
    ),
    '',
    '## Steps',
    '',
    '| Step | Status | Started | Duration | Detail |',
    '| --- | --- | --- | --- | --- |',
    ...report.steps.map(
      s =>
        `| ${cell(s.title)} | ${s.status} | ${
          s.startedAt ? utc(s.startedAt) : '–'
        } | ${seconds(s.durationSeconds)} | ${cell(s.detail ?? '')} |`,
    ),
    '',
    '## Issues found',
    '',
    ...(report.issues.length
      ? report.issues.map(i => `- ${line(i)}`)
      : ['None.']),
    '',
    '## Action items',
    '',
    ...(report.actionItems.length
      ? report.actionItems.map(a => `- [ ] ${line(a)}`)
      : ['None.']),
    '',
  );
  return out.join('\n');
}

/** File name for a report's Markdown download, e.g. `dr-drill-restore-database-corruption-2026-12-03.md`. @public */
export function drillReportFileName(report: DrillReport): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9_-]+/g, '-');
  return `dr-drill-${safe(report.type)}-${safe(
    report.scenario.id,
  )}-${report.date.slice(0, 10)}.md`;
}
