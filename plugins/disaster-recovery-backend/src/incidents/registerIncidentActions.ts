import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import type { IncidentLifecycleService } from './IncidentLifecycleService';

/**
 * Registers the incident actions in the actions registry through the {@link IncidentLifecycleService}
 * the REST routes use (its lifecycle service): `list-incidents` and `get-incident` for every reader, `declare-incident`
 * and `resolve-incident` gated by their permissions (denials audited by the service).
 */
export function registerIncidentActions(
  actionsRegistry: ActionsRegistryService,
  incidents: IncidentLifecycleService,
): void {
  const readOnly = { readOnly: true, destructive: false, idempotent: true };
  actionsRegistry.register({
    name: 'list-incidents',
    title: 'List incidents',
    description:
      'Lists disaster-recovery incidents, newest first. Optional: state (open, closed or a status), entityRef (incidents affecting it), offset, limit.',
    attributes: readOnly,
    schema: {
      input: z =>
        z.object({
          state: z.string().optional().describe('open, closed or a status'),
          entityRef: z.string().optional().describe('An affected entity ref'),
          offset: z.number().int().min(0).optional(),
          limit: z.number().int().min(1).max(500).optional(),
        }),
      output: z =>
        z.object({
          items: z.array(z.record(z.string(), z.unknown())),
          totalItems: z.number(),
        }),
    },
    action: async ({ input }) => {
      const page = await incidents.list(input);
      return {
        output: {
          items: page.items as unknown as Record<string, unknown>[],
          totalItems: page.totalItems,
        },
      };
    },
  });
  actionsRegistry.register({
    name: 'get-incident',
    title: 'Get an incident',
    description:
      'One disaster-recovery incident (INC-YYYY-NNN) with its timeline of every event.',
    attributes: readOnly,
    schema: {
      input: z => z.object({ id: z.string().describe('INC-YYYY-NNN') }),
      output: z =>
        z.object({
          incident: z.record(z.string(), z.unknown()),
          timeline: z.array(z.record(z.string(), z.unknown())),
        }),
    },
    action: async ({ input }) => {
      const detail = await incidents.get(input.id);
      return {
        output: {
          incident: detail.incident as unknown as Record<string, unknown>,
          timeline: detail.timeline as unknown as Record<string, unknown>[],
        },
      };
    },
  });
  actionsRegistry.register({
    name: 'declare-incident',
    title: 'Declare an incident',
    description:
      'Declares a disaster-recovery incident. Needs the disaster-recovery.incident.declare permission on every affected entity.',
    attributes: { readOnly: false, destructive: false, idempotent: false },
    schema: {
      input: z =>
        z.object({
          severity: z.string().describe('SEV-0 .. SEV-3'),
          title: z.string(),
          impact: z.string().describe('The impact as told to stakeholders'),
          impactLevel: z.string().optional(),
          affected: z
            .object({
              tenants: z.array(z.string()).optional(),
              systems: z.array(z.string()).optional(),
              databases: z.array(z.string()).optional(),
            })
            .optional(),
          startedAt: z.string().optional().describe('ISO 8601'),
          drill: z.boolean().optional(),
        }),
      output: z => z.object({ id: z.string(), status: z.string() }),
    },
    action: async ({ input, credentials }) => {
      const incident = await incidents.declare(input, { credentials });
      return { output: { id: incident.id, status: incident.status } };
    },
  });
  actionsRegistry.register({
    name: 'resolve-incident',
    title: 'Resolve an incident',
    description:
      'Resolves a disaster-recovery incident with its root cause. Needs the disaster-recovery.incident.resolve permission.',
    attributes: { readOnly: false, destructive: false, idempotent: false },
    schema: {
      input: z =>
        z.object({
          id: z.string().describe('INC-YYYY-NNN'),
          rootCause: z.string(),
          message: z.string().optional(),
        }),
      output: z =>
        z.object({
          id: z.string(),
          status: z.string(),
          resolvedAt: z.string().optional(),
        }),
    },
    action: async ({ input, credentials }) => {
      const { id, ...body } = input;
      const incident = await incidents.resolve(id, body, { credentials });
      return {
        output: {
          id: incident.id,
          status: incident.status,
          resolvedAt: incident.resolvedAt,
        },
      };
    },
  });
}
