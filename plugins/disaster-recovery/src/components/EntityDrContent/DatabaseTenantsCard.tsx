import { useState } from 'react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import type { CheckStatus } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { FleetTable } from '../FleetPage/FleetTable';

/**
 * The overview card of a database Resource: its tenants (and itself) as a paged list, 25 a page,
 * with their posture, worst check and owner, instead of one relation label per tenant.
 */
export function DatabaseTenantsCard() {
  const { entity } = useEntity();
  const [status, setStatus] = useState<CheckStatus[]>([]);
  return (
    <FleetTable
      status={status}
      onStatusChange={setStatus}
      scope={{ database: stringifyEntityRef(entity) }}
      title="Tenants of this database"
    />
  );
}
