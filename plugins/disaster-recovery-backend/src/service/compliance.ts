import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ComplianceMatrixResponse } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { emptyCounts } from '../database/fleetQuery';
import { DrServiceContext } from './context';

/**
 * The data-class compliance matrix: for each data class of the policy, how many entities (that
 * the caller may read) pass, warn, fail or are unknown on its backup frequency and retention
 * checks, from the latest posture snapshots.
 *
 * @public
 */
export async function getCompliance(
  ctx: DrServiceContext,
  credentials: BackstageCredentials,
): Promise<ComplianceMatrixResponse> {
  const dataClasses = ctx.policy.dataClasses.map(dc => ({
    id: dc.id,
    title: dc.title,
    classification: dc.classification,
    frequency: dc.backupFrequency.text,
    retention: dc.retention.text,
  }));
  const access = await ctx.access.fleetAccess(credentials);
  const counts =
    access.result === 'none'
      ? new Map()
      : await ctx.stores.postures.countCheckStatuses(
          ['backup-frequency:', 'retention:'],
          access.result === 'filtered' ? access.filter : undefined,
        );
  return {
    dataClasses,
    rows: dataClasses.map(dc => ({
      dataClass: dc.id,
      frequency: counts.get(`backup-frequency:${dc.id}`) ?? emptyCounts(),
      retention: counts.get(`retention:${dc.id}`) ?? emptyCounts(),
    })),
  };
}
