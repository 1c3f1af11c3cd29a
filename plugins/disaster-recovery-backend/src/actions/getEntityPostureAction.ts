import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { DisasterRecoveryService } from '../service/DisasterRecoveryService';
import { requestEntityRef } from '../posture/tenants';
import { entityRefInput, READ_ONLY_ACTION } from './readActionSchemas';

/**
 * Registers `disaster-recovery:get-entity-posture`: the DR posture of one entity (tenant or
 * database), evaluated now, with every check's status, reason, target, measured value and
 * breach time.
 */
export function registerGetEntityPostureAction(
  actionsRegistry: ActionsRegistryService,
  service: DisasterRecoveryService,
) {
  actionsRegistry.register({
    name: 'get-entity-posture',
    title: 'Get the disaster-recovery posture of an entity',
    description:
      'Evaluates the disaster-recovery posture of one catalog entity (a tenant or database) now: each check (RPO, replica lag, verified restore, backup frequency and retention per data class, drills, runbooks, vendors, training) with status pass/warn/fail/unknown, the reason, target, measured value, evidence and when it will breach.',
    attributes: READ_ONLY_ACTION,
    schema: {
      input: z =>
        z.object({
          entityRef: entityRefInput(z),
        }),
      output: z =>
        z.object({
          entityRef: z.string(),
          evaluatedAt: z.string(),
          overall: z.enum(['pass', 'warn', 'fail', 'unknown']),
          nextBreachAt: z.string().optional(),
          objectives: z.object({
            tier: z.string(),
            rto: z.string(),
            rpo: z.string(),
            mtd: z.string(),
            availability: z.number(),
          }),
          checks: z.array(
            z.object({
              id: z.string(),
              title: z.string(),
              status: z.enum(['pass', 'warn', 'fail', 'unknown']),
              reason: z.string(),
              target: z.string().optional(),
              measured: z.string().optional(),
              breachAt: z.string().optional(),
              evidence: z.array(
                z.object({
                  kind: z.string(),
                  id: z.string(),
                  title: z.string().optional(),
                  observedAt: z.string().optional(),
                }),
              ),
            }),
          ),
        }),
    },
    action: async ({ input, credentials }) => ({
      output: await service.getEntityPosture(
        requestEntityRef(input.entityRef, 'entityRef'),
        credentials,
      ),
    }),
  });
}
