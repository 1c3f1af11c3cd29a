import { createRouteRef, createSubRouteRef } from '@backstage/core-plugin-api';

/** Route of the fleet page (`/disaster-recovery` by default). @public */
export const rootRouteRef = createRouteRef({ id: 'disaster-recovery' });

/** Route of a recovery run's evidence page (`/disaster-recovery/runs/:runId` by default). @public */
export const runRouteRef = createSubRouteRef({
  id: 'disaster-recovery-run',
  parent: rootRouteRef,
  path: '/runs/:runId',
});

/** Route of the incident desk (`/disaster-recovery/incidents` by default). @public */
export const incidentsRouteRef = createRouteRef({
  id: 'disaster-recovery-incidents',
});
