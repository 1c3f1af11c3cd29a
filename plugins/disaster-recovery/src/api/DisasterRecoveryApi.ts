import { createApiRef } from '@backstage/core-plugin-api';
import type { DisasterRecoveryApi } from '@dr-portal/backstage-plugin-disaster-recovery-common';

/**
 * The app's client of the disaster-recovery backend: the shared `DisasterRecoveryClient` of
 * `-common`, created with the app's discovery and fetch APIs.
 *
 * @public
 */
export const disasterRecoveryApiRef = createApiRef<DisasterRecoveryApi>({
  id: 'plugin.disaster-recovery.service',
});
