import { createRouteRef } from '@backstage/core-plugin-api';

/** Route of the fleet page (`/disaster-recovery` by default). @public */
export const rootRouteRef = createRouteRef({ id: 'disaster-recovery' });

/** Route of the incident desk (`/disaster-recovery/incidents` by default). @public */
export const incidentsRouteRef = createRouteRef({
  id: 'disaster-recovery-incidents',
});
