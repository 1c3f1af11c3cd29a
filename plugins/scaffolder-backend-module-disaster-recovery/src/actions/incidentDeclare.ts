import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { DisasterRecoveryActionOptions, onBehalfOf, stepKey } from './helpers';
import { examples } from './incidentDeclare.examples';

/** Id of the declare-incident action. @public */
export const INCIDENT_DECLARE_ACTION_ID = 'disaster-recovery:incident:declare';

const IMPACT_LEVELS = ['critical', 'high', 'medium', 'low'] as const;

/**
 * Scaffolder action that declares an incident in the disaster-recovery backend on behalf of the
 * user running the template (permission `disaster-recovery.incident.declare` on every affected
 * entity) and, when asked, sends its initial communication. Without a severity it takes the one
 * the backend suggests from the impact level and the affected tenants' tiers. A dry run checks
 * the input and says which severity it would declare.
 *
 * @public
 */
export function createIncidentDeclareAction(
  options: Pick<DisasterRecoveryActionOptions, 'api' | 'auth'>,
) {
  return createTemplateAction({
    id: INCIDENT_DECLARE_ACTION_ID,
    description:
      'Declares an incident (SEV-0..3) with its impact and affected tenants, systems and databases; the escalation matrix then runs on it. Without a severity the one suggested from the impact level and the tenants’ tiers is used. Optionally sends the initial communication.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        title: z => z.string().min(1).max(255).describe('Incident title'),
        impact: z =>
          z
            .string()
            .min(1)
            .max(4000)
            .describe('Impact as told to stakeholders'),
        impactLevel: z =>
          z
            .enum(IMPACT_LEVELS)
            .describe('The plan’s impact level: critical, high, medium, low'),
        severity: z =>
          z
            .string()
            .optional()
            .describe(
              'Severity level id (SEV-0..SEV-3); default the suggested one',
            ),
        tenants: z =>
          z
            .array(z.string().min(1))
            .optional()
            .describe('Affected tenant Resources (refs or names)'),
        systems: z =>
          z.array(z.string().min(1)).optional().describe('Affected Systems'),
        databases: z =>
          z
            .array(z.string().min(1))
            .optional()
            .describe('Affected database Resources'),
        startedAt: z =>
          z
            .string()
            .datetime({ offset: true })
            .optional()
            .describe('When the incident began (ISO 8601); now when absent'),
        incidentCommander: z =>
          z
            .string()
            .optional()
            .describe('User or Group holding the incident commander role'),
        drill: z =>
          z
            .boolean()
            .optional()
            .describe(
              'A response drill: escalates on the drill clock, never notifies tenants’ owners',
            ),
        sendInitialCommunication: z =>
          z
            .boolean()
            .optional()
            .describe('Send the initial communication once declared'),
      },
      output: {
        incidentId: z =>
          z.string().optional().describe('INC-YYYY-NNN (absent in a dry run)'),
        severity: z => z.string().describe('The declared severity'),
        recipients: z =>
          z
            .array(z.string())
            .optional()
            .describe('Who the initial communication was sent to'),
      },
    },
    async handler(ctx) {
      const input = ctx.input;
      const requestOptions = await onBehalfOf(ctx, options.auth);
      const affected = {
        tenants: input.tenants ?? [],
        systems: input.systems ?? [],
        databases: input.databases ?? [],
      };
      const suggestion = await options.api.suggestIncidentSeverity(
        { impactLevel: input.impactLevel, tenants: affected.tenants },
        requestOptions,
      );
      const severity = input.severity?.trim() || suggestion.severity;
      ctx.logger.info(
        `Suggested ${suggestion.severity} (${suggestion.reasons.join(
          '; ',
        )}); declaring ${severity}`,
      );
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would declare ${severity} "${input.title}" affecting ${
            affected.tenants.length
          } tenant(s), ${affected.systems.length} system(s), ${
            affected.databases.length
          } database(s)${
            input.sendInitialCommunication
              ? ', and send the initial communication'
              : ''
          }`,
        );
        ctx.output('severity', severity);
        return;
      }
      const key = stepKey(ctx, INCIDENT_DECLARE_ACTION_ID);
      const incident = await ctx.checkpoint({
        key: `disaster-recovery.incident.declare.${key}`,
        fn: async () => {
          const declared = await options.api.declareIncident(
            {
              severity,
              title: input.title,
              impact: input.impact,
              impactLevel: input.impactLevel,
              affected,
              ...(input.startedAt ? { startedAt: input.startedAt } : {}),
              ...(input.incidentCommander
                ? { roles: { 'incident-commander': input.incidentCommander } }
                : {}),
              drill: input.drill ?? false,
            },
            requestOptions,
          );
          return { id: declared.id, severity: declared.severity };
        },
      });
      ctx.logger.info(`Declared ${incident.id} (${incident.severity})`);
      ctx.output('incidentId', incident.id);
      ctx.output('severity', incident.severity);
      if (input.sendInitialCommunication) {
        const recipients = await ctx.checkpoint({
          key: `disaster-recovery.incident.communicate.${key}`,
          fn: async () =>
            (
              await options.api.sendIncidentCommunication(
                incident.id,
                'initial',
                requestOptions,
              )
            ).recipients,
        });
        ctx.logger.info(
          `Sent the initial communication to ${recipients.join(', ')}`,
        );
        ctx.output('recipients', recipients);
      }
    },
  });
}
