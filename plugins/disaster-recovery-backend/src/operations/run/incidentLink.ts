import { InputError } from '@backstage/errors';
import { IncidentStore } from '../../database/IncidentStore';

/** InputError when a run names an incident that the incident store does not hold. */
export async function assertIncidentExists(
  incidents: Pick<IncidentStore, 'getIncident'> | undefined,
  id: string | undefined,
): Promise<void> {
  if (id && incidents && !(await incidents.getIncident(id))) {
    throw new InputError(
      `Invalid operation request: incidentId: no incident ${id}`,
    );
  }
}
