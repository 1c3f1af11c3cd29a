import { createPermissionRule } from '@backstage/plugin-permission-node';
import { z } from 'zod';
import { drEntityPermissionResourceRef } from '../resource';

/**
 * Allows the entities owned by one of the given refs (e.g. the user's ownership claims), so a
 * policy can limit a team to its own tenants.
 *
 * @public
 */
export const isEntityOwner = createPermissionRule({
  name: 'IS_ENTITY_OWNER',
  description: 'Allow entities owned by any of the given entity refs',
  resourceRef: drEntityPermissionResourceRef,
  paramsSchema: z.object({
    claims: z
      .array(z.string())
      .describe('Owner entity refs, e.g. the ownership claims of the user'),
  }),
  apply: (resource, { claims }) =>
    !!resource.owner &&
    claims.some(
      c =>
        c.toLocaleLowerCase('en-US') ===
        resource.owner!.toLocaleLowerCase('en-US'),
    ),
  toQuery: ({ claims }) => ({ field: 'owner', values: claims }),
});
