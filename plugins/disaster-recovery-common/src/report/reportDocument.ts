import { formatDuration } from '../policy/duration';

/**
 * One section of a report in the plan's test report layout: a table, a numbered list, a bullet
 * list or a checklist (action items), with the text shown when a list is empty.
 * @public
 */
export type ReportSection = { heading: string } & (
  | { table: { columns: string[]; rows: string[][] } }
  | { numbered: string[] }
  | { bullets: string[]; empty?: string }
  | { checklist: string[]; empty?: string }
  | { text: string }
);

/**
 * A report in the plan's test report layout: a title, a summary table of label and value, then
 * sections. Drill reports and post-incident reviews are both rendered from it.
 * @public
 */
export interface ReportDocument {
  title: string;
  summary: Array<[label: string, value: string]>;
  sections: ReportSection[];
}

/** A table cell: one line, pipes escaped. */
function cell(value: string): string {
  return value.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
}

/** A list item: one line. */
function line(value: string): string {
  return value.replace(/\r?\n/g, ' ');
}

/** ISO 8601 as `YYYY-MM-DD HH:MM:SS UTC` (a value that is no time is returned as it is). @public */
export function formatReportTime(iso: string): string {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return iso;
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

function table(columns: string[], rows: string[][]): string[] {
  return [
    `| ${columns.map(cell).join(' | ')} |`,
    `| ${columns.map(() => '---').join(' | ')} |`,
    ...rows.map(r => `| ${r.map(cell).join(' | ')} |`),
  ];
}

function body(section: ReportSection): string[] {
  if ('table' in section) {
    return table(section.table.columns, section.table.rows);
  }
  if ('numbered' in section) {
    return section.numbered.map((o, i) => `${i + 1}. ${line(o)}`);
  }
  if ('text' in section) return [section.text];
  const [items, prefix] =
    'bullets' in section
      ? [section.bullets, '- ']
      : [section.checklist, '- [ ] '];
  return items.length
    ? items.map(i => `${prefix}${line(i)}`)
    : [section.empty ?? 'None.'];
}

/**
 * Renders a report as Markdown: `# title`, the summary as a two-column table, and each section
 * under its `##` heading. Cells are kept to one line with pipes escaped; list items to one line.
 * @public
 */
export function renderReportDocument(doc: ReportDocument): string {
  const out: string[] = [
    `# ${line(doc.title)}`,
    '',
    '| | |',
    '| --- | --- |',
    ...doc.summary.map(
      ([label, value]) => `| ${cell(label)} | ${cell(value)} |`,
    ),
  ];
  for (const section of doc.sections) {
    out.push('', `## ${line(section.heading)}`, '', ...body(section));
  }
  out.push('');
  return out.join('\n');
}

/** A measured time: tenths of a second below a minute, else as durations are written (`1h 45m`). @public */
export function formatMeasuredDuration(ms: number): string {
  return ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : formatDuration(ms);
}

/** A file name part: anything but letters, digits, `_` and `-` becomes `-`. @public */
export function reportFileNamePart(value: string): string {
  return value.replace(/[^A-Za-z0-9_-]+/g, '-');
}
