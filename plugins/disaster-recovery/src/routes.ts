import { createRouteRef } from '@backstage/core-plugin-api';

/** Route of the fleet page (`/disaster-recovery` by default). @public */
export const rootRouteRef = createRouteRef({ id: 'disaster-recovery' });
