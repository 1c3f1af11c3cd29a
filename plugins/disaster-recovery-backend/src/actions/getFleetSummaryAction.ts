import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { DisasterRecoveryService } from '../service/DisasterRecoveryService';
import { READ_ONLY_ACTION } from './readActionSchemas';

/**
 * Registers `disaster-recovery:get-fleet-summary`: counts by posture status over the fleet (or
 * the filtered part of it) and the worst entities first.
 */
export function registerGetFleetSummaryAction(
  actionsRegistry: ActionsRegistryService,
  service: DisasterRecoveryService,
) {
  actionsRegistry.register({
    name: 'get-fleet-summary',
    title: 'Get a summary of the disaster-recovery posture of the fleet',
    description:
      'Counts tenants by overall disaster-recovery posture (fail, unknown, warn, pass) from the latest evaluation and lists the worst ones first (those breaching soonest among equals). Optional filters: tier, owner, a check id that must be failing, free text.',
    attributes: READ_ONLY_ACTION,
    schema: {
      input: z =>
        z.object({
          tier: z.array(z.string()).optional().describe('Tier ids to include'),
          owner: z
            .string()
            .optional()
            .describe('Owner entity ref, e.g. group:default/team-checkout'),
          failingCheck: z
            .string()
            .optional()
            .describe('Only entities failing this check id, e.g. rpo'),
          q: z.string().optional().describe('Text in the entity ref or title'),
          limit: z
            .number()
            .int()
            .min(1)
            .max(100)
            .optional()
            .describe('How many of the worst entities to list (default 10)'),
        }),
      output: z =>
        z.object({
          totalItems: z.number(),
          counts: z.object({
            pass: z.number(),
            warn: z.number(),
            fail: z.number(),
            unknown: z.number(),
          }),
          worst: z.array(
            z.object({
              entityRef: z.string(),
              title: z.string(),
              tier: z.string(),
              owner: z.string().optional(),
              overall: z.enum(['pass', 'warn', 'fail', 'unknown']),
              failingChecks: z.array(z.string()),
              nextBreachAt: z.string().optional(),
              evaluatedAt: z.string(),
            }),
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      const page = await service.getFleetPosture(
        {
          tier: input.tier,
          owner: input.owner,
          failingCheck: input.failingCheck,
          q: input.q,
          sort: 'overall',
          order: 'asc',
          limit: input.limit ?? 10,
        },
        credentials,
      );
      return {
        output: {
          totalItems: page.totalItems,
          counts: page.counts,
          worst: page.items.map(item => ({
            entityRef: item.entityRef,
            title: item.title,
            tier: item.tier,
            owner: item.owner,
            overall: item.overall,
            failingChecks: item.checks
              .filter(c => c.status === 'fail')
              .map(c => c.id),
            nextBreachAt: item.nextBreachAt,
            evaluatedAt: item.evaluatedAt,
          })),
        },
      };
    },
  });
}
