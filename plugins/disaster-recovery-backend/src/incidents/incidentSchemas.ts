import {
  INCIDENT_ROLES,
  INCIDENT_STATUSES,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { z } from 'zod';
import { INCIDENT_PAGE } from '../database/DatabaseIncidentStore';

const text = (max: number) => z.string().trim().min(1).max(max);
const timestamp = z
  .string()
  .datetime({ offset: true, message: 'must be an ISO 8601 timestamp' });
const refs = z.array(text(255)).max(5000).optional();
const roles = z
  .object(
    Object.fromEntries(
      INCIDENT_ROLES.map(r => [r, text(255).optional()]),
    ) as Record<(typeof INCIDENT_ROLES)[number], z.ZodOptional<z.ZodString>>,
  )
  .strict();

/** Body of a declaration (`POST /incidents`, action, scaffolder). */
export const declareIncidentBody = z
  .object({
    severity: text(32).describe('Severity level id of the policy, e.g. SEV-0'),
    title: text(255),
    impact: text(4000).describe(
      'Impact as told to stakeholders, e.g. "Platform unavailable"',
    ),
    impactLevel: z.enum(['critical', 'high', 'medium', 'low']).optional(),
    affected: z
      .object({ tenants: refs, systems: refs, databases: refs })
      .strict()
      .optional(),
    startedAt: timestamp.optional(),
    roles: roles.optional(),
    drill: z.boolean().optional(),
  })
  .strict();

/** Body of a status update (`POST /incidents/:id/updates`). */
export const updateIncidentBody = z
  .object({
    status: z.enum(
      INCIDENT_STATUSES.filter(s => s !== 'resolved') as [
        'investigating',
        'identified',
        'monitoring',
      ],
    ),
    message: text(4000),
  })
  .strict();

/** Body of a role assignment (`POST /incidents/:id/roles`). */
export const assignIncidentRoleBody = z
  .object({ role: z.enum(INCIDENT_ROLES), assignee: text(255) })
  .strict();

/** Body of an acknowledgement (`POST /incidents/:id/acknowledge`). */
export const acknowledgeIncidentBody = z
  .object({ message: text(4000).optional() })
  .strict();

/** Body of a resolution (`POST /incidents/:id/resolve`). */
export const resolveIncidentBody = z
  .object({
    rootCause: text(4000),
    message: text(4000).optional(),
    resolvedAt: timestamp.optional(),
  })
  .strict();

/** Body of a review action item (`POST /incidents/:id/review/action-items`). */
export const addActionItemBody = z
  .object({ text: text(2000), owner: text(255).optional() })
  .strict();

/** Query of `GET /incidents/severity-suggestion`. */
export const severitySuggestionQuery = z
  .object({
    impactLevel: z.enum(['critical', 'high', 'medium', 'low']),
    tenants: z.union([text(255), z.array(text(255)).max(5000)]).optional(),
  })
  .strict();

/** Query of `GET /incidents`. */
export const listIncidentsQuery = z
  .object({
    state: z.enum(['open', 'closed', ...INCIDENT_STATUSES]).optional(),
    entityRef: text(255).optional(),
    offset: z.coerce.number().int().min(0).optional(),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(INCIDENT_PAGE.maxLimit)
      .optional(),
    order: z.enum(['asc', 'desc']).optional(),
  })
  .strict();
