import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { DisasterRecoveryService } from '../service/DisasterRecoveryService';
import { requestEntityRef } from '../posture/tenants';
import { entityRefInput, READ_ONLY_ACTION } from './readActionSchemas';

/** Registers `disaster-recovery:list-backups`: an entity's backups, newest first by time taken. */
export function registerListBackupsAction(
  actionsRegistry: ActionsRegistryService,
  service: DisasterRecoveryService,
) {
  actionsRegistry.register({
    name: 'list-backups',
    title: 'List the backups of an entity',
    description:
      "Lists the logical backups indexed from object storage for an entity's database, newest first by the time they were taken (never by key order), with size, checksum, encryption, storage class and the latest verification.",
    attributes: READ_ONLY_ACTION,
    schema: {
      input: z =>
        z.object({
          entityRef: entityRefInput(z),
          offset: z.number().int().min(0).optional(),
          limit: z.number().int().min(1).max(100).optional(),
        }),
      output: z =>
        z.object({
          totalItems: z.number(),
          items: z.array(
            z.object({
              id: z.string(),
              target: z.string(),
              bucket: z.string(),
              key: z.string(),
              sizeBytes: z.number(),
              etag: z.string().optional(),
              sha256: z.string().optional(),
              serverSideEncryption: z.string().optional(),
              storageClass: z.string().optional(),
              takenAt: z.string(),
              lastModified: z.string(),
              durationSeconds: z.number().optional(),
              verification: z
                .object({
                  status: z.enum(['pass', 'fail']),
                  verifiedAt: z.string(),
                  mode: z.enum(['quick', 'full']),
                })
                .optional(),
            }),
          ),
        }),
    },
    action: async ({ input, credentials }) => ({
      output: await service.listEntityBackups(
        requestEntityRef(input.entityRef, 'entityRef'),
        { offset: input.offset, limit: input.limit ?? 20 },
        credentials,
      ),
    }),
  });
}
