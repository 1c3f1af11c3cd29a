import { parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { DrSeverityLevel } from '../policy/types';
import { IncidentItem } from './types';

/**
 * The plan's two communication templates, keyed by name. Fields are written `{{field}}`; see
 * {@link INCIDENT_TEMPLATE_FIELDS}.
 *
 * @public
 */
export const DEFAULT_INCIDENT_TEMPLATES: Readonly<Record<string, string>> = {
  initial: `## Initial Incident Notification

**Incident ID**: {{id}}
**Severity**: {{severity}}
**Start Time**: {{startTime}}
**Impact**: {{impact}}
**Affected Tenants**: {{affectedTenants}}
**Status**: {{status}}

We are currently experiencing an incident: {{title}}. Our team is actively investigating the issue. We will provide updates every 15 minutes.
`,
  resolution: `## Resolution Notification

**Incident ID**: {{id}}
**Severity**: {{severity}}
**Start Time**: {{startTime}}
**Resolution Time**: {{resolutionTime}}
**Duration**: {{duration}}
**Impact**: {{impact}}
**Affected Tenants**: {{affectedTenants}}
**Root Cause**: {{rootCause}}
**Status**: {{status}}

The platform has been fully restored. We apologize for the extended downtime. A post-incident review will be conducted to prevent recurrence.
`,
};

/** The fields a communication template may name, with what they hold. @public */
export const INCIDENT_TEMPLATE_FIELDS = {
  id: 'incident id (INC-YYYY-NNN)',
  title: 'incident title',
  severity: 'severity id and title ("SEV-0 - Critical")',
  startTime: 'start ("2026-01-22 10:30 UTC")',
  resolutionTime: 'resolution time (resolved incidents only)',
  duration: 'start to resolution, or to now while open ("4 hours 15 minutes")',
  impact: 'impact as declared',
  affectedTenants: 'count and names of the affected tenants',
  affectedTenantCount: 'number of affected tenants',
  rootCause: 'root cause (resolved incidents only)',
  status: 'status ("Investigating")',
} as const;

/** A field of a communication template. @public */
export type IncidentTemplateField = keyof typeof INCIDENT_TEMPLATE_FIELDS;

const FIELD_PATTERN = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** `2026-01-22 10:30 UTC`, as the plan writes times. @public */
export function formatIncidentTime(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** Whole minutes in words, as the plan writes durations: `4 hours 15 minutes`, `1 day 2 hours`. @public */
export function formatIncidentDuration(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  const parts: Array<[number, string]> = [
    [Math.floor(minutes / 1440), 'day'],
    [Math.floor((minutes % 1440) / 60), 'hour'],
    [minutes % 60, 'minute'],
  ];
  const words = parts
    .filter(([n]) => n > 0)
    .map(([n, unit]) => `${n} ${unit}${n === 1 ? '' : 's'}`);
  return words.length ? words.join(' ') : 'less than a minute';
}

/** `2 tenants: acme, globex` (the tenants' names, or their entity names). */
function tenantList(refs: string[], names: Record<string, string>): string {
  const listed = refs.map(ref => names[ref] ?? parseEntityRef(ref).name);
  const count = `${listed.length} tenant${listed.length === 1 ? '' : 's'}`;
  return listed.length ? `${count}: ${listed.join(', ')}` : count;
}

/** What {@link renderIncidentTemplate} needs besides the template and incident. @public */
export interface RenderIncidentTemplateOptions {
  /** The policy's severity levels (for their titles). */
  severityLevels: DrSeverityLevel[];
  /** Time of rendering (the duration of an open incident runs to it). */
  now: Date;
  /** Display names of tenants by entity ref (their catalog titles); the entity name otherwise. */
  tenantNames?: Record<string, string>;
}

/**
 * Renders a communication template (Markdown with `{{field}}`s) with an incident's data. A field
 * that is unknown, or has no value for this incident (a root cause before resolution), refuses
 * with an InputError naming the template and the field: a message is never sent with a blank.
 *
 * @public
 */
export function renderIncidentTemplate(
  name: string,
  template: string,
  incident: IncidentItem,
  options: RenderIncidentTemplateOptions,
): string {
  const used = [...template.matchAll(FIELD_PATTERN)].map(m => m[1]);
  const unknown = used.filter(f => !(f in INCIDENT_TEMPLATE_FIELDS));
  if (unknown.length) {
    throw new InputError(
      `Template ${name} names unknown field${
        unknown.length === 1 ? '' : 's'
      } ${unknown.map(f => `{{${f}}}`).join(', ')}; known fields: ${Object.keys(
        INCIDENT_TEMPLATE_FIELDS,
      ).join(', ')}`,
    );
  }
  const level = options.severityLevels.find(s => s.id === incident.severity);
  const end = incident.resolvedAt ?? options.now.toISOString();
  const values: Record<IncidentTemplateField, string | undefined> = {
    id: incident.id,
    title: incident.title,
    severity: level ? `${level.id} - ${level.title}` : incident.severity,
    startTime: formatIncidentTime(incident.startedAt),
    resolutionTime: incident.resolvedAt
      ? formatIncidentTime(incident.resolvedAt)
      : undefined,
    duration: formatIncidentDuration(
      Date.parse(end) - Date.parse(incident.startedAt),
    ),
    impact: incident.impact,
    affectedTenants: tenantList(
      incident.affected.tenants,
      options.tenantNames ?? {},
    ),
    affectedTenantCount: String(incident.affected.tenants.length),
    rootCause: incident.rootCause,
    status:
      incident.status.charAt(0).toLocaleUpperCase('en-US') +
      incident.status.slice(1),
  };
  const blank = [
    ...new Set(used.filter(f => !values[f as IncidentTemplateField])),
  ];
  if (blank.length) {
    throw new InputError(
      `Template ${name} cannot be rendered for ${incident.id}: ${blank
        .map(f => `{{${f}}}`)
        .join(', ')} ${
        blank.length === 1 ? 'has' : 'have'
      } no value while the incident is ${incident.status}`,
    );
  }
  return template.replace(
    FIELD_PATTERN,
    (_, field: string) => values[field as IncidentTemplateField]!,
  );
}
