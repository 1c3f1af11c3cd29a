import { createPermissionRule } from '@backstage/plugin-permission-node';
import { z } from 'zod';
import { drEntityPermissionResourceRef } from '../resource';

/** Allows the entities in one of the given tiers (e.g. hide critical tenants from contractors). @public */
export const hasTier = createPermissionRule({
  name: 'HAS_TIER',
  description: 'Allow entities whose DR tier is one of the given tier ids',
  resourceRef: drEntityPermissionResourceRef,
  paramsSchema: z.object({
    tiers: z.array(z.string()).describe('Tier ids from the policy'),
  }),
  apply: (resource, { tiers }) =>
    !!resource.tier && tiers.includes(resource.tier),
  toQuery: ({ tiers }) => ({ field: 'tier', values: tiers }),
});
