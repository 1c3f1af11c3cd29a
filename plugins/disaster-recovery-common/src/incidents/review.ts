import { parseEntityRef } from '@backstage/catalog-model';
import { DrSeverityLevel } from '../policy/types';
import {
  formatMeasuredDuration,
  formatReportTime as utc,
  renderReportDocument,
  ReportSection,
} from '../report/reportDocument';
import { formatIncidentDuration } from './communicationTemplates';
import { incidentResponseTimes } from './responseTimes';
import { IncidentEvent, IncidentReview } from './types';

/** The plan's post-incident review checklist. @public */
export const INCIDENT_REVIEW_CHECKLIST: readonly string[] = [
  'Timeline reconstruction',
  'Root cause analysis',
  'Impact assessment',
  'Response effectiveness',
  'Communication adequacy',
  'Documentation updates',
  'Improvement actions',
];

const seconds = (s: number | undefined) =>
  s === undefined ? '–' : formatMeasuredDuration(s * 1000);

function eventDetail(e: IncidentEvent): string {
  const parts = [
    e.status ? `status ${e.status}` : '',
    e.role && e.assignee ? `${e.role}: ${e.assignee}` : e.role ?? '',
    e.message ?? '',
  ];
  return parts.filter(Boolean).join('; ');
}

/** Everyone who took part: the declarer, the role holders and every actor of the timeline. */
function participants(review: IncidentReview): string[] {
  const all = [
    review.incident.declaredBy,
    ...Object.values(review.incident.roles).filter(
      (r): r is string => typeof r === 'string',
    ),
    ...review.timeline.map(e => e.actor).filter(a => a !== 'system'),
  ];
  return [...new Set(all)];
}

const names = (refs: string[]) =>
  refs.length
    ? `${refs.length}: ${refs.map(r => parseEntityRef(r).name).join(', ')}`
    : 'none';

/**
 * Renders a post-incident review as Markdown in the layout of the plan's test report: a summary
 * table (incident, severity, start, resolution, duration, impact, participants, time to
 * acknowledge and to first update, root cause), the
 * recovery runs with their achieved RTO and data loss, the timeline, the plan's review checklist,
 * the issues identified, the action items as a checklist, and the sign-off.
 * @public
 */
export function renderIncidentReviewMarkdown(
  review: IncidentReview,
  options: { severityLevels?: DrSeverityLevel[] } = {},
): string {
  const { incident, runs } = review;
  const level = options.severityLevels?.find(l => l.id === incident.severity);
  const end = incident.resolvedAt;
  const failed = runs.filter(r => r.status !== 'succeeded');
  const response = incidentResponseTimes(incident);
  const runsSection: ReportSection = runs.length
    ? {
        heading: 'Recovery runs',
        table: {
          columns: [
            'Run',
            'Operation',
            'Entity',
            'Purpose',
            'Status',
            'Started',
            'Achieved RTO',
            'Data loss',
          ],
          rows: runs.map(r => [
            `\`${r.id}\``,
            r.operation,
            r.entityRef,
            r.purpose ?? '–',
            r.status,
            utc(r.startedAt),
            seconds(r.achievedRtoSeconds),
            seconds(r.dataLossSeconds),
          ]),
        },
      }
    : {
        heading: 'Recovery runs',
        text: 'No recovery run named this incident.',
      };
  return renderReportDocument({
    title: `Post-incident review: ${incident.id} – ${incident.title}`,
    summary: [
      ['Incident', `\`${incident.id}\`${incident.drill ? ' (drill)' : ''}`],
      ['Severity', level ? `${level.id} - ${level.title}` : incident.severity],
      ['Started', utc(incident.startedAt)],
      ['Declared', `${utc(incident.declaredAt)} by ${incident.declaredBy}`],
      ['Resolved', end ? utc(end) : 'not resolved'],
      [
        'Duration',
        end
          ? formatIncidentDuration(
              Date.parse(end) - Date.parse(incident.startedAt),
            )
          : '–',
      ],
      ['Impact', incident.impact],
      ['Affected tenants', names(incident.affected.tenants)],
      ['Affected systems', names(incident.affected.systems)],
      ['Affected databases', names(incident.affected.databases)],
      ['Participants', participants(review).join(', ')],
      ['Time to acknowledge', seconds(response.timeToAcknowledgeSeconds)],
      ['Time to first update', seconds(response.timeToFirstUpdateSeconds)],
      ['Root cause', incident.rootCause ?? '–'],
      ['Review opened', `${utc(review.openedAt)} by ${review.openedBy}`],
    ],
    sections: [
      runsSection,
      {
        heading: 'Timeline',
        table: {
          columns: ['Time', 'Event', 'By', 'Detail'],
          rows: review.timeline.map(e => [
            utc(e.at),
            e.type,
            e.actor,
            eventDetail(e),
          ]),
        },
      },
      {
        heading: 'Review checklist',
        checklist: [...INCIDENT_REVIEW_CHECKLIST],
      },
      {
        heading: 'Issues identified',
        bullets: [
          ...(incident.rootCause ? [`Root cause: ${incident.rootCause}`] : []),
          ...failed.map(
            r =>
              `Recovery run ${r.id} (${r.operation} of ${r.entityRef}) ended ${r.status}`,
          ),
        ],
      },
      {
        heading: 'Action items',
        checklist: review.actionItems.map(a =>
          a.owner ? `${a.text} (owner: ${a.owner})` : a.text,
        ),
      },
      {
        heading: 'Sign-off',
        text: '- **Incident commander**: ___________________\n- **Date**: ___________________',
      },
    ],
  });
}

/** File name of a review's Markdown download, e.g. `post-incident-review-INC-2026-001.md`. @public */
export function incidentReviewFileName(review: IncidentReview): string {
  return `post-incident-review-${review.incident.id}.md`;
}
